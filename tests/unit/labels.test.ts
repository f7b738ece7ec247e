import { describe, expect, it } from 'vitest';
import { CASE_STAGES } from '../../core/cases/case.ts';
import { GAP_REASON_LABELS, STAGE_LABELS } from '../../core/cases/case-labels.ts';
import { CLIENT_FIELD_LABELS } from '../../core/cases/client-field-labels.ts';
import { GAP_REASONS } from '../../core/cases/gap-report.ts';
import { GENDER_LABELS, germanName, RESIDENCE_STATUS_LABELS } from '../../core/intake/client-labels.ts';
import { GENDERS, RESIDENCE_STATUSES } from '../../core/intake/intake-schema.ts';
import { CLIENT_DATA_FIELDS } from '../../core/profile/schema.ts';

describe('case labels', () => {
  it('name every stage in the order a case passes through them', () => {
    expect(Object.keys(STAGE_LABELS)).toEqual([...CASE_STAGES]);
    expect(STAGE_LABELS.referring).toBe('Vermittlung läuft');
  });

  it('name every reason for a gap report', () => {
    expect(Object.keys(GAP_REASON_LABELS).sort()).toEqual([...GAP_REASONS].sort());
    expect(GAP_REASON_LABELS['no-service-for-need']).toBe('Kein Angebot für diesen Bedarf');
  });
});

describe('CLIENT_FIELD_LABELS', () => {
  it('labels every client data field of the profile in German', () => {
    expect(Object.keys(CLIENT_FIELD_LABELS).sort()).toEqual([...CLIENT_DATA_FIELDS].sort());
    expect(CLIENT_FIELD_LABELS).toMatchObject({
      nationality: 'Staatsangehörigkeit',
      interpreterNeeded: 'Dolmetschung benötigt',
      municipality: 'Wohnort/Kommune',
      needsSummary: 'Bedarf (Kurzbeschreibung)',
    });
  });
});

describe('the intake\'s choices', () => {
  it('name every gender and residence status the schema accepts, in the schema\'s order', () => {
    expect(Object.keys(GENDER_LABELS)).toEqual([...GENDERS]);
    expect(Object.keys(RESIDENCE_STATUS_LABELS)).toEqual([...RESIDENCE_STATUSES]);
    expect(GENDER_LABELS.unspecified).toBe('ohne Angabe (Personenstand)');
    expect(RESIDENCE_STATUS_LABELS['temporary-protection']).toBe('Vorübergehender Schutz (§ 24 AufenthG)');
  });
});

describe('germanName', () => {
  it('names countries and languages in German', () => {
    expect(germanName('region', 'SY')).toBe('Syrien');
    expect(germanName('region', 'XK')).toBe('Kosovo');
    expect(germanName('language', 'uk')).toBe('Ukrainisch');
    expect(germanName('language', 'prs')).toBe('Dari');
  });

  it('gives the code back when Intl has no name for it or it is no code at all', () => {
    expect(germanName('language', 'qaa')).toBe('qaa');
    expect(germanName('language', 'not a code')).toBe('not a code');
    expect(germanName('region', '??')).toBe('??');
  });
});
