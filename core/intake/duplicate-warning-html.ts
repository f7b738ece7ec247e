/**
 * The duplicate-person warning as the intake staff see it (core/intake/duplicate-person.ts decides when): that a
 * case exists and its number, nothing else of it. Pure and browser-safe: the server renders it for the form
 * without JavaScript (POST /api/intakes answers 409 with this page), the start page's script builds the same
 * words and ids from the constants here.
 *
 * Without JavaScript the confirmation is a form that posts every sent value again as hidden fields, with the same
 * form token (the unconfirmed submission stored nothing, so the confirmed one is the first with that key) and
 * `duplicateConfirmed=ja`; cancelling is a GET back to an empty form — nothing was stored.
 */
import { escapeHtml } from '../html/escape-html.ts';

export const DUPLICATE_CONFIRMED_FIELD = 'duplicateConfirmed';
export const DUPLICATE_HEADING = 'Es gibt bereits einen Fall für diese Person';
export const DUPLICATE_MESSAGE = `${DUPLICATE_HEADING}.`;
export const DUPLICATE_ID = 'doppelt';
export const DUPLICATE_EXPLANATION =
  'Für eine Person mit demselben Familiennamen und Geburtsdatum gibt es einen offenen oder vor weniger als zwölf Monaten abgeschlossenen Fall. ' +
  'Bitte klären Sie mit der Koordination, ob er weitergeführt oder wiedereröffnet werden soll. Nur wenn es eine andere Person ist oder ein neuer Fall nötig ist, legen Sie einen zweiten Fall an.';
export const CONFIRM_LABEL = 'Trotzdem einen zweiten Fall anlegen';
export const CANCEL_LABEL = 'Abbrechen – keinen Fall anlegen';

/** "Fallnummer KIM-…" or "Fallnummern KIM-…, KIM-…". */
export const caseNumbersText = (caseIds: readonly string[]): string => `${caseIds.length === 1 ? 'Fallnummer' : 'Fallnummern'}: ${caseIds.join(', ')}`;

/** The warning with the confirmation form (all sent values as hidden fields) and the cancel form. */
export function renderDuplicateWarning(duplicateOf: readonly string[], sent: URLSearchParams): string {
  const hidden = [...sent]
    .filter(([name]) => name !== DUPLICATE_CONFIRMED_FIELD)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return (
    `<section id="${DUPLICATE_ID}" class="warnung" aria-labelledby="${DUPLICATE_ID}-titel">` +
    `<h2 id="${DUPLICATE_ID}-titel" tabindex="-1">${escapeHtml(DUPLICATE_HEADING)}</h2>` +
    `<p class="fallnummer-zeile">${escapeHtml(caseNumbersText(duplicateOf))}</p>` +
    `<p>${escapeHtml(DUPLICATE_EXPLANATION)}</p>` +
    `<div class="aktionen"><form method="post" action="/api/intakes">${hidden}<input type="hidden" name="${DUPLICATE_CONFIRMED_FIELD}" value="ja">` +
    `<button type="submit">${escapeHtml(CONFIRM_LABEL)}</button></form>` +
    `<form method="get" action="/"><button type="submit" class="secondary">${escapeHtml(CANCEL_LABEL)}</button></form></div></section>`
  );
}
