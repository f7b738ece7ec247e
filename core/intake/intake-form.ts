/**
 * The intake as an HTML form: the one table of its fields (form name = schema path, German label, how the value
 * travels) and the decoding of a submission into the intake's JSON shape, so one schema validates both. The
 * table is shared by the form renderer (server, build) and the page script (browser), so error summaries, field
 * ids and labels cannot drift apart. No DOM and no Node APIs: it runs in both places.
 */

/**
 * How a field travels in a form: `text` one typed value; `choice` one value picked from a list (select, radio
 * buttons); `date` one value that may also be typed the German way (TT.MM.JJJJ, for browsers without a date
 * picker); `list` repeated names and/or one text of comma- or space-separated values; `boolean` a checkbox,
 * absent when not ticked.
 */
export type FieldEncoding = 'text' | 'choice' | 'date' | 'list' | 'boolean';

/**
 * `required`: a blank required text is sent as empty text, so the schema says "darf nicht leer sein" rather than
 * naming a type; a blank choice or date is left out, so the schema's own message for a missing one applies ("bitte
 * eine Kommune des Kreises wählen"; empty text would fail their format and range checks instead).
 * `optional`: blank counts as not given. `together`: the fields sharing the first path segment (the address) are
 * optional as a whole, but once one of them is filled in, the others are required.
 */
export type FieldPresence = 'required' | 'optional' | 'together';

export interface IntakeField {
  /** The form field's name, which is also its schema path (`address.street`). */
  readonly name: string;
  /** German, as on the form and in the error summary. */
  readonly label: string;
  readonly encoding: FieldEncoding;
  readonly presence: FieldPresence;
}

/** In the form's order, which is also the order of the error summary and the review. */
export const INTAKE_FIELDS: readonly IntakeField[] = [
  { name: 'familyName', label: 'Familienname', encoding: 'text', presence: 'required' },
  { name: 'givenNames', label: 'Vornamen', encoding: 'text', presence: 'optional' },
  { name: 'dateOfBirth', label: 'Geburtsdatum', encoding: 'date', presence: 'required' },
  { name: 'gender', label: 'Geschlecht', encoding: 'choice', presence: 'optional' },
  { name: 'nationality', label: 'Staatsangehörigkeit', encoding: 'choice', presence: 'required' },
  { name: 'languages', label: 'Sprachen', encoding: 'list', presence: 'required' },
  { name: 'interpreterNeeded', label: 'Dolmetschung', encoding: 'boolean', presence: 'required' },
  { name: 'municipalityId', label: 'Kommune', encoding: 'choice', presence: 'required' },
  { name: 'address.street', label: 'Straße und Hausnummer', encoding: 'text', presence: 'together' },
  { name: 'address.postalCode', label: 'Postleitzahl', encoding: 'text', presence: 'together' },
  { name: 'address.city', label: 'Ort', encoding: 'text', presence: 'together' },
  { name: 'phone', label: 'Telefon', encoding: 'text', presence: 'optional' },
  { name: 'email', label: 'E-Mail', encoding: 'text', presence: 'optional' },
  { name: 'residenceStatus', label: 'Aufenthaltsstatus', encoding: 'choice', presence: 'required' },
  { name: 'arrivalDate', label: 'Ankunft in Deutschland', encoding: 'date', presence: 'required' },
  { name: 'needs.categories', label: 'Bedarfe', encoding: 'list', presence: 'required' },
  { name: 'needs.description', label: 'Beschreibung des Bedarfs', encoding: 'text', presence: 'optional' },
  { name: 'requestedFocusArea', label: 'Gewünschter Schwerpunkt', encoding: 'choice', presence: 'required' },
  { name: 'crisis', label: 'Akute Krise', encoding: 'boolean', presence: 'required' },
  { name: 'consentToProcessing', label: 'Einwilligung', encoding: 'boolean', presence: 'required' },
];

/** The hidden field that makes a form submission idempotent when no Idempotency-Key header can be sent. */
export const FORM_TOKEN_FIELD = 'formToken';

/**
 * The field an error of the schema belongs to: `languages[2]` → languages, and a parent path (`needs`,
 * `address`) → its first field. Undefined for errors about the whole request (`(gesamt)`, `Idempotency-Key`).
 */
export function fieldOfError(path: string): IntakeField | undefined {
  const base = path.replace(/\[\d+\].*$/s, '');
  return INTAKE_FIELDS.find((field) => field.name === base) ?? INTAKE_FIELDS.find((field) => field.name.startsWith(`${base}.`));
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] ?? path] = value;
}

/** A checkbox's value when ticked: ours send `ja`; `on` is the browser's default, `true` what scripts send. */
export function isTicked(value: string | null | undefined): boolean {
  return value === 'ja' || value === 'on' || value === 'true';
}

const GERMAN_DATE = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/;

/** `1.9.2026` → `2026-09-01`; anything else unchanged, for the schema to judge. */
function isoFromGermanDate(value: string): string {
  const match = GERMAN_DATE.exec(value);
  if (match === null) return value;
  const [, day = '', month = '', year = ''] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The field's value in the intake, or undefined when it is not given (left out of the intake). */
function decodeField(field: IntakeField, form: URLSearchParams): unknown {
  switch (field.encoding) {
    case 'boolean':
      return isTicked(form.get(field.name));
    case 'list': {
      // Codes and ids never contain commas or spaces, so splitting is safe; a language ticked and also typed
      // counts once. Nothing ticked or typed is an empty list, which the schema reports as missing.
      const items = form
        .getAll(field.name)
        .flatMap((value) => value.split(/[\s,;]+/))
        .filter((item) => item !== '')
        .map((item) => item.toLowerCase());
      return [...new Set(items)];
    }
    case 'text':
    case 'choice':
    case 'date': {
      const value = form.get(field.name);
      if (value === null) return undefined;
      if (value.trim() === '') return field.presence === 'required' && field.encoding === 'text' ? '' : undefined;
      return field.encoding === 'date' ? isoFromGermanDate(value) : value;
    }
  }
}

/**
 * Turns an HTML form submission into the intake's JSON shape. Only the table's fields are read; anything else is
 * ignored (and a name like `__proto__.x` can never be a path). A checkbox that is not ticked is absent, so absent
 * booleans are false.
 */
export function intakeFromForm(form: URLSearchParams): { intake: Record<string, unknown>; formToken?: string } {
  const intake: Record<string, unknown> = {};
  for (const field of INTAKE_FIELDS) {
    const value = decodeField(field, form);
    if (value !== undefined) setPath(intake, field.name, value);
  }
  for (const field of INTAKE_FIELDS) {
    const group = field.name.split('.')[0] ?? field.name;
    // A partly filled address: its blank parts become empty text, so the schema names each missing part.
    if (field.presence === 'together' && intake[group] !== undefined && form.has(field.name) && decodeField(field, form) === undefined) {
      setPath(intake, field.name, '');
    }
  }
  const formToken = form.get(FORM_TOKEN_FIELD) ?? undefined;
  return formToken === undefined || formToken === '' ? { intake } : { intake, formToken };
}
