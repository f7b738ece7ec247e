/**
 * The start page's duplicate-person warning: POST /api/intakes answered 409 with `duplicateOf` (the person already
 * has an open or recently closed case). The same words as the page the API renders without JavaScript
 * (core/intake/duplicate-warning-html.ts): that a case exists and its number, nothing else. "Trotzdem … anlegen"
 * sends the same intake again with `duplicateConfirmed` and the same Idempotency-Key; "Abbrechen" creates nothing
 * and goes back to the form with everything typed.
 */
import {
  CANCEL_LABEL,
  caseNumbersText,
  CONFIRM_LABEL,
  DUPLICATE_EXPLANATION,
  DUPLICATE_HEADING,
  DUPLICATE_ID,
} from '../core/intake/duplicate-warning-html.ts';
import { ApiFailure } from './api.ts';
import { h } from './dom.ts';

/** The case numbers of a duplicate warning, or undefined when the failure is something else. */
export function duplicateOf(error: unknown): string[] | undefined {
  if (!(error instanceof ApiFailure) || error.status !== 409) return undefined;
  const answer = error.answer;
  if (typeof answer !== 'object' || answer === null || !('duplicateOf' in answer) || !Array.isArray(answer.duplicateOf)) return undefined;
  return answer.duplicateOf.filter((id): id is string => typeof id === 'string');
}

export interface DuplicateWarning {
  readonly section: HTMLElement;
  /** Where a failure of the confirmed submission is shown. */
  readonly failure: HTMLElement;
  readonly buttons: readonly HTMLButtonElement[];
}

/** The warning section with its two buttons; the caller places it and focuses its heading. */
export function duplicateWarning(caseIds: readonly string[], onConfirm: (warning: DuplicateWarning) => void, onCancel: () => void): DuplicateWarning {
  const confirm = h('button', { type: 'button' }, CONFIRM_LABEL);
  const cancel = h('button', { type: 'button', class: 'secondary' }, CANCEL_LABEL);
  const failure = h('div', {});
  const section = h(
    'section',
    { id: DUPLICATE_ID, class: 'warnung', 'aria-labelledby': `${DUPLICATE_ID}-titel` },
    h('h2', { id: `${DUPLICATE_ID}-titel`, tabindex: '-1' }, DUPLICATE_HEADING),
    h('p', { class: 'fallnummer-zeile' }, caseNumbersText(caseIds)),
    h('p', {}, DUPLICATE_EXPLANATION),
    failure,
    h('div', { class: 'aktionen' }, confirm, cancel),
  );
  const warning: DuplicateWarning = { section, failure, buttons: [cancel, confirm] };
  confirm.addEventListener('click', () => {
    onConfirm(warning);
  });
  cancel.addEventListener('click', onCancel);
  return warning;
}
