/**
 * DOM helpers the two case pages (faelle, fall) share: marks, a confirmation step before irreversible actions,
 * and the message after an action. Their fields and errors are web/forms.ts.
 */
import { h, replace, type Child } from './dom.ts';
import type { Mark } from './case-labels.ts';

/** Marks as words in a bordered box; the colour only repeats what the word says. */
export function marksElement(marks: readonly Mark[]): Child {
  if (marks.length === 0) return undefined;
  const spans = marks.map((mark) => h('span', { class: `marke ${mark.tone}` }, mark.label));
  return h('span', {}, ...spans.flatMap((span, index) => (index === 0 ? [span] : [' ', span])));
}

/** An action on the case page (consent, closing, resuming, reopening …). */
export interface CaseAction {
  /** Said (live region) while the call runs. */
  readonly busy: string;
  /** Makes the call; resolves with what to tell the person. */
  readonly run: () => Promise<string>;
  /** Shows a failure where it belongs (beside the form's fields or the button). */
  readonly fail: (error: unknown) => void;
}

/** How the case page runs an action: says `busy`, runs it, then shows the case again with its message, or calls `fail`. */
export type RunAction = (action: CaseAction) => Promise<void>;

export interface ConfirmOptions {
  /** The button that starts the step (with an id); it comes back when the person cancels. */
  readonly trigger: HTMLButtonElement;
  /** What will happen, as a question; read with the confirm button. */
  readonly question: string;
  readonly confirmLabel: string;
  /** Runs the action; the step stays open (buttons disabled) until it settles. */
  readonly onConfirm: () => Promise<void>;
}

/**
 * Irreversible actions (revoking a consent, closing a case) ask first: the trigger gives way to the question
 * with "confirm" and "cancel"; focus moves along so keyboard and screen reader users follow.
 */
export function confirmStep({ trigger, question, confirmLabel, onConfirm }: ConfirmOptions): HTMLDivElement {
  const host = h('div', { class: 'bestaetigung' }, trigger);
  trigger.addEventListener('click', () => {
    const questionId = `${trigger.id}-frage`;
    const confirm = h('button', { type: 'button', class: 'gefahr', 'aria-describedby': questionId }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Abbrechen');
    cancel.addEventListener('click', () => {
      replace(host, trigger);
      trigger.focus();
    });
    confirm.addEventListener('click', () => {
      confirm.disabled = true;
      cancel.disabled = true;
      void onConfirm().finally(() => {
        confirm.disabled = false;
        cancel.disabled = false;
      });
    });
    replace(host, h('p', { id: questionId, class: 'hinweis' }, question), h('div', { class: 'aktionen' }, confirm, cancel));
    confirm.focus();
  });
  return host;
}

/** The message after an action, in the page's message area (a live region), focused so it is read at once. */
export function showSuccess(area: HTMLElement, text: string): void {
  area.classList.add('erfolg');
  replace(area, h('p', {}, text));
  area.focus();
}

export function clearMessage(area: HTMLElement): void {
  area.classList.remove('erfolg');
  replace(area);
}
