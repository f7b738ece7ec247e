/**
 * The case page's referrals: one block per referral with its state (with the coded decline reason and the first
 * appointment), and the outcome form for the case manager.
 */
import { answersAfter } from '../core/cases/referral.ts';
import { germanDay, REFERRAL_ANSWER_LABELS } from '../core/cases/referral-answer-labels.ts';
import { api } from './api.ts';
import { referralNumber } from './case-history.ts';
import { isReferralOverdue, labelOf, OVERDUE, REFERRAL_STATUS_LABELS } from './case-labels.ts';
import { newReferralForm, reReferralForm } from './case-new-referral.ts';
import { marksElement } from './case-page.ts';
import { definitionList, optionalTime, section, type CaseView, type Referral } from './case-view.ts';
import { h, timeElement } from './dom.ts';
import { choice, clearErrors, failureReport, field, showErrors } from './forms.ts';
import { nameIn } from './public-profile.ts';

/** The answer as the API takes it: the chosen outcome and only the fields filled in. */
function answerOf(form: HTMLFormElement): Record<string, string> {
  const values = new FormData(form);
  return Object.fromEntries(
    ['outcome', 'reasonCode', 'reason', 'firstAppointment'].flatMap((name) => {
      const value = values.get(name);
      return typeof value === 'string' && value.trim() !== '' ? [[name, value.trim()]] : [];
    }),
  );
}

/** The service's answer, recorded by hand: the same answers and coded reasons as the service's own link offers. */
function outcomeForm(view: CaseView, referral: Referral): HTMLFormElement {
  const number = referralNumber(referral.referralId);
  const ids = { outcome: `ergebnis-${referral.referralId}`, reasonCode: `grundcode-${referral.referralId}`, reason: `grund-${referral.referralId}`, firstAppointment: `ersttermin-${referral.referralId}` };
  const labels = { outcome: 'Ergebnis', reasonCode: 'Ablehnungsgrund', reason: 'Erläuterung zum Grund', firstAppointment: 'Ersttermin' };
  const summary = h('div', {});
  const reasonCode = h('select', { name: 'reasonCode' }, h('option', { value: '' }, '– bitte wählen –'), ...view.profile.referralDeclineReasons.map((r) => h('option', { value: r.id }, r.name)));
  const reason = h('textarea', { name: 'reason', rows: 3 });
  const firstAppointment = h('input', { type: 'date', name: 'firstAppointment' });
  const button = h('button', { type: 'submit' }, 'Ergebnis speichern', h('span', { class: 'visually-hidden' }, ` für Vermittlung ${number}`));
  const form = h(
    'form',
    { novalidate: true },
    summary,
    h(
      'fieldset',
      { class: 'feld', id: ids.outcome },
      h('legend', {}, `Ergebnis der Vermittlung ${number}`),
      ...answersAfter(referral.status).map((answer) =>
        choice(h('input', { type: 'radio', id: `${ids.outcome}-${answer}`, name: 'outcome', value: answer }), REFERRAL_ANSWER_LABELS[answer]),
      ),
    ),
    field(ids.reasonCode, labels.reasonCode, reasonCode, 'Nur bei „Abgelehnt“, dort nötig.'),
    field(ids.reason, labels.reason, reason, 'Nur zusammen mit einem Ablehnungsgrund; bei „sonstiges“ nötig.'),
    field(ids.firstAppointment, labels.firstAppointment, firstAppointment, 'Bei „Angenommen“ freiwillig, bei „Ersttermin vereinbart“ nötig.'),
    h('div', { class: 'aktionen' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const answer = answerOf(form);
    button.disabled = true;
    void view.run({
      busy: 'Das Ergebnis wird gespeichert.',
      run: async () => {
        // Without a choice the API names the missing outcome; its message lands beside the radio buttons.
        await api('POST', `/api/referrals/${encodeURIComponent(referral.referralId)}/outcome`, answer);
        return `Ergebnis „${labelOf(REFERRAL_ANSWER_LABELS, answer.outcome ?? '')}“ für Vermittlung ${number} gespeichert.`;
      },
      fail: (error) => {
        const report = failureReport(error, (fieldPath) => (fieldPath in ids ? { elementId: ids[fieldPath as keyof typeof ids], label: labels[fieldPath as keyof typeof labels] } : undefined));
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
  const openForOutcome = view.own && answersAfter(referral.status).length > 0;
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
      ['Ablehnungsgrund', referral.outcomeReasonCode === undefined ? undefined : nameIn(profile.referralDeclineReasons, referral.outcomeReasonCode)],
      ['Begründung', referral.outcomeReason === undefined ? undefined : h('bdi', { class: 'mehrzeilig' }, referral.outcomeReason)],
      ['Ersttermin', referral.firstAppointment === undefined ? undefined : germanDay(referral.firstAppointment)],
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
