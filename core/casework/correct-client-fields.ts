/**
 * The client data a case manager or the coordination may correct (Art. 16 DSGVO) and their German names, as the
 * correction form and the case history show them. Browser-safe: plain data and type imports only.
 */
import type { ClientRecord } from '../cases/case.ts';

/** Everything the intake recorded about the person, except the time of their consent (a fact, not a datum to correct). */
export const CORRECTABLE_FIELDS = [
  'familyName',
  'givenNames',
  'dateOfBirth',
  'gender',
  'nationality',
  'languages',
  'interpreterNeeded',
  'municipalityId',
  'address',
  'phone',
  'email',
  'residenceStatus',
  'arrivalDate',
  'needsDescription',
] as const satisfies readonly (keyof ClientRecord)[];
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** The intake form's names for them (core/intake/intake-form.ts), so the history says what the form said. */
export const CORRECTABLE_FIELD_LABELS: Readonly<Record<CorrectableField, string>> = {
  familyName: 'Familienname',
  givenNames: 'Vornamen',
  dateOfBirth: 'Geburtsdatum',
  gender: 'Geschlecht',
  nationality: 'Staatsangehörigkeit',
  languages: 'Sprachen',
  interpreterNeeded: 'Dolmetschung',
  municipalityId: 'Kommune',
  address: 'Anschrift',
  phone: 'Telefon',
  email: 'E-Mail',
  residenceStatus: 'Aufenthaltsstatus',
  arrivalDate: 'Ankunft in Deutschland',
  needsDescription: 'Beschreibung des Bedarfs',
};

/**
 * The attention step ("Klärung nötig") of a case whose case manager may no longer hold it after a change of
 * municipality (correct-client-plan.ts). Not a failure: the execution runs on; a hand-over clears it, "Fortsetzen"
 * does not apply.
 */
export const MUNICIPALITY_CHANGED = 'municipality-changed';

const isCorrectable = (name: string): name is CorrectableField => (CORRECTABLE_FIELDS as readonly string[]).includes(name);

/** `familyName,municipalityId` (the history event's `fields`) → "Familienname, Kommune"; unknown names stay as they are. */
export const correctedFieldNames = (fields: string): string =>
  fields
    .split(',')
    .filter((name) => name !== '')
    .map((name) => (isCorrectable(name) ? CORRECTABLE_FIELD_LABELS[name] : name))
    .join(', ');
