/**
 * The assessment form as plain data: which services may receive a referral for a need, what the form's choices
 * become as request body for POST /api/cases/{id}/assessment, what must be fixed before sending, and where an
 * error of the API (`needs[1].serviceId`) belongs in the form. Browser-safe and DOM-free.
 */
import type { ConsentRecord } from '../core/cases/referral.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { CONSENT_FORM_LABELS, dataFieldList } from './case-labels.ts';
import { nameIn } from './public-profile.ts';

export type ProfileService = PublicProfile['services'][number];

/** The choice "no suitable service": the need is recorded and reported as a gap in the counselling landscape. */
export const NO_SERVICE = 'keine';

export interface NeedChoice {
  readonly category: string;
  /** A service id, NO_SERVICE, or undefined while the case manager has not chosen. */
  readonly service: string | undefined;
}

export interface ConsentChoice {
  readonly serviceId: string;
  readonly form: string;
  /** YYYY-MM-DD, as a date input gives it; empty when cleared. */
  readonly givenAt: string;
}

export interface AssessmentRequest {
  readonly needs: readonly { readonly category: string; readonly serviceId?: string }[];
  readonly consents: readonly { readonly serviceId: string; readonly form: ConsentRecord['form']; readonly givenAt: string }[];
}

/** A place in the form an error belongs to. */
export type AssessmentTarget =
  | { readonly kind: 'needs' }
  | { readonly kind: 'service'; readonly category: string }
  | { readonly kind: 'consent'; readonly serviceId: string; readonly part: 'serviceId' | 'form' | 'givenAt' };

export interface AssessmentProblem {
  readonly target: AssessmentTarget;
  readonly message: string;
}

/** The services of the catalogue that take referrals for the need, in the profile's order. */
export const servicesForNeed = (profile: Pick<PublicProfile, 'services'>, category: string): ProfileService[] =>
  profile.services.filter((service) => service.needCategories.includes(category));

/** The services chosen for the needs, each once, in the order of the needs: each needs its own consent. */
export function chosenServices(needs: readonly NeedChoice[]): string[] {
  const ids = needs.flatMap((need) => (need.service === undefined || need.service === NO_SERVICE ? [] : [need.service]));
  return [...new Set(ids)];
}

/** What the consent covers, in the words of the checkbox: who gets which data, for what. */
export const consentLabel = (service: Pick<ProfileService, 'name' | 'dataFields'>): string =>
  `Einwilligung liegt vor: ${service.name} erhält für die Vermittlung ${dataFieldList(service.dataFields)}`;

const isConsentForm = (form: string): form is ConsentRecord['form'] => form in CONSENT_FORM_LABELS;

/**
 * The request body, and what the case manager has to fix first. Consents count only for services still chosen,
 * so a consent ticked for a service later deselected does not leave the house. `today` is YYYY-MM-DD in the
 * district's zone, the API's bound for the consent date.
 */
export function assessmentRequest(needs: readonly NeedChoice[], consents: readonly ConsentChoice[], today: string): { request: AssessmentRequest; problems: AssessmentProblem[] } {
  const problems: AssessmentProblem[] = [];
  if (needs.length === 0) problems.push({ target: { kind: 'needs' }, message: 'bitte mindestens einen Bedarf wählen' });
  for (const need of needs) {
    if (need.service === undefined) {
      problems.push({
        target: { kind: 'service', category: need.category },
        message: 'bitte eine Stelle wählen – oder „Keine passende Stelle“, dann wird der Bedarf als Lücke gemeldet',
      });
    }
  }
  const services = chosenServices(needs);
  const validConsents: AssessmentRequest['consents'][number][] = [];
  for (const consent of consents.filter((c) => services.includes(c.serviceId))) {
    const problemCount = problems.length;
    if (!isConsentForm(consent.form)) problems.push({ target: { kind: 'consent', serviceId: consent.serviceId, part: 'form' }, message: 'bitte die Form der Einwilligung wählen' });
    if (consent.givenAt === '') {
      problems.push({ target: { kind: 'consent', serviceId: consent.serviceId, part: 'givenAt' }, message: 'bitte das Datum der Einwilligung angeben' });
    } else if (consent.givenAt > today) {
      problems.push({ target: { kind: 'consent', serviceId: consent.serviceId, part: 'givenAt' }, message: 'darf nicht in der Zukunft liegen' });
    }
    if (problems.length === problemCount && isConsentForm(consent.form)) validConsents.push({ serviceId: consent.serviceId, form: consent.form, givenAt: consent.givenAt });
  }
  return {
    request: {
      needs: needs.map((need) => (need.service === undefined || need.service === NO_SERVICE ? { category: need.category } : { category: need.category, serviceId: need.service })),
      consents: validConsents,
    },
    problems,
  };
}

/** Where an error of the API belongs, by its field path into the request that was sent; undefined: the summary only. */
export function targetOfField(field: string, request: AssessmentRequest): AssessmentTarget | undefined {
  const need = /^needs\[(\d+)\]\.serviceId$/.exec(field);
  if (need !== null) {
    const category = request.needs[Number(need[1])]?.category;
    return category === undefined ? { kind: 'needs' } : { kind: 'service', category };
  }
  if (field === 'needs' || field.startsWith('needs[')) return { kind: 'needs' };
  const consent = /^consents\[(\d+)\]\.(serviceId|form|givenAt)$/.exec(field);
  const serviceId = consent === null ? undefined : request.consents[Number(consent[1])]?.serviceId;
  if (consent === null || serviceId === undefined) return undefined;
  const part = consent[2] === 'form' || consent[2] === 'givenAt' ? consent[2] : 'serviceId';
  return { kind: 'consent', serviceId, part };
}

/** The id of the form element (a control, or the fieldset of a group) the target stands for. */
export function targetElementId(target: AssessmentTarget): string {
  switch (target.kind) {
    case 'needs':
      return 'bedarfe';
    case 'service':
      return `stellen-${target.category}`;
    case 'consent':
      return target.part === 'serviceId' ? `einwilligung-${target.serviceId}` : `einwilligung-${target.serviceId}-${target.part === 'form' ? 'form' : 'datum'}`;
  }
}

/** How the error summary names the place: "Stelle für „Wohnen“". */
export function targetLabel(target: AssessmentTarget, profile: Pick<PublicProfile, 'needCategories' | 'services'>): string {
  switch (target.kind) {
    case 'needs':
      return 'Bedarfe';
    case 'service':
      return `Stelle für „${nameIn(profile.needCategories, target.category)}“`;
    case 'consent': {
      const service = nameIn(profile.services, target.serviceId);
      if (target.part === 'form') return `Form der Einwilligung für ${service}`;
      if (target.part === 'givenAt') return `Datum der Einwilligung für ${service}`;
      return `Einwilligung für ${service}`;
    }
  }
}
