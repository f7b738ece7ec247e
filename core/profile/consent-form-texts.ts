/**
 * The profile's `consentForms`: the texts of the printable consent form (core/consent-forms/), German plus the
 * languages the people speak. A district replaces them in its profile. Each translation carries its review mark:
 * until `reviewedBy`/`reviewedAt` are set, the form says "Übersetzung noch nicht vom Kreis geprüft".
 *
 * Sentences are optional in the schema and checked in checkConsentForms instead, so a missing one is reported as
 * "Satz „withdrawal“ fehlt in der Sprache „ar“" rather than as a bare "Pflichtfeld".
 */
import * as z from 'zod';
import { CONSENT_PURPOSES } from '../cases/referral.ts';
import type { ClientDataField } from './schema.ts';

/** The fixed sentences of every form, in the order the form shows them. */
export const CONSENT_SENTENCE_KEYS = [
  'title',
  'intro',
  'recipientHeading',
  'purposeHeading',
  'categoriesHeading',
  'voluntary',
  'withdrawal',
  'withdrawalHow',
  'refusal',
  'retention',
  'personHeading',
  'nameLabel',
  'dateOfBirthLabel',
  'caseNumberLabel',
  'placeDate',
  'signature',
  'unreviewed',
] as const;
export type ConsentSentenceKey = (typeof CONSENT_SENTENCE_KEYS)[number];

/**
 * Values the form fills in, written `{district}` in a sentence: the district's name, the recipient service's name,
 * the coordination's address, the retention period in days. A translation must use the same ones as German.
 */
export const CONSENT_PLACEHOLDERS = ['district', 'service', 'coordination', 'days'] as const;
export type ConsentPlaceholder = (typeof CONSENT_PLACEHOLDERS)[number];

/** The German form itself is no translation: it needs no review mark and cannot borrow another language's text. */
export const GERMAN = 'de';

const text = z.string().trim().min(1, 'darf nicht leer sein');
const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'muss ein Sprachcode wie „ar“ oder „prs“ sein (ISO 639)');

const languageSchema = z.strictObject({
  /** The language's own name, e.g. „العربية“, for the language choice. */
  languageName: text,
  /** Right-to-left scripts (Arabic, Farsi, Dari, Pashto, …) are laid out mirrored. */
  dir: z.enum(['ltr', 'rtl'], { error: 'muss „ltr“ (links nach rechts) oder „rtl“ (rechts nach links) sein' }),
  /** Uses another language's text (Dari reads the Farsi text); `note` says so in this language. */
  textOf: languageCode.optional(),
  note: text.optional(),
  sentences: z.partialRecord(z.enum(CONSENT_SENTENCE_KEYS), text).default({}),
  purposes: z.partialRecord(z.enum(CONSENT_PURPOSES), text).default({}),
  /**
   * Names of the client's data fields a service receives (German ones: core/cases/client-field-labels.ts). Keyed
   * by string, checked against the fields in checkConsentForms: schema.ts, which lists them, imports this module.
   */
  categories: z.partialRecord(z.string(), text).default({}),
  reviewedBy: text.optional(),
  reviewedAt: z.iso.date('muss ein Datum im Format JJJJ-MM-TT sein').optional(),
});
export type ConsentFormLanguage = z.infer<typeof languageSchema>;

export const consentFormsSchema = z.strictObject({
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  /** German notes beside the form: a language without its own form, a language that reads another's text. */
  notes: z.strictObject({
    /** `{language}`: the requested language's German name. */
    noForm: text,
    /** `{language}`, `{source}`: the German names of the language and of the language whose text it reads. */
    sharedText: text,
  }),
  languages: z.record(languageCode, languageSchema),
});
export type ConsentForms = z.infer<typeof consentFormsSchema>;

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;
const placeholdersOf = (sentence: string): string[] => [...sentence.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();

type Report = (path: (string | number)[], message: string) => void;

function checkPlaceholders(sentence: string, german: string | undefined, at: (string | number)[], label: string, report: Report): void {
  const used = placeholdersOf(sentence);
  const unknown = used.filter((name) => !(CONSENT_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    report(at, `${label}: unbekannter Platzhalter ${unknown.map((name) => `{${name}}`).join(', ')} (erlaubt: ${CONSENT_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')})`);
    return;
  }
  if (german !== undefined && used.join() !== placeholdersOf(german).join())
    report(at, `${label}: muss dieselben Platzhalter enthalten wie der deutsche Satz (${placeholdersOf(german).map((name) => `{${name}}`).join(', ') || 'keine'})`);
}

/**
 * Every language has every sentence, the purpose of every consent and a name for every data field a service of
 * the catalogue receives — no form with a gap. Messages name the language and the key.
 */
export function checkConsentForms(
  forms: ConsentForms,
  fields: { readonly known: readonly ClientDataField[]; readonly used: readonly ClientDataField[] },
  report: Report,
): void {
  const german = forms.languages[GERMAN];
  if (german === undefined) {
    report(['languages'], 'der deutsche Text (Sprache „de“) fehlt; er steht auf jedem Formular');
    return;
  }
  for (const [code, language] of Object.entries(forms.languages)) {
    const at = ['languages', code];
    const where = `Sprache „${code}“ (${language.languageName})`;
    if (language.textOf !== undefined) {
      const source = forms.languages[language.textOf];
      if (code === GERMAN) report([...at, 'textOf'], 'der deutsche Text kann keinen anderen übernehmen');
      else if (source === undefined || source.textOf !== undefined || language.textOf === GERMAN)
        report([...at, 'textOf'], `${where}: „${language.textOf}“ ist keine Übersetzung mit eigenem Text`);
      if (language.note === undefined) report([...at, 'note'], `${where}: fehlt – ein Satz in dieser Sprache, dass der Text in der anderen Sprache steht`);
      continue;
    }
    if (code === GERMAN && (language.reviewedBy !== undefined || language.reviewedAt !== undefined))
      report([...at, 'reviewedBy'], 'der deutsche Text ist das Original und braucht keinen Prüfvermerk');
    for (const key of CONSENT_SENTENCE_KEYS) {
      const sentence = language.sentences[key];
      if (sentence === undefined) report([...at, 'sentences', key], `Satz „${key}“ fehlt in der ${where}`);
      else checkPlaceholders(sentence, code === GERMAN ? undefined : german.sentences[key], [...at, 'sentences', key], `Satz „${key}“ der ${where}`, report);
    }
    for (const purpose of CONSENT_PURPOSES) {
      if (language.purposes[purpose] === undefined) report([...at, 'purposes', purpose], `Zweck „${purpose}“ fehlt in der ${where}`);
    }
    for (const field of Object.keys(language.categories)) {
      if (!(fields.known as readonly string[]).includes(field)) report([...at, 'categories', field], `„${field}“ ist kein Datenfeld (erlaubt: ${fields.known.join(', ')})`);
    }
    for (const field of fields.used) {
      if (language.categories[field] === undefined)
        report([...at, 'categories', field], `Bezeichnung des Datenfelds „${field}“ fehlt in der ${where} (eine Stelle des Katalogs erhält es)`);
    }
  }
}
