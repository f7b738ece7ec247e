/**
 * The intake form as HTML, from the profile, the values a person typed and the schema's field errors: built into
 * the start page at build time (web/build.ts) and sent again with the errors by POST /api/intakes when the form
 * was posted without JavaScript. Pure (no DOM, no Node APIs), so the page script uses the same ids, labels,
 * error summary entries and review descriptions when it shows errors itself.
 *
 * Accessibility (WCAG 2.1 AA): every control has a visible label (a <legend> for groups), hints and errors are
 * tied to their controls by aria-describedby, invalid controls carry aria-invalid, and the error summary links
 * to each field. `novalidate`: the zod schema is the one validation, so the browser's own bubbles never disagree.
 */
import { escapeHtml } from '../html/escape-html.ts';
import type { FieldError } from '../validation/format-issues.ts';
import { fieldOfError, FORM_TOKEN_FIELD, INTAKE_FIELDS, isTicked, type IntakeField } from './intake-form.ts';
import { isChoiceControl, isGroup, layoutOf, SECTIONS, type ChoiceControl, type FieldLayout, type IntakeFormProfile, type SingleControl } from './intake-form-layout.ts';


export const INTAKE_HEADING = 'Erstaufnahme';
export const INTAKE_FORM_ID = 'erstaufnahme';
export const ERROR_SUMMARY_ID = 'fehlerliste';
export const ERROR_SUMMARY_HEADING = 'Bitte prüfen Sie Ihre Angaben';
export const ACCEPTED_ID = 'angenommen';
/** The start page's <template> of the accepted answer, which the page script fills in. */
export const ACCEPTED_TEMPLATE_ID = `vorlage-${ACCEPTED_ID}`;
/** The element that shows the case number after a successful intake. */
export const CASE_NUMBER_ID = 'fallnummer';
/** Without JavaScript the form is saved at once; the page script relabels it, since it shows a review first. */
export const SUBMIT_BUTTON_ID = 'absenden';
export const SUBMIT_LABEL_DIRECT = 'Verbindlich absenden';
export const SUBMIT_LABEL_REVIEW = 'Angaben prüfen';

// --- ids ----------------------------------------------------------------------------------------------------

const baseId = (name: string): string => `feld-${name.replace(/\./g, '-')}`;

/**
 * The ids of a field's elements. `control` is the input, or a group's first choice: what the error summary links
 * to. `container` holds label, hint, error and controls; `other` is the free-text input of a group (languages).
 */
export function fieldIds(name: string): { control: string; hint: string; error: string; container: string; other: string } {
  const id = baseId(name);
  return { control: id, hint: `${id}-hilfe`, error: `${id}-fehler`, container: `${id}-bereich`, other: `${id}-weitere` };
}

/** The first choice of a group gets the field's own id, so labels and summary links need no profile. */
const choiceId = (name: string, index: number, value: string): string => (index === 0 ? baseId(name) : `${baseId(name)}-${value}`);


function tableField(name: string): IntakeField {
  const field = INTAKE_FIELDS.find((f) => f.name === name);
  if (field === undefined) throw new Error(`intake form lays out ${name}, which is not an intake field`);
  return field;
}

const visibleLabel = (field: IntakeField): string => (field.presence === 'optional' ? `${field.label} (optional)` : field.label);

// --- errors -------------------------------------------------------------------------------------------------

export interface ErrorSummaryEntry {
  readonly text: string;
  /** `#<id>` of the control to fix; absent for errors about the whole submission. */
  readonly href?: string;
}

export interface FormProblems {
  /** Errors of the whole submission first, then the fields in form order. */
  readonly summary: readonly ErrorSummaryEntry[];
  /** The error text next to each field, by field name. */
  readonly byField: ReadonlyMap<string, string>;
}

