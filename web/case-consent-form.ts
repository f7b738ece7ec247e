/**
 * "Einwilligung erfassen" in the case page's consents section: a consent the client gave later — the recipient, the
 * form and the date, by the assessment's rules. The referrals held back for lack of it then go out by themselves
 * (core/casework/case-additions.ts). For the case's case manager while the case is open.
 */
import { localDate } from '../core/calendar/local-date.ts';
import type { ConsentAddedAnswer } from '../functions/record-consent/schema.ts';
import { api } from './api.ts';
import { additionForm, mayAdd, selectField } from './case-addition-form.ts';
import { referralNumber } from './case-history.ts';
import { CONSENT_FORM_LABELS, dataFieldList } from './case-labels.ts';
import { casePath, type CaseView } from './case-view.ts';
import { h } from './dom.ts';
import { field } from './forms.ts';
import { nameIn } from './public-profile.ts';

const SERVICE_ID = 'einwilligung-neu-stelle';
const FORM_ID = 'einwilligung-neu-form';
const DATE_ID = 'einwilligung-neu-datum';

function releasedText(answer: ConsentAddedAnswer): string {
  if (answer.releasedReferralIds.length === 0) return '';
  const numbers = answer.releasedReferralIds.map(referralNumber).join(', ');
  // A parked case sends them once the coordination has resumed it ("Fortsetzen").
  return answer.restarted ? ` Zurückgehalten und jetzt verschickt: Vermittlung ${numbers}.` : ` Vermittlung ${numbers} wird verschickt, sobald der Fall fortgesetzt ist.`;
}

export function consentForm(view: CaseView): HTMLElement | undefined {
  if (!mayAdd(view)) return undefined;
  const { profile } = view;
  const valid = new Set(view.detail.consents.filter((c) => c.revokedAt === undefined).map((c) => c.recipientServiceId));
  const held = new Set(view.detail.referrals.filter((r) => r.status === 'held-no-consent').flatMap((r) => r.serviceId ?? []));
  // Services a held referral waits for come first; those with a valid consent need none.
  const services = profile.services.filter((s) => !valid.has(s.id)).sort((a, b) => Number(held.has(b.id)) - Number(held.has(a.id)));
  const today = localDate(new Date(), profile.district.timeZone);
  const service = selectField(
    SERVICE_ID,
    'Stelle, an die vermittelt werden darf',
    services.map((s) => ({ value: s.id, label: held.has(s.id) ? `${s.name} (Vermittlung zurückgehalten)` : s.name })),
    'Zweck: Vermittlung. Die Stelle erhält nur die Angaben, die für sie vorgesehen sind.',
  );
  const form = selectField(FORM_ID, 'Form der Einwilligung', Object.entries(CONSENT_FORM_LABELS).map(([value, label]) => ({ value, label })));
  const date = h('input', { type: 'date', name: 'givenAt', value: today, max: today });
  // What the chosen service would receive, read with the choice (it changes with it).
  const scope = h('p', { class: 'hilfe', id: `${SERVICE_ID}-umfang` });
  service.select.setAttribute('aria-describedby', `${service.select.getAttribute('aria-describedby') ?? ''} ${scope.id}`.trim());
  const showScope = (): void => {
    const chosen = profile.services.find((s) => s.id === service.select.value);
    scope.textContent = chosen === undefined ? '' : `${chosen.name} erhält für die Vermittlung: ${dataFieldList(chosen.dataFields)}.`;
  };
  service.select.addEventListener('change', showScope);
  showScope();
  return h(
    'section',
    { class: 'nachtrag' },
    h('h3', {}, 'Einwilligung erfassen'),
    h('p', {}, 'Hat die Person nach der Einschätzung eingewilligt? Eine Vermittlung, die mangels Einwilligung zurückgehalten wurde, geht danach von selbst hinaus.'),
    additionForm(view, {
      fields: [service.element, scope, form.element, field(DATE_ID, 'Einwilligung erteilt am', date, 'Das Datum, an dem die Person eingewilligt hat.')],
      buttonLabel: 'Einwilligung speichern',
      busy: 'Die Einwilligung wird gespeichert.',
      place: {
        serviceId: { elementId: SERVICE_ID, label: 'Stelle' },
        form: { elementId: FORM_ID, label: 'Form der Einwilligung' },
        givenAt: { elementId: DATE_ID, label: 'Einwilligung erteilt am' },
      },
      submit: async () => {
        const answer = await api<ConsentAddedAnswer>('POST', `${casePath(view.caseId)}/consents`, { serviceId: service.select.value, form: form.select.value, givenAt: date.value });
        return `Einwilligung für ${nameIn(profile.services, service.select.value)} gespeichert.${releasedText(answer)}`;
      },
    }),
  );
}
