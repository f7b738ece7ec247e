/** The case page's referrals: one block per referral with its state, and the outcome form for the case manager. */
import { outcomesAfter } from '../core/cases/referral.ts';
import { api } from './api.ts';
import { referralNumber } from './case-history.ts';
import { isReferralOverdue, labelOf, OUTCOME_LABELS, OVERDUE, REFERRAL_STATUS_LABELS } from './case-labels.ts';
import { newReferralForm, reReferralForm } from './case-new-referral.ts';
import { marksElement } from './case-page.ts';
import { definitionList, optionalTime, section, type CaseView, type Referral } from './case-view.ts';
import { h, timeElement } from './dom.ts';
import { choice, clearErrors, failureReport, field, showErrors } from './forms.ts';
import { nameIn } from './public-profile.ts';

function outcomeForm(view: CaseView, referral: Referral): HTMLFormElement {
  const number = referralNumber(referral.referralId);
  const groupId = `ergebnis-${referral.referralId}`;
  const reasonId = `grund-${referral.referralId}`;
  const summary = h('div', {});
  const reason = h('textarea', { name: 'reason', rows: 3 });
  const button = h('button', { type: 'submit' }, 'Ergebnis speichern', h('span', { class: 'visually-hidden' }, ` für Vermittlung ${number}`));
  const form = h(
    'form',
    { novalidate: true },
    summary,
    h(
      'fieldset',
      { class: 'feld', id: groupId },
      h('legend', {}, `Ergebnis der Vermittlung ${number}`),
      ...outcomesAfter(referral.status).map((outcome) =>
        choice(h('input', { type: 'radio', id: `${groupId}-${outcome}`, name: 'outcome', value: outcome }), OUTCOME_LABELS[outcome]),
      ),
    ),
    field(reasonId, 'Begründung', reason, 'Bei „Abgelehnt“ bitte angeben, warum; sonst freiwillig.'),
    h('div', { class: 'aktionen' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const outcome = form.querySelector<HTMLInputElement>('input[name="outcome"]:checked')?.value;
    const reasonText = reason.value.trim();
    button.disabled = true;
    void view.run({
      busy: 'Das Ergebnis wird gespeichert.',
      run: async () => {
        // Without a choice the API names the missing outcome; its message lands beside the radio buttons.
        await api('POST', `/api/referrals/${encodeURIComponent(referral.referralId)}/outcome`, { outcome, ...(reasonText === '' ? {} : { reason: reasonText }) });
        return `Ergebnis „${labelOf(OUTCOME_LABELS, outcome ?? '')}“ für Vermittlung ${number} gespeichert.`;
      },
      fail: (error) => {
        const report = failureReport(error, (fieldPath) =>
          fieldPath === 'outcome' ? { elementId: groupId, label: 'Ergebnis' } : fieldPath === 'reason' ? { elementId: reasonId, label: 'Begründung' } : undefined,
        );
        showErrors(summary, report, { heading: 'h4' });
      },
    }).finally(() => {
      button.disabled = false;
    });
  });
  return form;
}

function referralBlock(view: CaseView, referral: Referral): HTMLElement {
  const { profile } = view;
  const number = referralNumber(referral.referralId);
  const openForOutcome = view.own && outcomesAfter(referral.status).length > 0;
  return h(
    'section',
    { class: 'vermittlung' },
    h('h3', {}, `Vermittlung ${number}: ${nameIn(profile.needCategories, referral.needCategory)}`),
    definitionList([
      ['Vermittlungsnummer', referral.referralId],
      ['Stelle', referral.serviceId === undefined ? 'Keine Stelle gewählt' : nameIn(profile.services, referral.serviceId)],
      ['Stand', h('span', {}, REFERRAL_STATUS_LABELS[referral.status], ' ', marksElement(isReferralOverdue(referral) ? [OVERDUE] : []))],
      ['Angelegt', timeElement(referral.createdAt)],
      ['Verschickt', optionalTime(referral.sentAt)],
      ['Erinnerung an die Stelle', optionalTime(referral.reminderSentAt)],
      ['An die Koordination gemeldet', optionalTime(referral.escalatedAt)],
      ['Ergebnis erfasst', optionalTime(referral.outcomeAt)],
      ['Begründung', referral.outcomeReason === undefined ? undefined : h('bdi', { class: 'mehrzeilig' }, referral.outcomeReason)],
    ]),
    openForOutcome && outcomeForm(view, referral),
    reReferralForm(view, referral),
  );
}

export function referralsSection(view: CaseView): HTMLElement {
  const { referrals } = view.detail;
  return section(
    'Vermittlungen',
    referrals.length === 0 && h('p', {}, 'Noch keine Vermittlungen. Sie entstehen mit der Einschätzung, eine je Bedarf.'),
    ...referrals.map((referral) => referralBlock(view, referral)),
    newReferralForm(view),
  );
}
