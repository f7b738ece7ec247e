/**
 * A form on the case page that makes one API call: its content, a submit button, the errors beside each field and
 * in a summary, and — when it worked — the case read again with the message the call returned (RunAction).
 * The record's forms (contacts, notes, goals) and the additions after the assessment are built with it.
 */
import type { RunAction } from './case-page.ts';
import { h, type Child } from './dom.ts';
import { clearErrors, failureReport, showErrors, type PlacedProblem } from './forms.ts';

/** Where the API's errors for a field go: the control (or fieldset) by id, and the field's name in the summary. */
export type ErrorPlaces = Readonly<Record<string, Omit<PlacedProblem, 'message'>>>;

/** A labelled field of the form: the rendered `.feld`, and the API's field path whose errors it shows. */
export interface ActionField {
  readonly element: HTMLElement;
  readonly path: string;
  /** The id of the control (or fieldset) the error is placed at. */
  readonly id: string;
  readonly label: string;
}

/** The content and the error places of a form made of labelled fields. */
export function fieldsOf(fields: readonly ActionField[]): { readonly content: readonly Child[]; readonly place: ErrorPlaces } {
  return { content: fields.map((f) => f.element), place: Object.fromEntries(fields.map((f) => [f.path, { elementId: f.id, label: f.label }])) };
}

export interface ActionFormOptions {
  readonly run: RunAction;
  /** Everything between the summary and the button: fields, fieldsets, text. */
  readonly content: readonly Child[];
  /** By the API's field path; an error below a path (`needCategories[1]`, `goals.Z01`) goes to that path's place. */
  readonly place: ErrorPlaces;
  readonly submitLabel: Child;
  /** Said while the call runs. */
  readonly busy: string;
  /** Makes the call; resolves with what to tell the person. */
  readonly submit: () => Promise<string>;
  readonly heading?: 'h3' | 'h4';
  readonly className?: string;
}

const placeOf = (place: ErrorPlaces, path: string): Omit<PlacedProblem, 'message'> | undefined =>
  place[path] ?? Object.entries(place).find(([key]) => path.startsWith(`${key}.`) || path.startsWith(`${key}[`))?.[1];

export function actionForm(options: ActionFormOptions): HTMLFormElement {
  const summary = h('div', {});
  const button = h('button', { type: 'submit' }, options.submitLabel);
  const form = h('form', { novalidate: true, ...(options.className === undefined ? {} : { class: options.className }) }, summary, ...options.content, h('div', { class: 'aktionen' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    button.disabled = true;
    void options
      .run({
        busy: options.busy,
        run: options.submit,
        fail: (error) => {
          showErrors(summary, failureReport(error, (path) => placeOf(options.place, path)), { heading: options.heading ?? 'h3' });
        },
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}
