/** The request schema of export-person (path and query parameters arrive as strings). */
import * as z from 'zod';
import { EXPORT_FORMATS } from '../../core/privacy/access-export.ts';
import '../../core/validation/zod-german.ts';

export const exportQuery = z.strictObject({
  // Recorded in the audit event only: the JSON file and the printable page carry the same content.
  format: z.enum(EXPORT_FORMATS, { error: 'muss „json“ oder „document“ sein' }).default('json'),
});
