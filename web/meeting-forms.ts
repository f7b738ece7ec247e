/**
 * The small forms of the meeting pages (agenda item, guest, reschedule, a one-off meeting, a membership): fields
 * named as the API names them, with ids unique on the page, and the API's German field errors shown with
 * web/forms.ts.
 */
import { h } from './dom.ts';
import { clearErrors, failureReport, field, showErrors } from './forms.ts';

export interface FormField {
  /** The API's field name, e.g. `date`. */
  readonly name: string;
  readonly label: string;
  readonly control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  readonly wrapper: HTMLDivElement;
}

export interface FieldOptions {
  readonly label: string;
  readonly type?: 'text' | 'email' | 'date' | 'time' | 'number';
  readonly multiline?: true;
  readonly required?: true;
  readonly hint?: string;
  readonly value?: string;
  readonly autocomplete?: string;
}

let fieldCount = 0;

/** A labelled field whose id is unique on the page (the same API name appears in several forms). */
export function formField(name: string, options: FieldOptions): FormField {
  fieldCount += 1;
  const attributes = { name, required: options.required, autocomplete: options.autocomplete ?? 'off' };
  const control = options.multiline === true ? h('textarea', { ...attributes, rows: 3 }) : h('input', { ...attributes, type: options.type ?? 'text' });
  if (options.value !== undefined) control.value = options.value;
  const wrapper = field(`feld-${name}-${String(fieldCount)}`, `${options.label}${options.required === true ? '' : ' (freiwillig)'}`, control, options.hint);
  return { name, label: options.label, control, wrapper };
}

/** A labelled choice of `options` (value → label), required. */
export function selectField(name: string, label: string, options: readonly (readonly [string, string])[]): FormField {
  fieldCount += 1;
  const control = h('select', { name, required: true }, ...options.map(([value, text]) => h('option', { value }, text)));
  return { name, label, control, wrapper: field(`feld-${name}-${String(fieldCount)}`, label, control) };
}

/**
 * Shows a failed request in place of the previous attempt's errors: each field error next to its field, all of
 * them (and errors of no field of this form, or the failure's message alone) in the summary, which takes the focus.
 */
export function showFieldErrors(form: HTMLFormElement, summary: HTMLElement, fields: readonly FormField[], error: unknown): void {
  clearErrors(form, summary);
  const report = failureReport(error, (name) => {
    const found = fields.find((f) => f.name === name);
    return found === undefined ? undefined : { elementId: found.control.id, label: found.label };
  });
  showErrors(summary, report, { nameFieldInError: true });
}

/** The values of the fields by API name; empty optional fields are left out (the API takes them as absent). */
export function valuesOf(fields: readonly FormField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.control.value.trim()] as const).filter(([, value]) => value !== ''));
}

/**
 * A form of `fields` with one submit button: the values go to `send`; a failure shows the API's field errors next to
 * the fields (the values stay); an answer goes to `done` (which may leave the page or rebuild it). The button is
 * free again once both are over.
 */
export function submitForm<T>(fields: readonly FormField[], buttonLabel: string, send: (values: Record<string, string>) => Promise<T>, done: (answer: T) => unknown): HTMLFormElement {
  const summary = h('div', {});
  const button = h('button', { type: 'submit' }, buttonLabel);
  const form = h('form', { novalidate: true }, summary, ...fields.map((f) => f.wrapper), h('div', { class: 'aktionen' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    clearErrors(form, summary);
    void send(valuesOf(fields))
      .then(done)
      .catch((error: unknown) => {
        showFieldErrors(form, summary, fields, error);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}
