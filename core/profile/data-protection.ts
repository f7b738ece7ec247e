/**
 * What belongs to the district's state, not to the programme: the state law the case management rests on (named in
 * the record of processing, Art. 30 DSGVO) and the data protection supervisory authority a person may complain to
 * (named in every access export, Art. 15 Abs. 1 lit. f DSGVO). Its own module so the profile schema (schema.ts)
 * stays one file; the text schema is passed in so this module does not import schema.ts back.
 */
import * as z from 'zod';

export function dataProtectionSchema(text: z.ZodType<string>) {
  return z.strictObject({
    /** Read after "Art. 6 Abs. 1 lit. e, Abs. 3 DSGVO i. V. m.", so in the dative: „dem … gesetz …“. */
    legalBasis: text,
    supervisoryAuthority: z.strictObject({
      /** As the authority calls itself, with its article: „Die Landesbeauftragte für …“. */
      name: text,
      /** Postal address in one line, e.g. „Kavalleriestraße 2–4, 40213 Düsseldorf“. */
      address: text.optional(),
      url: z.url({ protocol: /^https$/, error: 'muss eine Web-Adresse mit https:// sein' }).optional(),
    }),
  });
}

export type DataProtection = z.infer<ReturnType<typeof dataProtectionSchema>>;
export type SupervisoryAuthority = DataProtection['supervisoryAuthority'];

/** The legal basis of the public task, as the record of processing lists it. */
export const publicTaskBasis = (dataProtection: DataProtection): string => `Art. 6 Abs. 1 lit. e, Abs. 3 DSGVO i. V. m. ${dataProtection.legalBasis}`;
