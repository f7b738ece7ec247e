import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toProfileItems } from '../../core/adapters/items/profile-item.ts';
import { CLIENT_FIELD_LABELS } from '../../core/cases/client-field-labels.ts';
import { chooseLanguage, consentFormContent, type ConsentSheet, type SentencePart } from '../../core/consent-forms/consent-form.ts';
import { consentFormQuery } from '../../core/consent-forms/consent-form-input.ts';
import { CONSENT_SENTENCE_KEYS, consentFormsSchema } from '../../core/profile/consent-form-texts.ts';
import { DEFAULT_PROFILE_PATH, ProfileError, parseProfile } from '../../core/profile/load-profile.ts';
import type { DistrictProfile, Service } from '../../core/profile/schema.ts';

type Raw = { consentForms: { languages: Record<string, Record<string, unknown> & { sentences: Record<string, string>; categories: Record<string, string> }> } };

const rawProfile = (): Raw => JSON.parse(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')) as Raw;
const profile: DistrictProfile = parseProfile(rawProfile(), 'kreis-dueren.json');
const service = (id: string): Service => {
  const found = profile.services.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no service ${id}`);
  return found;
};
const plain = (parts: readonly SentencePart[]): string => parts.map((part) => ('value' in part ? part.value : part.text)).join('');

function refusal(change: (raw: Raw) => void): string {
  const raw = rawProfile();
  change(raw);
  try {
    parseProfile(raw, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    return (error as ProfileError).message;
  }
  throw new Error('the profile was accepted');
}

describe('consent form texts in the profile', () => {
  const languages = profile.consentForms.languages;

  it('has German and the languages of the people in the Kreis, right-to-left scripts marked', () => {
    expect(Object.keys(languages)).toEqual(expect.arrayContaining(['de', 'ar', 'uk', 'ru', 'fa', 'prs', 'tr', 'en', 'ro', 'bg']));
    expect(['ar', 'fa', 'prs'].map((code) => languages[code]?.dir)).toEqual(['rtl', 'rtl', 'rtl']);
    expect(['de', 'uk', 'ru', 'tr', 'en', 'ro', 'bg'].every((code) => languages[code]?.dir === 'ltr')).toBe(true);
  });

  it('gives every language every sentence and a name for every data field a service of the catalogue receives', () => {
    for (const { id } of profile.services) {
      for (const code of Object.keys(languages)) {
        const form = consentFormContent(profile, service(id), code);
        for (const sheet of [form.german, form.translation].filter((s): s is ConsentSheet => s !== undefined)) {
          for (const key of CONSENT_SENTENCE_KEYS) expect(plain(sheet.sentences[key]).trim(), `${code} ${key}`).not.toBe('');
          expect(sheet.purpose, `${code} purpose`).not.toBe('');
          for (const category of sheet.categories) expect(languages[sheet.lang]?.categories[category.field], `${code} ${category.field}`).toBe(category.label);
        }
      }
    }
  });

  it('names the data fields in German as the referral mail does', () => {
    expect(languages.de?.categories).toEqual(CLIENT_FIELD_LABELS);
  });

  it('marks every translation as not yet reviewed by the district', () => {
    expect(Object.entries(languages).filter(([, language]) => language.reviewedBy !== undefined || language.reviewedAt !== undefined)).toEqual([]);
  });

  it('keeps every profile item well below the 400 KB item limit of DynamoDB', () => {
    for (const item of toProfileItems(profile, new Date('2026-12-05T10:00:00Z'))) expect(Buffer.byteLength(JSON.stringify(item), 'utf8')).toBeLessThan(300 * 1024);
  });
});

describe('the profile loader refuses consent form texts with a gap', () => {
  it('names language and key of a missing sentence, in German', () => {
    const message = refusal((raw) => {
      delete raw.consentForms.languages.ar?.sentences.withdrawal;
    });
    expect(message).toContain('consentForms.languages.ar.sentences.withdrawal: Satz „withdrawal“ fehlt in der Sprache „ar“ (العربية)');
  });

  it('names a data field a service receives but a language has no name for', () => {
    const message = refusal((raw) => {
      delete raw.consentForms.languages.uk?.categories.residenceStatus;
    });
    expect(message).toContain('consentForms.languages.uk.categories.residenceStatus: Bezeichnung des Datenfelds „residenceStatus“ fehlt in der Sprache „uk“');
  });

  it('refuses a translation whose placeholders differ from the German sentence', () => {
    const message = refusal((raw) => {
      const ru = raw.consentForms.languages.ru;
      if (ru !== undefined) ru.sentences.retention = 'Мы храним ваши сведения.';
    });
    expect(message).toContain('consentForms.languages.ru.sentences.retention: Satz „retention“ der Sprache „ru“ (Русский): muss dieselben Platzhalter enthalten wie der deutsche Satz ({days})');
  });

  it('refuses a language reading the text of one that has none, and one without German', () => {
    expect(
      refusal((raw) => {
        const prs = raw.consentForms.languages.prs;
        if (prs !== undefined) prs.textOf = 'ps';
      }),
    ).toContain('consentForms.languages.prs.textOf: Sprache „prs“ (دری): „ps“ ist keine Übersetzung mit eigenem Text');
    expect(
      refusal((raw) => {
        delete raw.consentForms.languages.de;
      }),
    ).toContain('consentForms.languages: der deutsche Text (Sprache „de“) fehlt');
  });

  it('accepts a review mark only as a name and a date', () => {
    const result = consentFormsSchema.safeParse({ ...profile.consentForms, languages: { ...profile.consentForms.languages, ar: { ...profile.consentForms.languages.ar, reviewedAt: '5.12.2026' } } });
    expect(result.success).toBe(false);
  });
});

describe('assembling a consent form', () => {
  it('names the recipient, the purpose and exactly the fields the service receives, German beside Arabic', () => {
    const form = consentFormContent(profile, service('auslaenderbehoerde'), 'ar');
    expect(form.service).toEqual({ id: 'auslaenderbehoerde', name: 'Ausländerbehörde Kreis Düren' });
    expect(form.purpose).toBe('referral');
    expect(form.language).toBe('ar');
    expect(form.german.categories.map((c) => c.label)).toEqual(['Name', 'Geburtsdatum', 'Staatsangehörigkeit', 'Aufenthaltsstatus']);
    expect(form.translation?.categories.map((c) => c.field)).toEqual(['name', 'dateOfBirth', 'nationality', 'residenceStatus']);
    expect(form.translation?.categories[0]?.label).toBe('الاسم');
    expect(form.translation).toMatchObject({ lang: 'ar', dir: 'rtl', languageName: 'العربية' });
    expect(form.translation?.reviewed).toBeUndefined();
    expect(form.german.purpose).toMatch(/^Vermittlung/);
    // Filled-in values come as parts of their own, so the page isolates them inside right-to-left text.
    expect(form.translation?.sentences.intro).toContainEqual({ value: 'Ausländerbehörde Kreis Düren' });
    expect(form.translation?.sentences.retention).toContainEqual({ value: String(profile.retention.caseClosedDays) });
    expect(plain(form.german.sentences.withdrawalHow)).toContain(profile.district.coordination.contact.email);
  });

  it('is German only, with a note, for a language without a form', () => {
    const form = consentFormContent(profile, service('job-com'), 'ti');
    expect(form.translation).toBeUndefined();
    expect(form.language).toBe('de');
    expect(form.notice).toContain('„Tigrinya“');
  });

  it('gives Dari the Farsi text, saying so in Dari and in German', () => {
    const form = consentFormContent(profile, service('job-com'), 'prs');
    expect(form.language).toBe('prs');
    expect(form.translation).toMatchObject({ lang: 'fa', dir: 'rtl', note: { lang: 'prs' } });
    expect(form.notice).toContain('Dari');
    expect(form.notice).toContain('Persisch');
  });

  it('drops the warning once the district has confirmed the translation', () => {
    const ar = { ...profile.consentForms.languages.ar, reviewedBy: 'Integrationsbüro, Frau Yilmaz', reviewedAt: '2026-12-01' };
    const reviewed = parseProfile({ ...rawProfile(), consentForms: { ...profile.consentForms, languages: { ...profile.consentForms.languages, ar } } }, 'test.json');
    expect(consentFormContent(reviewed, service('job-com'), 'ar').translation?.reviewed).toEqual({ by: 'Integrationsbüro, Frau Yilmaz', at: '2026-12-01' });
  });

  it('picks the first of the person’s languages that has a form, else English', () => {
    expect(chooseLanguage(profile, undefined, ['ti', 'uk', 'ar'])).toBe('uk');
    expect(chooseLanguage(profile, undefined, ['ti'])).toBe('en');
    expect(chooseLanguage(profile, 'de', ['ar'])).toBe('de');
    expect(chooseLanguage(profile, 'ru', ['ar'])).toBe('ru');
  });

  it('asks for a service and a well-formed language code', () => {
    expect(consentFormQuery.safeParse({ service: 'job-com', lang: 'ar' }).success).toBe(true);
    expect(consentFormQuery.safeParse({ service: 'job-com', lang: 'Arabisch' }).success).toBe(false);
    expect(consentFormQuery.safeParse({ lang: 'ar' }).success).toBe(false);
  });
});
