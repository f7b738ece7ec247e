import { describe, expect, it } from 'vitest';
import { fieldOfError, intakeFromForm } from '../../core/intake/intake-form.ts';
import { intakeSchema } from '../../core/intake/intake-schema.ts';
import { DEFAULT_PROFILE_PATH, loadProfileFile } from '../../core/profile/load-profile.ts';
import { formatIssues } from '../../core/validation/format-issues.ts';

describe('intake form encoding', () => {
  it('maps the schema paths, lists and unticked checkboxes', () => {
    const form = new URLSearchParams('familyName=Haddad&languages=ar&languages=en&needs.categories=language&address.city=D%C3%BCren&crisis=on&formToken=tok-12345678');
    expect(intakeFromForm(form)).toEqual({
      intake: { familyName: 'Haddad', languages: ['ar', 'en'], needs: { categories: ['language'] }, address: { city: 'Düren' }, crisis: true, interpreterNeeded: false, consentToProcessing: false },
      formToken: 'tok-12345678',
    });
  });

  it('ignores unknown names, so no field can reach an object prototype', () => {
    const form = new URLSearchParams('__proto__.caseManagerId=evil&constructor.prototype.x=1&familyName=Haddad&caseManagerId=someone');
    const { intake } = intakeFromForm(form);
    expect(({} as Record<string, unknown>).caseManagerId).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('caseManagerId');
    expect(intake).not.toHaveProperty('caseManagerId');
    expect(intake.familyName).toBe('Haddad');
  });

  it('splits languages typed as text by commas or spaces, lower-cased, and counts a language ticked and typed once', () => {
    const form = new URLSearchParams([
      ['languages', 'ar'],
      ['languages', 'en'],
      ['languages', 'UR, am;ar  fa,'],
    ]);
    expect(intakeFromForm(form).intake.languages).toEqual(['ar', 'en', 'ur', 'am', 'fa']);
  });

  it('sends nothing ticked as an empty list, so the schema says what is missing', () => {
    expect(intakeFromForm(new URLSearchParams('familyName=X')).intake).toMatchObject({ languages: [], needs: { categories: [] } });
  });

  it('keeps a blank required text as empty text and leaves blank choices, dates and optional fields out', () => {
    const { intake } = intakeFromForm(new URLSearchParams('familyName=%20&givenNames=&dateOfBirth=&gender=&phone=%20&email=&needs.description=&municipalityId=&nationality='));
    expect(intake).toEqual({
      familyName: '',
      languages: [],
      needs: { categories: [] },
      interpreterNeeded: false,
      crisis: false,
      consentToProcessing: false,
    });
  });

  it('takes the address as a whole: left out when blank, every part required once one is given', () => {
    const blank = intakeFromForm(new URLSearchParams('address.street=&address.postalCode=&address.city=')).intake;
    expect(blank).not.toHaveProperty('address');
    const partial = intakeFromForm(new URLSearchParams('address.street=Weg%201&address.postalCode=&address.city=%20')).intake;
    expect(partial.address).toEqual({ street: 'Weg 1', postalCode: '', city: '' });
  });

  it('accepts dates typed the German way', () => {
    const { intake } = intakeFromForm(new URLSearchParams('dateOfBirth=1.9.1990&arrivalDate=%2012.04.2026%20'));
    expect(intake).toMatchObject({ dateOfBirth: '1990-09-01', arrivalDate: '2026-04-12' });
    expect(intakeFromForm(new URLSearchParams('dateOfBirth=2026-13-45')).intake.dateOfBirth).toBe('2026-13-45');
  });

  it('turns an empty form into German messages naming each missing field', () => {
    const profile = loadProfileFile(DEFAULT_PROFILE_PATH);
    const empty = new URLSearchParams('familyName=&givenNames=&dateOfBirth=&nationality=&municipalityId=&address.street=&address.postalCode=&address.city=&residenceStatus=&arrivalDate=&requestedFocusArea=');
    const result = intakeSchema({ profile, today: '2026-11-24' }).safeParse(intakeFromForm(empty).intake);
    expect(result.success).toBe(false);
    const errors = result.success ? [] : formatIssues(result.error.issues);
    expect(errors.map((e) => e.field)).toEqual([
      'familyName',
      'dateOfBirth',
      'nationality',
      'languages',
      'municipalityId',
      'residenceStatus',
      'arrivalDate',
      'requestedFocusArea',
      'needs.categories',
      'consentToProcessing',
    ]);
    expect(errors.find((e) => e.field === 'familyName')?.message).toBe('darf nicht leer sein');
    expect(errors.find((e) => e.field === 'dateOfBirth')?.message).toBe('muss ein Datum im Format JJJJ-MM-TT sein');
    expect(errors.find((e) => e.field === 'nationality')?.message).toBe('muss ein Ländercode wie „SY“ oder „UA“ sein (oder „staatenlos“/„unbekannt“)');
    expect(errors.find((e) => e.field === 'municipalityId')?.message).toBe('bitte eine Kommune des Kreises wählen');
    expect(errors.find((e) => e.field === 'languages')?.message).toBe('mindestens eine Sprache angeben');
    expect(errors.every((e) => !e.message.includes('undefined'))).toBe(true);
  });

  it('finds the form field of a schema path', () => {
    expect(fieldOfError('languages[2]')?.name).toBe('languages');
    expect(fieldOfError('address.postalCode')?.label).toBe('Postleitzahl');
    expect(fieldOfError('needs')?.name).toBe('needs.categories');
    expect(fieldOfError('(gesamt)')).toBeUndefined();
    expect(fieldOfError('Idempotency-Key')).toBeUndefined();
  });
});
