/** The person key's normalisation (duplicate warning, search by name) and the search's criteria. */
import { describe, expect, it } from 'vitest';
import { normalisedName, personKey } from '../../core/cases/person-key.ts';
import { searchCriteria, searchDate } from '../../core/casework/search-cases.ts';
import { splitConfirmation } from '../../core/intake/duplicate-person.ts';
import { Refusal } from '../../core/errors.ts';

describe('normalisedName', () => {
  it.each([
    ['Müller-Lüdenscheidt', 'mullerludenscheidt'],
    ['  MÜLLER  lüdenscheidt ', 'mullerludenscheidt'],
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['Yılmaz', 'yilmaz'],
    ['Kovačević', 'kovacevic'],
    ['Nguyễn', 'nguyen'],
    ['O’Brien', 'obrien'],
    ["d'Alembert", 'dalembert'],
    ['Łukaszewicz', 'lukaszewicz'],
    ['Ｍüller', 'muller'], // full-width letters (NFKC)
    ['Al–Hassan', 'alhassan'], // an en dash
  ])('%s → %s', (name, expected) => {
    expect(normalisedName(name)).toBe(expected);
  });

  it('keeps other scripts, forgiving their vowel marks', () => {
    expect(normalisedName('حَدَّاد')).toBe(normalisedName('حداد'));
    expect(normalisedName('Іванов')).toBe('іванов');
    expect(normalisedName('Іванов')).not.toBe(normalisedName('Иванова'));
  });

  it('does not join names that differ in letters (ü is not ue)', () => {
    expect(normalisedName('Müller')).not.toBe(normalisedName('Mueller'));
  });
});

describe('personKey', () => {
  it('is the same for spellings of one name and birth date, different for another date, and hides both', () => {
    const key = personKey('Müller-Yılmaz', '1979-11-23');
    expect(personKey('MULLER YILMAZ', '1979-11-23')).toBe(key);
    expect(personKey('Müller-Yılmaz', '1979-11-24')).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('searchCriteria', () => {
  const errorsOf = (query: Parameters<typeof searchCriteria>[0]) => {
    try {
      searchCriteria(query);
    } catch (error) {
      if (error instanceof Refusal) return error.errors;
    }
    return undefined;
  };

  it('takes a case number in any case and with spaces, or a name with a German or ISO date', () => {
    expect(searchCriteria({ caseNumber: ' kim-2026-7qk3m2xd ' })).toEqual({ by: 'case-number', caseId: 'KIM-2026-7QK3M2XD' });
    expect(searchCriteria({ familyName: ' Haddad ', dateOfBirth: '2.3.1988' })).toEqual({ by: 'name', familyName: 'Haddad', dateOfBirth: '1988-03-02' });
    expect(searchCriteria({ familyName: 'Haddad', dateOfBirth: '1988-03-02' })).toMatchObject({ dateOfBirth: '1988-03-02' });
  });

  it('names the field of each mistake in German', () => {
    expect(errorsOf({})).toEqual([{ field: 'caseNumber', message: 'bitte eine Fallnummer oder Familienname und Geburtsdatum angeben' }]);
    expect(errorsOf({ caseNumber: 'KIM-1' })).toEqual([{ field: 'caseNumber', message: 'muss eine Fallnummer wie KIM-2026-7QK3M2XD sein' }]);
    expect(errorsOf({ familyName: 'Haddad' })).toEqual([{ field: 'dateOfBirth', message: 'bitte zusammen mit dem Familiennamen angeben' }]);
    expect(errorsOf({ dateOfBirth: '1988-02-30' })).toEqual([
      { field: 'familyName', message: 'bitte zusammen mit dem Geburtsdatum angeben' },
      { field: 'dateOfBirth', message: 'muss ein Datum wie 02.03.1988 sein' },
    ]);
  });

  it('accepts only real days', () => {
    expect(searchDate('29.02.2024')).toBe('2024-02-29');
    expect(searchDate('29.02.2023')).toBeUndefined();
    expect(searchDate('1988-3-2')).toBeUndefined();
  });
});

describe('splitConfirmation', () => {
  it('takes the confirmation off the intake, so its schema and idempotency hash see the same request', () => {
    expect(splitConfirmation({ familyName: 'Haddad', duplicateConfirmed: true })).toEqual({ intake: { familyName: 'Haddad' }, duplicateConfirmed: true });
    expect(splitConfirmation({ familyName: 'Haddad', duplicateConfirmed: false })).toEqual({ intake: { familyName: 'Haddad' }, duplicateConfirmed: false });
    expect(splitConfirmation({ familyName: 'Haddad' })).toEqual({ intake: { familyName: 'Haddad' }, duplicateConfirmed: false });
    expect(splitConfirmation('kaputt')).toEqual({ intake: 'kaputt', duplicateConfirmed: false });
  });
});
