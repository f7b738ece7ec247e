/**
 * The inputs of what the case manager adds to a case after its assessment (core/casework/case-additions.ts): a
 * consent, and a need with its referral (or a declined referral's replacement). Apart from the use cases so the route
 * table (functions/api-routes.ts) and the case page can use the schemas without loading the use cases. Consents and
 * needs follow exactly the assessment's rules, so their item schemas are the assessment's own.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { CONSENT_PURPOSES } from '../cases/referral.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { assessmentSchema } from './input-schemas.ts';

type SchemaProfile = Pick<DistrictProfile, 'needCategories' | 'services'>;

/** POST /api/cases/{id}/consents: recipient, purpose (only 'referral' so far), form and date, as in the assessment. */
export function consentAdditionSchema(profile: SchemaProfile, today: string) {
  return assessmentSchema(profile, today).shape.consents.element.extend({
    purpose: z.enum(CONSENT_PURPOSES, { error: 'ist kein bekannter Zweck (Vermittlung)' }).default('referral'),
  });
}

/** A referral id of the form <case number>-V<nn> (core/cases/referral.ts referralIdOf). */
export const REFERRAL_ID_PATTERN = /^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}-V\d{2}$/;

/**
 * POST /api/cases/{id}/referrals: a need (new or known) and the service chosen for it — none when the catalogue has
 * none, and the workflow reports the gap —, or with `replaces` the declined referral this one follows.
 */
export function referralAdditionSchema(profile: SchemaProfile) {
  return assessmentSchema(profile, '9999-12-31')
    .shape.needs.element.extend({
      replaces: z.string({ error: 'muss eine Vermittlungsnummer sein' }).regex(REFERRAL_ID_PATTERN, { error: 'ist keine Vermittlungsnummer' }).optional(),
    })
    .superRefine((need, ctx) => {
      const service = profile.services.find((s) => s.id === need.serviceId);
      if (service !== undefined && !service.needCategories.includes(need.category)) {
        ctx.addIssue({ code: 'custom', path: ['serviceId'], message: 'diese Stelle ist für diesen Bedarf nicht zuständig' });
      }
    });
}

export type ConsentAddition = z.output<ReturnType<typeof consentAdditionSchema>>;
export type ReferralAddition = z.output<ReturnType<typeof referralAdditionSchema>>;
