/** The intake as the person entered it, in the form's words and order: the review before it is sent. */
import { INTAKE_FIELDS, type IntakeField } from './intake-form.ts';
import { isChoiceControl, layoutOf, type IntakeFormProfile } from './intake-form-layout.ts';

export interface ReviewEntry {
  readonly label: string;
  readonly value: string;
}

function valueAt(intake: Readonly<Record<string, unknown>>, path: string): unknown {
  let node: unknown = intake;
  for (const part of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/** A value as the form showed it: the choice's label, a German date, Ja/Nein. */
function describeValue(field: IntakeField, value: unknown, profile: IntakeFormProfile): string {
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nein';
  const control = layoutOf(field).control;
  const one = (item: string): string => {
    if (field.encoding === 'date') return item.split('-').reverse().join('.');
    if (!('choices' in control)) return item;
    const choice = control.choices(profile).find((c) => c.value === item);
    if (choice !== undefined) return choice.label;
    return isChoiceControl(control) && control.describe !== undefined ? control.describe(item) : item;
  };
  return Array.isArray(value) ? value.map((item) => one(String(item))).join(', ') : one(String(value));
}

/** The intake as label/value pairs in form order, for the review before it is sent; fields not given are left out. */
export function describeIntake(intake: Readonly<Record<string, unknown>>, profile: IntakeFormProfile): ReviewEntry[] {
  return INTAKE_FIELDS.flatMap((field) => {
    const value = valueAt(intake, field.name);
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return [];
    return [{ label: field.label, value: describeValue(field, value, profile) }];
  });
}
