/** The query of GET /api/cases/{id}/consent-form: which service the consent is for, and (optionally) the language. */
import '../validation/zod-german.ts';
import * as z from 'zod';
import { slugSchema } from '../profile/schema.ts';

export const consentFormQuery = z.strictObject({
  service: slugSchema,
  /** Absent: the first of the person's languages that has a form, else English. */
  lang: z.string().regex(/^[a-z]{2,3}$/, 'muss ein Sprachcode wie „ar“ oder „prs“ sein').optional(),
});
export type ConsentFormQuery = z.output<typeof consentFormQuery>;
