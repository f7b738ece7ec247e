/** The case page's consents: each with recipient, purpose, the data the recipient gets, and its revocation. */
import type { RevokeAnswer } from '../functions/revoke-consent/schema.ts';
import { api } from './api.ts';
import { referralNumber } from './case-history.ts';
import { consentForm } from './case-consent-form.ts';
import { CONSENT_FORM_LABELS, dataFieldList } from './case-labels.ts';
import { confirmStep } from './case-page.ts';
import { casePath, section, type CaseView, type Consent } from './case-view.ts';
import { consentFormLink } from './consent-form-link.ts';
import { dateElement, h, timeElement } from './dom.ts';
import { failureReport, showErrors } from './forms.ts';

function revokeControl(view: CaseView, consent: Consent, serviceName: string): HTMLElement {
  const summary = h('div', {});
  const trigger = h('button', { type: 'button', class: 'secondary', id: `widerruf-${consent.consentId}` }, `Einwilligung für ${serviceName} widerrufen`);
  const step = confirmStep({
    trigger,
    question: `Hat die Person ihre Einwilligung für ${serviceName} widerrufen? Offene Vermittlungen an diese Stelle werden sofort gestoppt. Das lässt sich nicht rückgängig machen.`,
    confirmLabel: 'Ja, Widerruf erfassen',
    onConfirm: () =>
      view.run({
        busy: 'Der Widerruf wird gespeichert.',
        run: async () => {
          const { stoppedReferrals } = await api<RevokeAnswer>(
            'POST',
            `${casePath(view.caseId)}/consents/${encodeURIComponent(consent.consentId)}/revoke`,
          );
          const stopped = stoppedReferrals.length === 0 ? '' : ` Gestoppt: ${stoppedReferrals.map((id) => `Vermittlung ${referralNumber(id)}`).join(', ')}.`;
          return `Widerruf der Einwilligung für ${serviceName} gespeichert.${stopped}`;
        },
        fail: (error) => {
          showErrors(summary, failureReport(error, () => undefined), { heading: 'h3' });
        },
      }),
  });
  return h('div', {}, summary, step);
}

function consentItem(view: CaseView, consent: Consent): HTMLLIElement {
  const service = view.profile.services.find((s) => s.id === consent.recipientServiceId);
  const serviceName = service?.name ?? consent.recipientServiceId;
  return h(
    'li',
    {},
    h('p', {}, h('strong', {}, serviceName)),
    service !== undefined && h('p', {}, `Zweck: Vermittlung. Die Stelle erhält nur diese Angaben, soweit erfasst: ${dataFieldList(service.dataFields)}.`),
    h('p', {}, `Erteilt ${CONSENT_FORM_LABELS[consent.form]} am `, dateElement(consent.givenAt), '. ', consent.revokedAt === undefined ? 'Gültig.' : h('span', {}, 'Widerrufen am ', timeElement(consent.revokedAt), '.')),
    service !== undefined && consent.revokedAt === undefined && h('p', {}, consentFormLink(view.caseId, service)),
    consent.revokedAt === undefined && revokeControl(view, consent, serviceName),
  );
}

export function consentsSection(view: CaseView): HTMLElement {
  const { consents } = view.detail;
  return section(
    'Einwilligungen',
    consents.length === 0 ? h('p', {}, 'Es sind keine Einwilligungen für Vermittlungen erfasst.') : h('ul', { class: 'einwilligungen' }, ...consents.map((consent) => consentItem(view, consent))),
    consentForm(view),
  );
}
