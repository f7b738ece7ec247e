/**
 * DOM helpers the two case pages (faelle, fall) share: marks, labelled fields,
 * errors next to their field plus a summary at the top of the form, a confirmation step before irreversible
 * actions, and the message after an action.
 */
import { ApiFailure } from './api.ts';
import { h, replace, type Child } from './dom.ts';
import type { Mark } from './case-labels.ts';

/** Marks as words in a bordered box; the colour only repeats what the word says. */
export function marksElement(marks: readonly Mark[]): Child {
  if (marks.length === 0) return undefined;
  const spans = marks.map((mark) => h('span', { class: `marke ${mark.tone}` }, mark.label));
  return h('span', {}, ...spans.flatMap((span, index) => (index === 0 ? [span] : [' ', span])));
}

export type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function addDescribedBy(element: Element, id: string): void {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(' ').filter((existing) => existing !== '' && existing !== id);
  element.setAttribute('aria-describedby', [...ids, id].join(' '));
}

function removeDescribedBy(element: Element, id: string): void {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(' ').filter((existing) => existing !== '' && existing !== id);
  if (ids.length === 0) element.removeAttribute('aria-describedby');
  else element.setAttribute('aria-describedby', ids.join(' '));
}

/** A labelled text field, select or text area with an optional hint, as `.feld`; the control gets the id. */
export function field(id: string, label: string, control: FormControl, hint?: string): HTMLDivElement {
  control.id = id;
  if (hint !== undefined) addDescribedBy(control, `${id}-hilfe`);
  return h('div', { class: 'feld' }, h('label', { for: id }, label), hint !== undefined && h('span', { class: 'hilfe', id: `${id}-hilfe` }, hint), control);
}

/** A checkbox or radio button with its label beside it. */
export function choice(input: HTMLInputElement, label: Child): HTMLDivElement {
  return h('div', { class: 'auswahl' }, input, h('label', { for: input.id }, label));
}

/** A problem the page can place: the element (a control, or the fieldset of a group) and its name for the summary. */
export interface PlacedProblem {
  readonly elementId: string;
  readonly label: string;
  readonly message: string;
}

/** Removes the errors shown in the form and its summary. */
export function clearErrors(form: HTMLElement, summary: HTMLElement): void {
  for (const error of form.querySelectorAll('.feldfehler')) {
    for (const control of form.querySelectorAll(`[aria-describedby~="${CSS.escape(error.id)}"]`)) removeDescribedBy(control, error.id);
    error.remove();
  }
  for (const feld of form.querySelectorAll('.mit-fehler')) feld.classList.remove('mit-fehler');
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  replace(summary);
}

function focusControl(element: HTMLElement): void {
  const control = element.matches('input, select, textarea') ? element : element.querySelector<HTMLElement>('input, select, textarea');
  (control ?? element).focus();
}

/** The error beside its field: after the label (or legend) and hint, read with the control (aria-describedby). */
function placeError(element: HTMLElement, message: string): void {
  const feld = element.closest<HTMLElement>('.feld') ?? element;
  const errorId = `${element.id}-fehler`;
  document.getElementById(errorId)?.remove();
  const error = h('span', { class: 'feldfehler', id: errorId }, message);
  let anchor: Element | undefined;
  for (const child of feld.children) {
    if (!child.matches('legend, label, .hilfe')) break;
    anchor = child;
  }
  if (anchor === undefined) feld.prepend(error);
  else anchor.after(error);
  feld.classList.add('mit-fehler');
  for (const control of feld.querySelectorAll('input, select, textarea')) {
    control.setAttribute('aria-invalid', 'true');
    addDescribedBy(control, errorId);
  }
}

export interface ErrorReport {
  /** The sentence above the list: the API's message, or the page's own. */
  readonly message: string;
  /** Errors the form can show beside a field. */
  readonly placed: readonly PlacedProblem[];
  /** Errors without a field in this form: named in the summary only. */
  readonly unplaced: readonly { readonly field: string; readonly message: string }[];
}

/**
 * Shows each placed error beside its field and all of them in a summary (role=alert) at the top of the form,
 * whose links lead to the fields; focus goes to the summary so it is read first. `headingLevel` keeps the
 * headings in order wherever the form sits.
 */
export function showErrors(summary: HTMLElement, report: ErrorReport, headingLevel: 'h2' | 'h3' | 'h4'): void {
  const items: HTMLLIElement[] = [];
  for (const problem of report.placed) {
    const element = document.getElementById(problem.elementId);
    if (element === null) {
      items.push(h('li', {}, `${problem.label}: ${problem.message}`));
      continue;
    }
    placeError(element, problem.message);
    const link = h('a', { href: `#${problem.elementId}` }, `${problem.label}: ${problem.message}`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      focusControl(element);
    });
    items.push(h('li', {}, link));
  }
  for (const error of report.unplaced) items.push(h('li', {}, error.field === '(gesamt)' ? error.message : `${error.field}: ${error.message}`));
  const box = h(
    'div',
    { class: 'fehlerliste', role: 'alert', tabindex: -1 },
    h(headingLevel, {}, 'Das hat nicht geklappt'),
    h('p', {}, report.message),
    items.length > 0 && h('ul', {}, ...items),
  );
  replace(summary, box);
  box.focus();
}

/** An error of a call as a report: the API's field errors placed where `place` finds them a field. */
export function failureReport(error: unknown, place: (field: string) => Omit<PlacedProblem, 'message'> | undefined): ErrorReport {
  const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'Ein unerwarteter Fehler ist aufgetreten. Bitte laden Sie die Seite neu.');
  const placed: PlacedProblem[] = [];
  const unplaced: { field: string; message: string }[] = [];
  for (const fieldError of failure.errors) {
    const target = place(fieldError.field);
    if (target === undefined) unplaced.push(fieldError);
    else placed.push({ ...target, message: fieldError.message });
  }
  return { message: failure.message, placed, unplaced };
}

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
