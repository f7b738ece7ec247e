/**
 * The small forms of the meeting page (agenda item, guest, reschedule): labelled fields, the API's German field
 * errors next to their field (aria-invalid, aria-describedby) and in a list at the top of the form that links to
 * each field and takes the focus, so keyboard and screen-reader users learn at once what went wrong.
 */
import { ApiFailure } from './api.ts';
import { h, replace } from './dom.ts';

export interface FormField {
  /** The API's field name, e.g. `date`. */
  readonly name: string;
  readonly label: string;
  readonly control: HTMLInputElement | HTMLTextAreaElement;
  readonly wrapper: HTMLDivElement;
}

export interface FieldOptions {
  readonly label: string;
  readonly type?: 'text' | 'email' | 'date' | 'time';
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
  const id = `feld-${name}-${String(fieldCount)}`;
  const hintId = `${id}-hilfe`;
  const attributes = {
    id,
    name,
    required: options.required,
    'aria-describedby': options.hint === undefined ? undefined : hintId,
    autocomplete: options.autocomplete ?? 'off',
  };
  const control = options.multiline === true ? h('textarea', { ...attributes, rows: 3 }) : h('input', { ...attributes, type: options.type ?? 'text' });
  if (options.value !== undefined) control.value = options.value;
  const wrapper = h(
    'div',
    { class: 'feld' },
    h('label', { for: id }, options.label, options.required === true ? '' : ' (freiwillig)'),
    options.hint !== undefined && h('span', { class: 'hilfe', id: hintId }, options.hint),
    control,
  );
  return { name, label: options.label, control, wrapper };
}

/** Removes the errors a previous attempt left. */
export function clearErrors(summary: HTMLElement, fields: readonly FormField[]): void {
  replace(summary);
  for (const field of fields) {
    field.wrapper.classList.remove('mit-fehler');
    field.wrapper.querySelector('.feldfehler')?.remove();
    field.control.removeAttribute('aria-invalid');
    const hint = field.wrapper.querySelector('.hilfe');
    if (hint === null) field.control.removeAttribute('aria-describedby');
    else field.control.setAttribute('aria-describedby', hint.id);
  }
}

/**
 * Shows a failed request: each field error next to its field, all of them (and errors of no field of this form,
 * or the failure's message alone) in the summary, which takes the focus.
 */
export function showErrors(summary: HTMLElement, fields: readonly FormField[], error: unknown): void {
  clearErrors(summary, fields);
  const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'Ein unerwarteter Fehler ist aufgetreten. Bitte laden Sie die Seite neu.');
  const items = failure.errors.map((fieldError) => {
    const field = fields.find((f) => f.name === fieldError.field);
    if (field === undefined) return h('li', {}, `${fieldError.field}: ${fieldError.message}`);
    const errorId = `${field.control.id}-fehler`;
    field.wrapper.classList.add('mit-fehler');
    // Before the control, after the label and hint: read right after the field's name.
    field.control.before(h('span', { class: 'feldfehler', id: errorId }, `${field.label}: ${fieldError.message}`));
    field.control.setAttribute('aria-invalid', 'true');
    field.control.setAttribute('aria-describedby', [field.control.getAttribute('aria-describedby'), errorId].filter((id) => id !== null).join(' '));
    return h('li', {}, h('a', { href: `#${field.control.id}` }, `${field.label}: ${fieldError.message}`));
  });
  const box = h('div', { class: 'fehlerliste', tabindex: -1, role: 'alert' }, h('p', {}, failure.message), items.length > 0 && h('ul', {}, ...items));
  replace(summary, box);
  box.focus();
}

/** The values of the fields by API name; empty optional fields are left out (the API takes them as absent). */
export function valuesOf(fields: readonly FormField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.control.value.trim()] as const).filter(([, value]) => value !== ''));
}
