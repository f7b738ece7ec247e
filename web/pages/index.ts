// The intake form's enhancement (client-side checks with the API's schema, review step) follows.
import { startPage } from '../shell.ts';

void startPage(['intake', 'coordinator']);
