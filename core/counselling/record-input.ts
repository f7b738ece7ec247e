/**
 * The inputs of the case record: a contact, a note, a goal and its review, and the record's page cursors. Apart
 * from the use cases so the route table (functions/api-routes.ts) can describe the API with the very schemas the use
 * cases parse with. The profile's need categories come from the district profile, so those schemas are built from it.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { safeText } from '../intake/text-rules.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { CONTACT_FORMS, GOAL_STATUSES, NOTE_LEVELS } from './record.ts';

const categoriesOf = (profile: Pick<DistrictProfile, 'needCategories'>) => profile.needCategories.map((c) => c.id) as [string, ...string[]];
const isoDate = () => z.iso.date({ error: 'muss ein Datum im Format JJJJ-MM-TT sein' });
/** Free text with a limit in characters (and, for DynamoDB, four bytes per character at most). */
const text = (maxChars: number) =>
  safeText({ maxBytes: 4 * maxChars, multiline: true }).pipe(z.string().max(maxChars, { error: `ist zu lang (höchstens ${String(maxChars)} Zeichen)` }));

/** A contact is recorded on the day or afterwards, at most a year back (older ones belong to another record). */
export const CONTACT_BACKDATE_DAYS = 366;
export const MAX_CONTACT_MINUTES = 600;

/** POST /api/cases/{id}/contacts; `today` and `earliest` in the district's zone. */
export function contactSchema(profile: Pick<DistrictProfile, 'needCategories'>, today: string, earliest: string) {
  return z.strictObject({
    date: isoDate()
      .refine((d) => d <= today, { error: 'darf nicht in der Zukunft liegen' })
      .refine((d) => d >= earliest, { error: 'liegt mehr als ein Jahr zurück' }),
    durationMinutes: z
      .int({ error: 'muss eine ganze Zahl von Minuten sein' })
      .min(1, { error: 'muss mindestens 1 Minute sein' })
      .max(MAX_CONTACT_MINUTES, { error: `darf höchstens ${String(MAX_CONTACT_MINUTES)} Minuten sein` }),
    form: z.enum(CONTACT_FORMS, { error: 'bitte persönlich, telefonisch, Video, aufsuchend oder Begleitung wählen' }),
    interpreterLanguage: z.string().regex(/^[a-z]{2,3}$/, { error: 'muss ein Sprachcode wie „ar“ oder „uk“ sein' }).optional(),
    needCategories: z
      .array(z.enum(categoriesOf(profile), { error: 'ist keine Bedarfskategorie des Profils' }))
      .max(20, { error: 'höchstens 20 Bedarfe' })
      .refine((list) => new Set(list).size === list.length, { error: 'jeder Bedarf nur einmal' })
      .default([]),
    note: text(500).optional(),
  });
}

/** POST /api/cases/{id}/notes. */
export const noteSchema = z.strictObject({
  level: z.enum(NOTE_LEVELS, { error: 'bitte „Notiz“ oder „psychosoziale Notiz“ wählen' }),
  text: text(4000),
});

/** POST /api/cases/{id}/goals; `today` in the district's zone (a goal's target date lies ahead). */
export function goalSchema(profile: Pick<DistrictProfile, 'needCategories'>, today: string) {
  return z.strictObject({
    text: text(500),
    needCategory: z.enum(categoriesOf(profile), { error: 'ist keine Bedarfskategorie des Profils' }),
    targetDate: isoDate().refine((d) => d >= today, { error: 'darf nicht in der Vergangenheit liegen' }),
    tasks: text(1000).optional(),
  });
}

/** POST /api/cases/{id}/goals/{goalId}: the review in monitoring — a new status, or a later target date. */
export const goalReviewSchema = z
  .strictObject({
    status: z.enum(GOAL_STATUSES, { error: 'ist kein bekannter Stand eines Ziels' }),
    targetDate: isoDate().optional(),
    version: z.int({ error: 'muss eine ganze Zahl sein' }).min(1, { error: 'muss mindestens 1 sein' }),
  });

const cursor = z.string().max(1000, { error: 'ist zu lang' }).optional();

/** GET /api/cases/{id}/record: where each list continues (from the `next` of the page before). */
export const recordQuery = z.strictObject({ contacts: cursor, notes: cursor, psychosocialNotes: cursor });
export type RecordQuery = z.output<typeof recordQuery>;
