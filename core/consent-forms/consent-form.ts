/**
 * The consent form for one recipient service in German and one of the person's languages, assembled from the
 * profile's texts (core/profile/consent-form-texts.ts): recipient, purpose and exactly the data fields the service
 * receives (its `dataFields`, as the referral mail carries them). Sentences come as parts so the page can isolate
 * the filled-in values (names, numbers, addresses) from the surrounding right-to-left text.
 */
import { CONSENT_PURPOSES } from '../cases/referral.ts';
import { germanName } from '../intake/client-labels.ts';
import { CONSENT_SENTENCE_KEYS, GERMAN, type ConsentFormLanguage, type ConsentPlaceholder, type ConsentSentenceKey } from '../profile/consent-form-texts.ts';
import type { ClientDataField, DistrictProfile, Service } from '../profile/schema.ts';

/** A piece of a sentence: fixed text, or a value the form filled in (shown isolated, `<bdi>`). */
export type SentencePart = { readonly text: string } | { readonly value: string };

export interface ConsentSheet {
  /** The language of the text (Dari reads the Farsi text: `fa`). */
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  readonly languageName: string;
  readonly sentences: Readonly<Record<ConsentSentenceKey, readonly SentencePart[]>>;
  readonly purpose: string;
  readonly categories: readonly { readonly field: ClientDataField; readonly label: string }[];
  /** Absent until the district has confirmed the translation in its profile; then the form drops the warning. */
  readonly reviewed?: { readonly by: string; readonly at: string };
  /** A language reading another's text: that said in its own words, with its own language code. */
  readonly note?: { readonly lang: string; readonly text: string };
}

export interface ConsentFormContent {
  readonly service: { readonly id: string; readonly name: string };
  readonly purpose: (typeof CONSENT_PURPOSES)[number];
  /** The language the form was made for: `de` when it is German only. */
  readonly language: string;
  readonly german: ConsentSheet;
  readonly translation?: ConsentSheet;
  /** A German note beside the form: no form in the requested language, or one language reading another's text. */
  readonly notice?: string;
  /** The languages that have a form, for the language choice. */
  readonly languages: readonly { readonly code: string; readonly name: string }[];
}

/** When the person speaks none of the form's languages, the German form is paired with English. */
export const FALLBACK_LANGUAGE = 'en';

type Values = Readonly<Record<ConsentPlaceholder, string>>;

function parts(sentence: string, values: Values): SentencePart[] {
  // split with a capture group keeps the placeholders' names at the odd positions.
  return sentence
    .split(/\{([a-zA-Z]+)\}/)
    .map((piece, i) => (i % 2 === 1 ? { value: values[piece as ConsentPlaceholder] } : { text: piece }))
    .filter((part) => !('text' in part) || part.text !== '');
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function sheet(lang: string, language: ConsentFormLanguage, service: Service, values: Values): ConsentSheet {
  // The profile loader has checked that every sentence, purpose and used field is there (checkConsentForms).
  const sentence = (key: ConsentSentenceKey): string => language.sentences[key] ?? '';
  return {
    lang,
    dir: language.dir,
    languageName: language.languageName,
    sentences: Object.fromEntries(CONSENT_SENTENCE_KEYS.map((key) => [key, parts(sentence(key), values)])) as Record<ConsentSentenceKey, SentencePart[]>,
    purpose: language.purposes.referral ?? '',
    categories: service.dataFields.map((field) => ({ field, label: language.categories[field] ?? field })),
    ...(language.reviewedBy !== undefined && language.reviewedAt !== undefined ? { reviewed: { by: language.reviewedBy, at: language.reviewedAt } } : {}),
  };
}

/**
 * The language of the form: the one asked for, else the first of the person's languages with a form, else
 * English. German itself asked for (or first in the person's list) means a German-only form.
 */
export function chooseLanguage(profile: DistrictProfile, requested: string | undefined, clientLanguages: readonly string[]): string {
  if (requested !== undefined) return requested;
  return clientLanguages.find((code) => profile.consentForms.languages[code] !== undefined) ?? FALLBACK_LANGUAGE;
}

export function consentFormContent(profile: DistrictProfile, service: Service, language: string): ConsentFormContent {
  const { district, retention, consentForms } = profile;
  const { coordination } = district;
  const values: Values = {
    district: district.name,
    service: service.name,
    coordination: `${coordination.name}, ${coordination.address.street}, ${coordination.address.postalCode} ${coordination.address.city}, ${coordination.contact.email}`,
    days: String(retention.caseClosedDays),
  };
  const german = consentForms.languages[GERMAN];
  if (german === undefined) throw new Error('Das Profil hat keinen deutschen Einwilligungstext (checkConsentForms prüft das beim Laden).');
  const base = {
    service: { id: service.id, name: service.name },
    purpose: CONSENT_PURPOSES[0],
    german: sheet(GERMAN, german, service, values),
    languages: Object.entries(consentForms.languages).map(([code, entry]) => ({ code, name: entry.languageName })),
  };
  if (language === GERMAN) return { ...base, language: GERMAN };
  const chosen = consentForms.languages[language];
  if (chosen === undefined) return { ...base, language: GERMAN, notice: fill(consentForms.notes.noForm, { language: germanName('language', language) }) };
  const source = chosen.textOf === undefined ? undefined : consentForms.languages[chosen.textOf];
  if (chosen.textOf === undefined || source === undefined) return { ...base, language, translation: sheet(language, chosen, service, values) };
  const borrowed = sheet(chosen.textOf, source, service, values);
  const { reviewed, ...rest } = borrowed;
  // The borrowed text counts as reviewed only when the note in this language is reviewed too.
  const bothReviewed = reviewed !== undefined && chosen.reviewedBy !== undefined && chosen.reviewedAt !== undefined;
  return {
    ...base,
    language,
    translation: { ...rest, ...(bothReviewed ? { reviewed } : {}), ...(chosen.note === undefined ? {} : { note: { lang: language, text: chosen.note } }) },
    notice: fill(consentForms.notes.sharedText, { language: germanName('language', language), source: germanName('language', chosen.textOf) }),
  };
}