/** Groups the API's (or the schema's) field errors by form field: one summary entry and one text per field. */
export function formProblems(errors: readonly FieldError[]): FormProblems {
  const general: ErrorSummaryEntry[] = [];
  const messages = new Map<string, string[]>();
  const toOther = new Set<string>();
  for (const error of errors) {
    const field = fieldOfError(error.field);
    if (field === undefined) {
      general.push({ text: error.field.startsWith('(') ? error.message : `${error.field}: ${error.message}` });
      continue;
    }
    const list = messages.get(field.name) ?? [];
    if (!list.includes(error.message)) list.push(error.message);
    messages.set(field.name, list);
    // A bad entry of a list with a free-text input can only have been typed there: link to that input.
    const control = layoutOf(field).control;
    if (error.field !== field.name && isChoiceControl(control) && control.other !== undefined) toOther.add(field.name);
  }
  const byField = new Map<string, string>();
  const fieldEntries: ErrorSummaryEntry[] = [];
  for (const field of INTAKE_FIELDS) {
    const list = messages.get(field.name);
    if (list === undefined) continue;
    const text = list.join('; ');
    byField.set(field.name, text);
    const ids = fieldIds(field.name);
    fieldEntries.push({ text: `${field.label}: ${text}`, href: `#${toOther.has(field.name) ? ids.other : ids.control}` });
  }
  return { summary: [...general, ...fieldEntries], byField };
}

// --- HTML ---------------------------------------------------------------------------------------------------

type AttributeValue = string | boolean | undefined;

