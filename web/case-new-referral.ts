/**
 * "Bedarf / Vermittlung hinzufügen" in the case page's referrals section, and "An eine andere Stelle vermitteln" on a
 * declined referral: after the assessment the case manager refers a need found later, or the declined need to another
 * service (core/casework/case-additions.ts). Only needs without an open referral are offered, and per need only the
 * services responsible for it (or none: the need is reported as a gap).
 */
import { NEED_BUSY_STATUSES } from '../core/cases/referral.ts';
import type { ReferralAddedAnswer } from '../functions/add-referral/schema.ts';
import { api } from './api.ts';
import { additionForm, mayAdd, selectField, type Option } from './case-addition-form.ts';
import { servicesForNeed } from './case-assessment.ts';
import { referralNumber } from './case-history.ts';
import { casePath, type CaseView, type Referral } from './case-view.ts';
import { h, replace } from './dom.ts';
import { nameIn } from './public-profile.ts';

const NONE: Option = { value: '', label: 'Keine passende Stelle – als Lücke melden' };
const AFTER_ASSESSMENT = new Set(['referring', 'monitoring']);

const mayRefer = (view: CaseView): boolean => mayAdd(view) && AFTER_ASSESSMENT.has(view.detail.case.stage);

const serviceOptions = (view: CaseView, category: string, except?: string): Option[] => [
  ...servicesForNeed(view.profile, category)
    .filter((s) => s.id !== except)
    .map((s) => ({ value: s.id, label: s.name })),
  NONE,
];

async function postReferral(view: CaseView, request: { category: string; serviceId: string; replaces?: string }): Promise<string> {
  const { serviceId, ...rest } = request;
  const { referralId } = await api<ReferralAddedAnswer>('POST', `${casePath(view.caseId)}/referrals`, { ...rest, ...(serviceId === '' ? {} : { serviceId }) });
  const to = serviceId === '' ? 'ohne passende Stelle (wird als Lücke gemeldet)' : `an ${nameIn(view.profile.services, serviceId)}`;
  return `Vermittlung ${referralNumber(referralId)} für „${nameIn(view.profile.needCategories, request.category)}“ ${to} angelegt.`;
}

export function newReferralForm(view: CaseView): HTMLElement | undefined {
  if (!mayRefer(view)) return undefined;
  const busy = new Set(view.detail.referrals.filter((r) => NEED_BUSY_STATUSES.includes(r.status)).map((r) => r.needCategory));
  const needs = view.profile.needCategories.filter((c) => !busy.has(c.id));
  const heading = h('h3', {}, 'Bedarf / Vermittlung hinzufügen');
  if (needs.length === 0) return h('section', { class: 'nachtrag' }, heading, h('p', {}, 'Für jeden Bedarf läuft bereits eine Vermittlung.'));
  const need = selectField('vermittlung-neu-bedarf', 'Bedarf der neuen Vermittlung', needs.map((c) => ({ value: c.id, label: c.name })), 'Nur Bedarfe, für die keine Vermittlung läuft.');
  const service = selectField('vermittlung-neu-stelle', 'Stelle der neuen Vermittlung', serviceOptions(view, need.select.value), 'Nur Stellen, die für diesen Bedarf zuständig sind.');
  need.select.addEventListener('change', () => {
    replace(service.select, ...serviceOptions(view, need.select.value).map((o) => h('option', { value: o.value }, o.label)));
  });
  return h(
    'section',
    { class: 'nachtrag' },
    heading,
    h('p', {}, 'Ein Bedarf, der sich nach der Einschätzung zeigt, wird wie die ersten vermittelt: mit Einwilligung für die Stelle und Rückmeldung der Stelle.'),
    additionForm(view, {
      fields: [need.element, service.element],
      buttonLabel: 'Vermittlung anlegen',
      busy: 'Die Vermittlung wird angelegt.',
      place: { category: { elementId: need.select.id, label: 'Bedarf der neuen Vermittlung' }, serviceId: { elementId: service.select.id, label: 'Stelle der neuen Vermittlung' } },
      submit: () => postReferral(view, { category: need.select.value, serviceId: service.select.value }),
    }),
  );
}

/** On a declined referral whose need has not gone to another service yet. */
export function reReferralForm(view: CaseView, referral: Referral): HTMLElement | undefined {
  if (!mayRefer(view) || referral.status !== 'declined') return undefined;
  if (view.detail.referrals.some((r) => r.replacesReferralId === referral.referralId)) return undefined;
  const number = referralNumber(referral.referralId);
  const service = selectField(`andere-stelle-${referral.referralId}`, 'Andere Stelle', serviceOptions(view, referral.needCategory, referral.serviceId), 'Die ablehnende Stelle steht nicht zur Wahl.');
  return h(
    'div',
    { class: 'nachtrag' },
    h('h4', {}, `An eine andere Stelle vermitteln (statt ${number})`),
    additionForm(view, {
      fields: [service.element],
      buttonLabel: 'An eine andere Stelle vermitteln',
      buttonContext: ` (statt Vermittlung ${number})`,
      busy: 'Die Vermittlung wird angelegt.',
      place: { serviceId: { elementId: service.select.id, label: 'Andere Stelle' } },
      submit: () => postReferral(view, { category: referral.needCategory, serviceId: service.select.value, replaces: referral.referralId }),
    }),
  );
}
