/**
 * The pages a service sees after following the answer link of a referral mail: the question (a form that works
 * without JavaScript), the thanks, or why nothing can be answered — in German, with the status code that fits
 * (core/casework/referral-link-answer.ts). Only numbers and the profile's names appear, never the person's data.
 */
import { escapeHtml } from '../../core/html/escape-html.ts';
import { germanDay, REFERRAL_ANSWER_LABELS } from '../../core/cases/referral-answer-labels.ts';
import type { ReferralLinkDecision, ReferralLinkInfo } from '../../core/casework/referral-link-answer.ts';
import { REFERRAL_ANSWER_PATH } from '../../core/casework/referral-link.ts';
import type { FieldError } from '../../core/validation/format-issues.ts';
import { htmlAnswer } from '../_shared/http/html-answer.ts';
import type { HttpAnswer } from '../_shared/http/http-answer.ts';

const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;
const page = (statusCode: number, title: string, body: string): HttpAnswer => htmlAnswer(statusCode, { title, content: `<h1>${escapeHtml(title)}</h1>${body}` });

function about(referral: ReferralLinkInfo): string {
  const rows: [string, string][] = [
    ['Vermittlung', referral.referralNumber],
    ['Vorgang', referral.caseNumber],
    ['Bedarf', referral.needName],
    ['Stelle', referral.serviceName],
    ...(referral.firstAppointment === undefined ? [] : [['Ersttermin', germanDay(referral.firstAppointment)] as [string, string]]),
  ];
  return `<dl class="angaben">${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

type Ask = Extract<ReferralLinkDecision, { outcome: 'ask' }>;

/** The field's error as a paragraph its control points to (aria-describedby), and the attributes that do so. */
function fieldError(errors: readonly FieldError[], field: string): { html: string; attributes: string } {
  const error = errors.find((e) => e.field === field);
  if (error === undefined) return { html: '', attributes: '' };
  const id = `fehler-${field}`;
  return { html: `<p class="fehler" id="${id}">${escapeHtml(error.message)}</p>`, attributes: ` aria-invalid="true" aria-describedby="${id}"` };
}

function answerForm(decision: Ask): string {
  const errors = decision.errors ?? [];
  const values = decision.values ?? {};
  const value = (name: string): string => escapeHtml(values[name] ?? '');
  const outcome = fieldError(errors, 'outcome');
  const reasonCode = fieldError(errors, 'reasonCode');
  const reason = fieldError(errors, 'reason');
  const appointment = fieldError(errors, 'firstAppointment');
  const radios = decision.answers
    .map((answer) => {
      const checked = values.outcome === answer ? ' checked' : '';
      return `<div class="auswahl"><input type="radio" id="antwort-${answer}" name="outcome" value="${answer}"${checked}><label for="antwort-${answer}">${escapeHtml(REFERRAL_ANSWER_LABELS[answer])}</label></div>`;
    })
    .join('');
  const options = decision.declineReasons
    .map((r) => `<option value="${escapeHtml(r.id)}"${values.reasonCode === r.id ? ' selected' : ''}>${escapeHtml(r.name)}</option>`)
    .join('');
  const summary =
    errors.length === 0
      ? ''
      : `<div class="fehlerliste" role="alert"><p>Bitte prüfen Sie Ihre Angaben:</p><ul>${errors.map((e) => `<li>${escapeHtml(e.message)}</li>`).join('')}</ul></div>`;
  return (
    summary +
    `<form method="post" action="${REFERRAL_ANSWER_PATH}" novalidate><input type="hidden" name="token" value="${escapeHtml(decision.token)}">` +
    `<fieldset${outcome.attributes}><legend>Ihre Rückmeldung</legend>${outcome.html}${radios}</fieldset>` +
    `<div class="feld"><label for="grund">Ablehnungsgrund (nur bei „Abgelehnt“)</label>${reasonCode.html}<select id="grund" name="reasonCode"${reasonCode.attributes}><option value="">– bitte wählen –</option>${options}</select></div>` +
    `<div class="feld"><label for="begruendung">Erläuterung zum Grund (bei „sonstiges“ nötig, sonst freiwillig)</label>${reason.html}<textarea id="begruendung" name="reason" rows="3"${reason.attributes}>${value('reason')}</textarea></div>` +
    `<div class="feld"><label for="ersttermin">Ersttermin (bei „Angenommen“ freiwillig, bei „Ersttermin vereinbart“ nötig)</label>${appointment.html}<input type="date" id="ersttermin" name="firstAppointment" value="${value('firstAppointment')}"${appointment.attributes}></div>` +
    '<button type="submit">Rückmeldung senden</button></form>'
  );
}

export function answerPage(decision: ReferralLinkDecision): HttpAnswer {
  switch (decision.outcome) {
    case 'invalid-link':
      return page(400, 'Link ungültig', paragraph('Dieser Rückmelde-Link ist ungültig oder beschädigt; es wurde nichts gespeichert. Bitte verwenden Sie den Link aus der Vermittlungs-E-Mail oder wenden Sie sich an das Case-Management.'));
    case 'expired':
      return page(410, 'Link abgelaufen', paragraph('Dieser Rückmelde-Link ist abgelaufen; es wurde nichts gespeichert. Bitte geben Sie Ihre Rückmeldung dem Case-Management per E-Mail oder Telefon.'));
    case 'unknown-referral':
      return page(404, 'Vermittlung nicht gefunden', paragraph('Diese Vermittlung gibt es nicht (mehr); es wurde nichts gespeichert.'));
    case 'restricted':
      return page(
        423,
        'Fall gesperrt',
        paragraph(`Der Fall ${decision.caseNumber} ist gesperrt (Einschränkung der Verarbeitung, Art. 18 DSGVO); es wurde nichts gespeichert. Bitte geben Sie Ihre Rückmeldung später ab oder wenden Sie sich an das Case-Management.`),
      );
    case 'nothing-to-answer':
      return page(409, 'Keine Rückmeldung mehr möglich', paragraph('Zu dieser Vermittlung ist keine weitere Rückmeldung möglich (sie ist abgeschlossen, abgelehnt oder beendet).') + about(decision.referral));
    case 'not-possible':
      return page(409, 'Nicht gespeichert', paragraph('Diese Rückmeldung passt nicht (mehr) zum Stand der Vermittlung; es wurde nichts gespeichert. Laden Sie den Link neu, um die möglichen Rückmeldungen zu sehen.') + about(decision.referral));
    case 'ask':
      return page(decision.errors === undefined ? 200 : 400, 'Rückmeldung zur Vermittlung', paragraph('Bitte wählen Sie Ihre Rückmeldung zu dieser Vermittlung. Gespeichert wird erst mit „Rückmeldung senden“.') + about(decision.referral) + answerForm(decision));
    case 'recorded':
      return page(200, 'Danke für Ihre Rückmeldung', paragraph(`Ihre Rückmeldung „${REFERRAL_ANSWER_LABELS[decision.answer]}“ ist gespeichert; das Case-Management sieht sie im Fall.`) + about(decision.referral));
    case 'already-recorded':
      return page(200, 'Bereits erfasst', paragraph(`Diese Rückmeldung („${REFERRAL_ANSWER_LABELS[decision.answer]}“) ist bereits erfasst; es wurde nichts doppelt gespeichert.`) + about(decision.referral));
  }
}
