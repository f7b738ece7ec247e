import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_PATH, loadProfileFile } from '../../core/profile/load-profile.ts';
import { intakeSchema } from '../../core/intake/intake-schema.ts';
import { formatIssues, type FieldError } from '../../core/validation/format-issues.ts';

const profile = loadProfileFile(DEFAULT_PROFILE_PATH);
const schema = intakeSchema({ profile, today: '2026-11-24' });

const valid = {
  familyName: 'Al-Hassan',
  givenNames: 'Amira',
  dateOfBirth: '1990-04-12',
  nationality: 'SY',
  languages: ['ar', 'en'],
  interpreterNeeded: true,
  municipalityId: 'kreuzau',
  residenceStatus: 'protection',
  arrivalDate: '2026-10-01',
  requestedFocusArea: 'psychosocial',
  needs: { categories: ['psychosocial', 'language'], description: 'Schlafstörungen seit der Flucht.\nSucht einen Sprachkurs.' },
  crisis: false,
  consentToProcessing: true,
};

function errorsOf(input: unknown): FieldError[] {
  const result = schema.safeParse(input);
  return result.success ? [] : formatIssues(result.error.issues);
}
const fieldsOf = (input: unknown): string[] => errorsOf(input).map((e) => e.field);

describe('intake schema', () => {
  it('accepts a complete intake', () => {
    expect(errorsOf(valid)).toEqual([]);
  });

  it('accepts names in any script and stores them NFC-normalised', () => {
    for (const [familyName, givenNames] of [
      ['الحسن', 'أميرة'],
      ['Шевченко', 'Олена'],
      ['Nguyễn', 'Thị Lan'],
      ['O’Brien-Müller', 'Jean-Luc'],
      ['ገብረሥላሴ', 'ሰላም'],
    ] as const) {
      const parsed = schema.parse({ ...valid, familyName, givenNames });
      expect(parsed.familyName).toBe(familyName.normalize('NFC'));
    }
    const decomposed = 'Jose\u0301';
    expect(schema.parse({ ...valid, givenNames: decomposed }).givenNames).toBe('José');
  });

  it('rejects line breaks, control characters and bidi overrides in names, naming the field in German', () => {
    expect(errorsOf({ ...valid, familyName: 'Al-Hassan\r\nBcc: x@y.example' })).toEqual([
      { field: 'familyName', message: 'darf keine Zeilenumbrüche oder Steuerzeichen enthalten' },
    ]);
    expect(errorsOf({ ...valid, givenNames: 'Amira\u202Egnp.exe' })[0]).toEqual({
      field: 'givenNames',
      message: 'enthält unzulässige Steuerzeichen für die Schreibrichtung (z. B. U+202E)',
    });
    expect(fieldsOf({ ...valid, familyName: 'Al\u0000Hassan' })).toEqual(['familyName']);
    expect(fieldsOf({ ...valid, needs: { ...valid.needs, description: 'Text\u2067versteckt' } })).toEqual(['needs.description']);
  });

  it('rejects any name that carries a bidi control character', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'), fc.string(), (before, bidi, after) => {
        expect(fieldsOf({ ...valid, familyName: `A${before}${bidi}${after}` })).toContain('familyName');
      }),
    );
  });

  it('limits sizes in UTF-8 bytes, not characters', () => {
    expect(fieldsOf({ ...valid, familyName: 'ب'.repeat(100) })).toEqual([]); // 200 bytes
    expect(errorsOf({ ...valid, familyName: 'ب'.repeat(101) })[0]?.message).toMatch(/höchstens 200 Byte/);
    expect(fieldsOf({ ...valid, needs: { ...valid.needs, description: 'ä'.repeat(2001) } })).toEqual(['needs.description']);
  });

  it('checks dates against today and each other', () => {
    expect(errorsOf({ ...valid, dateOfBirth: '2026-11-25' })).toEqual([{ field: 'dateOfBirth', message: 'darf nicht in der Zukunft liegen' }]);
    expect(fieldsOf({ ...valid, dateOfBirth: '1990-02-30' })).toContain('dateOfBirth');
    expect(fieldsOf({ ...valid, arrivalDate: '1989-01-01' })).toEqual(['arrivalDate']);
  });

  it('knows only the profile’s municipalities and need categories', () => {
    expect(fieldsOf({ ...valid, municipalityId: 'aachen' })).toEqual(['municipalityId']);
    const { municipalityId: _omit, ...withoutMunicipality } = valid;
    expect(fieldsOf(withoutMunicipality)).toEqual(['municipalityId']);
    expect(fieldsOf({ ...valid, needs: { categories: ['lottery'] } })).toEqual(['needs.categories[0]']);
    expect(fieldsOf({ ...valid, needs: { categories: [] } })).toEqual(['needs.categories']);
  });

  it('requires the client’s consent to data processing', () => {
    expect(errorsOf({ ...valid, consentToProcessing: false })).toEqual([
      { field: 'consentToProcessing', message: 'ohne Einwilligung der Person in die Datenverarbeitung kann kein Fall angelegt werden' },
    ]);
  });

  it('reports an unknown field instead of ignoring it', () => {
    expect(fieldsOf({ ...valid, religion: 'x' })).toEqual(['religion']);
  });

  it('reports every problem of a bad submission at once, each with a German message', () => {
    const errors = errorsOf({ familyName: '', dateOfBirth: 'gestern', languages: [], interpreterNeeded: 'ja' });
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['familyName', 'dateOfBirth', 'nationality', 'languages', 'interpreterNeeded', 'municipalityId', 'residenceStatus', 'arrivalDate', 'requestedFocusArea', 'needs', 'crisis', 'consentToProcessing']),
    );
    for (const error of errors) expect(error.message).not.toMatch(/^(Invalid|Expected|Required)/);
  });
});
