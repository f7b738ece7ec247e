/**
 * Turns an HTML form submission into the intake's JSON shape, so one schema validates both. Field names are the
 * schema's paths (`needs.categories`, `address.street`); repeated names make lists; a checkbox that is not
 * ticked is simply absent, so absent booleans are false; blank optional fields count as not given.
 */
const LIST_FIELDS = new Set(['languages', 'needs.categories']);
const BOOLEAN_FIELDS = ['interpreterNeeded', 'crisis', 'consentToProcessing'];
/** Every field the form may send; anything else is ignored (and a name like `__proto__.x` can never be a path). */
const FIELDS = new Set([
  ...LIST_FIELDS,
  ...BOOLEAN_FIELDS,
  'familyName',
  'givenNames',
  'dateOfBirth',
  'gender',
  'nationality',
  'municipalityId',
  'address.street',
  'address.postalCode',
  'address.city',
  'phone',
  'email',
  'residenceStatus',
  'arrivalDate',
  'requestedFocusArea',
  'needs.description',
]);
/** The hidden field that makes a form submission idempotent when no Idempotency-Key header can be sent. */
export const FORM_TOKEN_FIELD = 'formToken';

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

export function intakeFromForm(form: URLSearchParams): { intake: Record<string, unknown>; formToken?: string } {
  const intake: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    if (!FIELDS.has(name)) continue;
    if (LIST_FIELDS.has(name)) {
      setPath(intake, name, form.getAll(name).filter((v) => v.trim() !== ''));
    } else if (BOOLEAN_FIELDS.includes(name)) {
      const value = form.get(name);
      setPath(intake, name, value === 'true' || value === 'on' || value === 'ja');
    } else {
      const value = form.get(name) ?? '';
      if (value.trim() !== '') setPath(intake, name, value);
    }
  }
  for (const name of BOOLEAN_FIELDS) if (!form.has(name)) intake[name] = false;
  const formToken = form.get(FORM_TOKEN_FIELD) ?? undefined;
  return formToken === undefined || formToken === '' ? { intake } : { intake, formToken };
}