/** Attributes in the order given; false and undefined are left out, true is a bare attribute. */
function attributes(record: Readonly<Record<string, AttributeValue>>): string {
  return Object.entries(record)
    .map(([name, value]) => (value === undefined || value === false ? '' : value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join('');
}

const describedBy = (...ids: readonly (string | undefined)[]): string | undefined => {
  const present = ids.filter((id): id is string => id !== undefined);
  return present.length === 0 ? undefined : present.join(' ');
};

function renderErrorSummary(entries: readonly ErrorSummaryEntry[]): string {
  const items = entries.map((entry) => `<li>${entry.href === undefined ? escapeHtml(entry.text) : `<a href="${escapeHtml(entry.href)}">${escapeHtml(entry.text)}</a>`}</li>`).join('');
  // autofocus: without JavaScript the page opens on the summary, as the page script moves focus there itself.
  return (
    `<div class="fehlerliste" id="${ERROR_SUMMARY_ID}" tabindex="-1" autofocus aria-labelledby="${ERROR_SUMMARY_ID}-titel">` +
    `<h2 id="${ERROR_SUMMARY_ID}-titel">${escapeHtml(ERROR_SUMMARY_HEADING)}</h2><ul>${items}</ul></div>`
  );
}

interface FieldState {
  readonly values: URLSearchParams;
  readonly error: string | undefined;
  readonly profile: IntakeFormProfile;
}

function renderChoices(field: IntakeField, control: ChoiceControl, state: FieldState, errorId: string | undefined): string {
  const ids = fieldIds(field.name);
  const given = state.values.getAll(field.name);
  const choices = control.choices(state.profile);
  const boxes = choices
    .map((choice, index) => {
      const id = choiceId(field.name, index, choice.value);
      const hintId = choice.hint === undefined ? undefined : `${id}-beschreibung`;
      const input = `<input${attributes({
        type: control.kind === 'radios' ? 'radio' : 'checkbox',
        id,
        name: field.name,
        value: choice.value,
        checked: given.includes(choice.value),
        'aria-describedby': describedBy(hintId, errorId),
        'aria-invalid': errorId === undefined ? undefined : 'true',
      })}>`;
      const hint = hintId === undefined ? '' : `<span class="hilfe" id="${escapeHtml(hintId)}">${escapeHtml(choice.hint ?? '')}</span>`;
      return `<div class="auswahl">${input}<span><label for="${escapeHtml(id)}">${escapeHtml(choice.label)}</label>${hint}</span></div>`;
    })
    .join('');
  if (control.other === undefined) return boxes;
  // Whatever was sent under the name but is not a choice was typed: it goes back into the text input unchanged.
  const typed = given.filter((value) => !choices.some((choice) => choice.value === value)).join(', ');
  const other =
    `<div class="weitere"><label for="${ids.other}">${escapeHtml(control.other.label)}</label>` +
    `<span class="hilfe" id="${ids.other}-hilfe">${escapeHtml(control.other.hint)}</span>` +
    `<input${attributes({ type: 'text', id: ids.other, name: field.name, value: typed, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': describedBy(`${ids.other}-hilfe`, errorId), 'aria-invalid': errorId === undefined ? undefined : 'true' })}></div>`;
  return boxes + other;
}

function renderSingleControl(field: IntakeField, control: SingleControl, state: FieldState, hintId: string | undefined, errorId: string | undefined): string {
  const ids = fieldIds(field.name);
  const common = {
    id: ids.control,
    name: field.name,
    'aria-describedby': describedBy(hintId, errorId),
    'aria-invalid': errorId === undefined ? undefined : 'true',
  };
  const value = state.values.get(field.name) ?? '';
  switch (control.kind) {
    case 'input':
      // autocomplete off: staff type someone else's data, the browser's suggestions would be their own.
      return `<input${attributes({ type: control.type, ...common, value, autocomplete: 'off', inputmode: control.inputmode, spellcheck: control.type === 'text' ? 'false' : undefined })}>`;
    case 'textarea':
      // The newline after the tag is dropped by the parser, so a value's own leading newline survives.
      return `<textarea${attributes({ ...common, rows: '5' })}>\n${escapeHtml(value)}</textarea>`;
    case 'select': {
      const options = [{ value: '', label: control.prompt }, ...control.choices(state.profile)]
        .map((choice) => `<option${attributes({ value: choice.value, selected: choice.value === value && value !== '' })}>${escapeHtml(choice.label)}</option>`)
        .join('');
      return `<select${attributes(common)}>${options}</select>`;
    }
    case 'checkbox':
      return `<div class="auswahl"><input${attributes({ type: 'checkbox', ...common, value: 'ja', checked: isTicked(state.values.get(field.name)) })}><label for="${ids.control}">${escapeHtml(control.text)}</label></div>`;
  }
}

function renderField(layout: FieldLayout, state: FieldState): string {
  const field = tableField(layout.name);
  const ids = fieldIds(field.name);
  const hintId = layout.hint === undefined ? undefined : ids.hint;
  const errorId = state.error === undefined ? undefined : ids.error;
  const hint = layout.hint === undefined ? '' : `<span class="hilfe" id="${ids.hint}">${escapeHtml(layout.hint)}</span>`;
  const error = state.error === undefined ? '' : `<span class="feldfehler" id="${ids.error}">${escapeHtml(state.error)}</span>`;
  const classes = state.error === undefined ? 'feld' : 'feld mit-fehler';
  const { control } = layout;
  if (isChoiceControl(control)) {
    return (
      `<fieldset${attributes({ class: classes, id: ids.container, 'aria-describedby': describedBy(hintId, errorId) })}>` +
      `<legend>${escapeHtml(visibleLabel(field))}</legend>${hint}${error}${renderChoices(field, control, state, errorId)}</fieldset>`
    );
  }
  // A single checkbox is labelled by its own text; the field's name is only needed in the error summary.
  const label = control.kind === 'checkbox' ? '' : `<label for="${ids.control}">${escapeHtml(visibleLabel(field))}</label>`;
  return `<div class="${classes}" id="${ids.container}">${label}${hint}${error}${renderSingleControl(field, control, state, hintId, errorId)}</div>`;
}

export interface IntakeFormOptions {
  readonly profile: IntakeFormProfile;
  /** What was sent, exactly as sent, so nothing typed is lost when the form comes back with errors. */
  readonly values?: URLSearchParams;
  readonly errors?: readonly FieldError[];
  /** The hidden idempotency token; the page script adds one when there is none. */
  readonly formToken?: string;
}

/** The error summary (when there are errors) and the form. */
export function renderIntakeForm({ profile, values = new URLSearchParams(), errors = [], formToken }: IntakeFormOptions): string {
  const problems = formProblems(errors);
  const stateOf = (name: string): FieldState => ({ values, profile, error: problems.byField.get(name) });
  const sections = SECTIONS.map((section) => {
    const items = section.items
      .map((item) =>
        isGroup(item)
          ? `<fieldset class="gruppe"><legend>${escapeHtml(item.legend)}</legend><p class="hilfe">${escapeHtml(item.hint)}</p>${item.fields.map((f) => renderField(f, stateOf(f.name))).join('')}</fieldset>`
          : renderField(item, stateOf(item.name)),
      )
      .join('');
    return `<fieldset><legend>${escapeHtml(section.legend)}</legend>${items}</fieldset>`;
  }).join('');
  const token = formToken === undefined ? '' : `<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${escapeHtml(formToken)}">`;
  return (
    (problems.summary.length === 0 ? '' : renderErrorSummary(problems.summary)) +
    `<form id="${INTAKE_FORM_ID}" method="post" action="/api/intakes" novalidate>` +
    '<p>Bitte erfassen Sie die Angaben der neu angekommenen Person. Alle Angaben sind Pflicht, außer sie sind als „optional“ gekennzeichnet.</p>' +
    `${token}${sections}<div class="aktionen"><button type="submit" id="${SUBMIT_BUTTON_ID}">${SUBMIT_LABEL_DIRECT}</button></div></form>`
  );
}

export const ACCEPTED_HEADING = 'Die Erstaufnahme ist gespeichert';

/** What happens after an intake, told to the intake staff (and through them to the person). */
export const NEXT_STEPS: readonly string[] = [
  'KIM Flow ordnet den Fall einem Schwerpunkt zu. Wird der gewünschte Schwerpunkt in der Kommune nicht angeboten, übernimmt die Beratung für neu Angekommene, und die Koordination erhält eine Bedarfsmeldung.',
  'Eine Case-Managerin oder ein Case-Manager eines Trägers oder der Kommune wird zugewiesen und per E-Mail informiert – bei einer akuten Krise mit der Bitte, den Fall vorrangig aufzunehmen.',
  'Das Case-Management meldet sich bei der Person, klärt den Bedarf und vermittelt an passende Stellen und Angebote. Angaben gehen dabei nur mit einer eigenen Einwilligung der Person an eine andere Stelle.',
  'Die Koordination im Kommunalen Integrationszentrum behält den Fall im Blick, bis er abgeschlossen ist.',
];

/**
 * The answer to a saved intake: the case number, prominent, and what happens next. The page script shows the
 * same markup (a <template> built from this) and fills in the number. "Neue Erstaufnahme" is a small GET form,
 * so it is a real button that also works without JavaScript.
 */
export function renderIntakeAccepted(caseId: string): string {
  return (
    `<div id="${ACCEPTED_ID}"><section class="erfolg" aria-labelledby="${ACCEPTED_ID}-titel">` +
    `<h2 id="${ACCEPTED_ID}-titel" tabindex="-1">${escapeHtml(ACCEPTED_HEADING)}</h2>` +
    `<p class="fallnummer-zeile">Fallnummer: <strong id="${CASE_NUMBER_ID}" class="fallnummer">${escapeHtml(caseId)}</strong></p>` +
    '<p>Bitte notieren Sie die Fallnummer. Unter ihr finden Koordination und Case-Management den Fall.</p></section>' +
    `<h2>Wie es weitergeht</h2><ol class="schritte">${NEXT_STEPS.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>` +
    '<form method="get" action="/"><button type="submit">Neue Erstaufnahme beginnen</button></form></div>'
  );
}
