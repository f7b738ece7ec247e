/**
 * The forms of the case and meeting pages: labelled fields, and errors next to their field plus a summary at the
 * top of the form. An error is read with its controls (aria-describedby) and marks them invalid (aria-invalid);
 * the summary is an alert that takes the focus and links to each field, so keyboard and screen-reader users learn
 * at once what went wrong and get there in one step. (The intake form has its own, server-rendered twin:
 * core/intake/intake-form-html.ts.)
 */
import { ApiFailure } from './api.ts';
import { h, replace, type Child } from './dom.ts';

export type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const describedByIds = (element: Element, without: string): string[] =>
  (element.getAttribute('aria-describedby') ?? '').split(' ').filter((existing) => existing !== '' && existing !== without);

function addDescribedBy(element: Element, id: string): void {
  element.setAttribute('aria-describedby', [...describedByIds(element, id), id].join(' '));
}

function removeDescribedBy(element: Element, id: string): void {
  const ids = describedByIds(element, id);
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

export interface ErrorReport {
  /** The sentence above the list: the API's message, or the page's own. */
  readonly message: string;
  /** Errors the form can show beside a field. */
  readonly placed: readonly PlacedProblem[];
  /** Errors without a field in this form: named in the summary only. */
  readonly unplaced: readonly { readonly field: string; readonly message: string }[];
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

/** Removes the errors shown in the form and its summary; hints stay tied to their controls. */
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
function placeError(element: HTMLElement, text: string): void {
  const feld = element.closest<HTMLElement>('.feld') ?? element;
  const errorId = `${element.id}-fehler`;
  document.getElementById(errorId)?.remove();
  const error = h('span', { class: 'feldfehler', id: errorId }, text);
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

export interface SummaryOptions {
  /**
   * A heading "Das hat nicht geklappt" above the message, at the level that keeps the page's headings in order
   * where the form sits (the case page's forms); without it the summary is the message and the list.
   */
  readonly heading?: 'h2' | 'h3' | 'h4';
  /** The error beside a field starts with the field's name as well, as the summary's entry does (the meeting page's forms). */
  readonly nameFieldInError?: boolean;
}

/**
 * Shows each placed error beside its field and all of them in a summary (role=alert) at the top of the form,
 * whose links lead to the fields; focus goes to the summary so it is read first.
 */
export function showErrors(summary: HTMLElement, report: ErrorReport, options: SummaryOptions = {}): void {
  const items: HTMLLIElement[] = [];
  for (const problem of report.placed) {
    const entry = `${problem.label}: ${problem.message}`;
    const element = document.getElementById(problem.elementId);
    if (element === null) {
      items.push(h('li', {}, entry));
      continue;
    }
    placeError(element, options.nameFieldInError === true ? entry : problem.message);
    const link = h('a', { href: `#${problem.elementId}` }, entry);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      focusControl(element);
    });
    items.push(h('li', {}, link));
  }
  // "(gesamt)" is the API's name for an error of the whole request: its message says all there is.
  for (const error of report.unplaced) items.push(h('li', {}, error.field === '(gesamt)' ? error.message : `${error.field}: ${error.message}`));
  const box = h(
    'div',
    { class: 'fehlerliste', role: 'alert', tabindex: -1 },
    options.heading !== undefined && h(options.heading, {}, 'Das hat nicht geklappt'),
    h('p', {}, report.message),
    items.length > 0 && h('ul', {}, ...items),
  );
  replace(summary, box);
  box.focus();
}
