/**
 * The input of a correction of client data (core/casework/correct-client.ts): the fields to correct, each checked by
 * the intake's own field schema (core/intake/intake-schema.ts — the same rules as at intake, not a copy), and the
 * version of the client item the form was filled from. A field left out stays as it is; an optional field sent as
 * null is removed (a wrong phone number the person no longer has).
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { intakeSchema, type IntakeSchemaOptions } from '../intake/intake-schema.ts';

export function clientCorrectionSchema(options: IntakeSchemaOptions) {
  const fields = intakeSchema(options).shape;
  const removable = <T extends z.ZodType>(schema: z.ZodOptional<T>) => schema.unwrap().nullable().optional();
  return z.strictObject({
    version: z.int({ error: 'muss die Versionsnummer der Angaben zur Person sein' }).positive({ error: 'muss die Versionsnummer der Angaben zur Person sein' }),
    familyName: fields.familyName.optional(),
    givenNames: removable(fields.givenNames),
    dateOfBirth: fields.dateOfBirth.optional(),
    gender: removable(fields.gender),
    nationality: fields.nationality.optional(),
    languages: fields.languages.optional(),
    interpreterNeeded: fields.interpreterNeeded.optional(),
    municipalityId: fields.municipalityId.optional(),
    address: removable(fields.address),
    phone: removable(fields.phone),
    email: removable(fields.email),
    residenceStatus: fields.residenceStatus.optional(),
    arrivalDate: fields.arrivalDate.optional(),
    needsDescription: removable(fields.needs.shape.description),
  });
}

export type ClientCorrection = z.output<ReturnType<typeof clientCorrectionSchema>>;
