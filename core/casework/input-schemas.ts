/**
 * The inputs of the casework use cases: assessment, referral outcome, a gap report and its review. Apart from the
 * use cases so the route table (functions/api-routes.ts) can describe the API with the very schemas the use cases
 * parse with, without loading the use cases. Lists of the profile (need categories, services, municipalities)
 * come from the district profile, so those schemas are built from it.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { CASE_NUMBER_IN_TEXT } from '../cases/case.ts';
import { GAP_OUTCOMES, GAP_REASONS } from '../cases/gap-report.ts';
import { CONSENT_FORMS, REFERRAL_ANSWERS } from '../cases/referral.ts';
import { safeText } from '../intake/text-rules.ts';
import { FOCUS_AREA_IDS, type DistrictProfile } from '../profile/schema.ts';

const ids = (list: readonly { readonly id: string }[]) => list.map((entry) => entry.id) as [string, ...string[]];

/** POST /api/cases/{id}/assessment; `today` in the district's zone (consents cannot be given in the future). */
export function assessmentSchema(profile: Pick<DistrictProfile, 'needCategories' | 'services'>, today: string) {
  const categories = ids(profile.needCategories);
  const services = ids(profile.services);
  return z
    .strictObject({
      needs: z
        .array(
          z.strictObject({
            category: z.enum(categories, { error: 'ist keine Bedarfskategorie des Profils' }),
            serviceId: z.enum(services, { error: 'ist keine Stelle des Katalogs' }).optional(),
          }),
        )
        .min(1, { error: 'mindestens einen Bedarf angeben' })
        .max(20, { error: 'höchstens 20 Bedarfe' }),
      consents: z
        .array(
          z.strictObject({
            serviceId: z.enum(services, { error: 'ist keine Stelle des Katalogs' }),
            form: z.enum(CONSENT_FORMS, { error: 'bitte schriftlich, mündlich oder elektronisch wählen' }),
            givenAt: z.iso.date({ error: 'muss ein Datum im Format JJJJ-MM-TT sein' }).refine((d) => d <= today, { error: 'darf nicht in der Zukunft liegen' }),
          }),
        )
        .max(20, { error: 'höchstens 20 Einwilligungen' }),
    })
    .superRefine((value, ctx) => {
      value.needs.forEach((need, index) => {
        const service = profile.services.find((s) => s.id === need.serviceId);
        if (service !== undefined && !service.needCategories.includes(need.category)) {
          ctx.addIssue({ code: 'custom', path: ['needs', index, 'serviceId'], message: 'diese Stelle ist für diesen Bedarf nicht zuständig' });
        }
        if (value.needs.findIndex((n) => n.category === need.category) !== index) {
          ctx.addIssue({ code: 'custom', path: ['needs', index, 'category'], message: 'jeder Bedarf nur einmal' });
        }
      });
    });
}

/**
 * POST /api/referrals/{id}/outcome, and the service's answer by its link (the same fields as a form): outcomes and
 * decline reasons are coded; a text only beside a reason code, required where the code says too little.
 */
export function outcomeSchema(profile: Pick<DistrictProfile, 'referralDeclineReasons'>) {
  return z
    .strictObject({
      outcome: z.enum(REFERRAL_ANSWERS, { error: 'bitte angenommen, abgelehnt, Ersttermin, abgeschlossen oder nicht wahrgenommen wählen' }),
      reasonCode: z.enum(ids(profile.referralDeclineReasons), { error: 'ist kein Ablehnungsgrund des Profils' }).optional(),
      reason: safeText({ maxBytes: 1000, multiline: true }).optional(),
      firstAppointment: z.iso.date({ error: 'muss ein Datum im Format JJJJ-MM-TT sein' }).optional(),
    })
    .superRefine((v, ctx) => {
      const problem = (path: string, message: string): void => {
        ctx.addIssue({ code: 'custom', path: [path], message });
      };
      if (v.outcome === 'declined' && v.reasonCode === undefined) problem('reasonCode', 'bei einer Ablehnung bitte den Grund wählen');
      if (v.outcome !== 'declined' && v.reasonCode !== undefined) problem('reasonCode', 'nur bei einer Ablehnung');
      if (v.reason !== undefined && v.reasonCode === undefined) problem('reason', 'nur zusammen mit einem Ablehnungsgrund');
      const code = profile.referralDeclineReasons.find((r) => r.id === v.reasonCode);
      if (code?.textRequired === true && v.reason === undefined) problem('reason', `bei „${code.name}“ bitte den Grund beschreiben`);
      if (v.outcome === 'appointment' && v.firstAppointment === undefined) problem('firstAppointment', 'bitte das Datum des Ersttermins angeben');
      if (v.firstAppointment !== undefined && v.outcome !== 'accepted' && v.outcome !== 'appointment') problem('firstAppointment', 'nur bei einer Annahme oder einem Ersttermin');
    });
}
export type OutcomeInput = z.output<ReturnType<typeof outcomeSchema>>;

const GAP_TEXT_MAX_CHARS = 1000;

/** The free text of a gap report: safe text, up to 1000 characters, several lines, no case number. */
const gapText = () =>
  safeText({ maxBytes: 4 * GAP_TEXT_MAX_CHARS, multiline: true })
    .pipe(z.string().max(GAP_TEXT_MAX_CHARS, { error: `ist zu lang (höchstens ${String(GAP_TEXT_MAX_CHARS)} Zeichen)` }))
    .refine((text) => !CASE_NUMBER_IN_TEXT.test(text), { error: 'darf keine Fallnummer enthalten (die Meldung bleibt ohne Bezug zu einem Fall)' });

/** POST /api/gap-reports. */
export function gapReportSchema(profile: Pick<DistrictProfile, 'municipalities' | 'needCategories'>) {
  return z.strictObject({
    reason: z.enum(GAP_REASONS, { error: 'ist kein bekannter Grund' }),
    municipalityId: z.enum(ids(profile.municipalities), { error: 'ist keine Kommune des Kreises' }),
    focusArea: z.enum(FOCUS_AREA_IDS, { error: 'ist kein Schwerpunkt des Profils' }).optional(),
    needCategory: z.enum(ids(profile.needCategories), { error: 'ist keine Bedarfskategorie des Profils' }).optional(),
    text: gapText(),
  });
}

const version = z.int({ error: 'muss eine ganze Zahl sein' }).min(1).optional();

/** POST /api/gap-reports/{id}/review, one schema per action (the use case picks it by `action`). */
export const GAP_REVIEW_SCHEMAS = {
  accept: z.strictObject({ action: z.literal('accept'), text: gapText().optional(), version }),
  merge: z.strictObject({ action: z.literal('merge'), targetId: z.string({ error: 'muss angegeben werden' }).max(80), version }),
  route: z.strictObject({ action: z.literal('route'), bodyId: z.string({ error: 'muss angegeben werden' }).max(80), version }),
  outcome: z.strictObject({
    action: z.literal('outcome'),
    outcome: z.enum(GAP_OUTCOMES, { error: 'ist kein bekanntes Ergebnis' }),
    text: safeText({ maxBytes: 2000, multiline: true }).pipe(z.string().max(500, { error: 'ist zu lang (höchstens 500 Zeichen)' })),
    close: z.boolean({ error: 'muss ja oder nein sein' }).optional(),
    version,
  }),
} as const;

/** All review actions in one schema, for the API description. */
export const gapReviewSchema = z.discriminatedUnion('action', [GAP_REVIEW_SCHEMAS.accept, GAP_REVIEW_SCHEMAS.merge, GAP_REVIEW_SCHEMAS.route, GAP_REVIEW_SCHEMAS.outcome]);
