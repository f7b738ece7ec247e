// The header (navigation, who is signed in) on pages the server renders itself: sign-in, outbox, the intake
// form's answer without JavaScript.
import { renderShell } from './shell.ts';

void renderShell().catch(() => undefined);
