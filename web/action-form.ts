/**
 * A form on the case page that makes one API call: its fields, a submit button, the errors beside each field and
 * in a summary, and — when it worked — the case read again with the message the call returned (RunAction).
 * The record's forms (contacts, notes, goals) are built with it.
 */
import type { RunAction } from './case-page.ts';
import { h, type Child } from './dom.ts';
import { clearErrors, failureReport, showErrors } from './forms.ts';

/** A field of the form: the rendered `.feld`, and where the API's errors for `path` (and below it) go. */
export interface ActionField {
  readonly element: HTMLElement;
  readonly path: string;
  /** The id of the control (or fieldset) the error is placed at. */
  readonly id: string;
  readonly label: string;
}

export interface ActionFormOptions {
  readonly run: RunAction;
  readonly fields: readonly ActionField[];
  readonly submitLabel: Child;
  /** Said while the call runs. */
  readonly busy: string;
  /** Makes the call; resolves with what to tell the person. */
  readonly submit: () => Promise<string>;
  /** Text between the summary and the fields. */
  readonly intro?: Child;
  readonly heading?: 'h3' | 'h4';
  readonly className?: string;
}

export function actionForm(options: ActionFormOptions): HTMLFormElement {
  const summary = h('div', {});
  const button = h('button', { type: 'submit' }, options.submitLabel);
  const form = h('form', { novalidate: true, ...(options.className === undefined ? {} : { class: options.className }) }, summary, options.intro, ...options.fields.map((f) => f.element), h('div', { class: 'aktionen' }, button));
  const place = (path: string) => {
    const target = options.fields.find((f) => path === f.path || path.startsWith(`${f.path}.`));
    return target === undefined ? undefined : { elementId: target.id, label: target.label };
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    button.disabled = true;
    void options
      .run({
        busy: options.busy,
        run: options.submit,
        fail: (error) => {
          showErrors(summary, failureReport(error, place), { heading: options.heading ?? 'h3' });
        },
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}
