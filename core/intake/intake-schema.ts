/**
 * The intake: what intake staff record about a newly arrived person. One zod schema, shared by the API
 * (POST /api/intakes) and the web form, built from the district profile (its municipalities, focus areas and
 * need categories) and today's date (a birth date may not lie in the future).
 */
import '../validation/zod-german.ts';
import * as z from 'zod';
import { FOCUS_AREA_IDS, type DistrictProfile } from '../profile/schema.ts';
import { personName, safeText } from './text-rules.ts';

export const GENDERS = ['female', 'male', 'diverse', 'unspecified'] as const;

/** Categories, not the document itself: enough to route the case, no more (data minimisation). */
export const RESIDENCE_STATUSES = [
  'asylum-pending', // Aufenthaltsgestattung
  'protection', // Aufenthaltserlaubnis aus humanitären Gründen (Asyl, Flüchtlingsschutz, subsidiärer Schutz)
  'temporary-protection', // § 24 AufenthG (vorübergehender Schutz)
  'toleration', // Duldung
  'opportunity', // § 104c AufenthG (Chancen-Aufenthaltsrecht)
  'eu-free-movement', // Freizügigkeit (EU/EWR)
  'work-or-study', // Aufenthaltserlaubnis zu Arbeit, Ausbildung oder Studium
  'family', // Familiennachzug
  'settlement', // Niederlassungserlaubnis / Daueraufenthalt
  'german', // deutsche Staatsangehörigkeit
  'other',
  'unknown',
] as const;

const isoDate = z.iso.date({ error: 'muss ein Datum im Format JJJJ-MM-TT sein' });

export interface IntakeSchemaOptions {
  readonly profile: Pick<DistrictProfile, 'municipalities' | 'needCategories'>;
  /** Today in Europe/Berlin, as YYYY-MM-DD (from the clock, so tests can fix it). */
  readonly today: string;
}

export function intakeSchema({ profile, today }: IntakeSchemaOptions) {
  const municipalityIds = profile.municipalities.map((m) => m.id);
  const needCategoryIds = profile.needCategories.map((n) => n.id);
  const pastDate = isoDate.refine((date) => date <= today, { error: 'darf nicht in der Zukunft liegen' }).refine((date) => date >= '1900-01-01', {
    error: 'darf nicht vor 1900 liegen',
  });

  return z
    .strictObject({
      familyName: personName(),
      /** Optional: not everyone has a given name; a single name goes into familyName. */
      givenNames: personName().optional(),
      dateOfBirth: pastDate,
      gender: z.enum(GENDERS, { error: 'bitte eine der angebotenen Angaben wählen' }).optional(),
      /** ISO 3166-1 alpha-2, or stateless/unknown. */
      nationality: z.union([z.string().regex(/^[A-Z]{2}$/), z.literal('stateless'), z.literal('unknown')], {
        error: 'muss ein Ländercode wie „SY“ oder „UA“ sein (oder „staatenlos“/„unbekannt“)',
      }),
      /** ISO 639 language codes, e.g. ar, uk, fa, ti. */
      languages: z
        .array(z.string().regex(/^[a-z]{2,3}$/, { error: 'muss ein Sprachcode wie „ar“ oder „uk“ sein' }))
        .min(1, { error: 'mindestens eine Sprache angeben' })
        .max(10, { error: 'höchstens 10 Sprachen' }),
      interpreterNeeded: z.boolean({ error: 'bitte angeben, ob eine Dolmetschung gebraucht wird' }),
      municipalityId: z.enum(municipalityIds as [string, ...string[]], { error: 'bitte eine Kommune des Kreises wählen' }),
      address: z
        .strictObject({
          street: safeText({ maxBytes: 200 }),
          postalCode: z.string().regex(/^\d{5}$/, { error: 'muss eine fünfstellige Postleitzahl sein' }),
          city: safeText({ maxBytes: 100 }),
        })
        .optional(),
      phone: z
        .string()
        .regex(/^\+?[0-9][0-9 ()/-]{4,29}$/, { error: 'muss eine Telefonnummer sein, z. B. „+49 2421 12345“' })
        .optional(),
      email: z.email({ error: 'muss eine gültige E-Mail-Adresse sein' }).max(254).optional(),
      residenceStatus: z.enum(RESIDENCE_STATUSES, { error: 'bitte eine Kategorie des Aufenthaltsstatus wählen' }),
      arrivalDate: pastDate,
      requestedFocusArea: z.enum(FOCUS_AREA_IDS, { error: 'bitte einen Schwerpunkt wählen' }),
      needs: z.strictObject({
        categories: z
          .array(z.enum(needCategoryIds as [string, ...string[]], { error: 'ist keine Bedarfskategorie des Profils' }))
          .min(1, { error: 'mindestens einen Bedarf angeben' })
          .max(needCategoryIds.length)
          .refine((ids) => new Set(ids).size === ids.length, { error: 'jeder Bedarf nur einmal' }),
        description: safeText({ maxBytes: 4000, multiline: true }).optional(),
      }),
      crisis: z.boolean({ error: 'bitte angeben, ob eine akute Krise vorliegt' }),
      consentToProcessing: z.literal(true, { error: 'ohne Einwilligung der Person in die Datenverarbeitung kann kein Fall angelegt werden' }),
    })
    .superRefine((intake, ctx) => {
      // Only between two plausible dates: a birth date in the future is already reported on its own field.
      if (intake.dateOfBirth <= today && intake.arrivalDate < intake.dateOfBirth) {
        ctx.addIssue({ code: 'custom', path: ['arrivalDate'], message: 'darf nicht vor dem Geburtsdatum liegen' });
      }
    });
}

export type Intake = z.infer<ReturnType<typeof intakeSchema>>;
