/**
 * The intake form's layout: which intake fields (core/intake/intake-form.ts) stand in which section, with which
 * control, choices and hints. The HTML (intake-form-html.ts) and the review before sending (intake-review.ts) both
 * follow it, so a field is laid out once.
 */
import type { PublicProfile } from '../profile/public-profile.ts';
import { GENDER_LABELS, germanName, RESIDENCE_STATUS_LABELS } from './client-labels.ts';
import type { IntakeField } from './intake-form.ts';
import { GENDERS, RESIDENCE_STATUSES } from './intake-schema.ts';

/** What the form needs of the profile; the public profile (/profile.json) is enough. */
export type IntakeFormProfile = Pick<PublicProfile, 'municipalities' | 'focusAreas' | 'needCategories'>;

export interface Choice {
  readonly value: string;
  readonly label: string;
  /** Shown under the choice and tied to it (the focus areas' descriptions). */
  readonly hint?: string;
}

export type ChoiceSource = (profile: IntakeFormProfile) => readonly Choice[];

/** A group of checkboxes or radio buttons in a fieldset. */
export interface ChoiceControl {
  readonly kind: 'checkboxes' | 'radios';
  readonly choices: ChoiceSource;
  /** A text input for values beyond the choices, sent under the same name (comma-separated). */
  readonly other?: { readonly label: string; readonly hint: string };
  /** A name for a value that is not among the choices (a typed language code). */
  readonly describe?: (value: string) => string;
}

export type SingleControl =
  | { readonly kind: 'input'; readonly type: 'text' | 'date' | 'tel' | 'email'; readonly inputmode?: 'numeric' }
  | { readonly kind: 'textarea' }
  | { readonly kind: 'select'; readonly choices: ChoiceSource; readonly prompt: string }
  /** One checkbox for a yes/no field; `text` is its label (the table's label names the field in the summary). */
  | { readonly kind: 'checkbox'; readonly text: string };

export type Control = ChoiceControl | SingleControl;

export const isChoiceControl = (control: Control): control is ChoiceControl => control.kind === 'checkboxes' || control.kind === 'radios';

export interface FieldLayout {
  readonly name: string;
  readonly control: Control;
  readonly hint?: string;
}

/** Fields that belong together inside a section (the address): a nested fieldset. */
export interface FieldGroup {
  readonly legend: string;
  readonly hint: string;
  readonly fields: readonly FieldLayout[];
}

export interface Section {
  readonly legend: string;
  readonly items: readonly (FieldLayout | FieldGroup)[];
}

/** ISO 3166-1 alpha-2, as the schema expects, plus XK (Kosovo, in common use for it). Names come from Intl. */
const COUNTRY_CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW';

/** The languages newly arrived people in the Kreis speak most often; any other ISO 639 code can be typed. */
const COMMON_LANGUAGES = ['ar', 'prs', 'fa', 'ps', 'ku', 'tr', 'uk', 'ru', 'ti', 'so', 'ro', 'bg', 'sq', 'sr', 'en', 'fr'];

const byGermanName = (a: Choice, b: Choice): number => a.label.localeCompare(b.label, 'de');

export const SECTIONS: readonly Section[] = [
  {
    legend: 'Person',
    items: [
      { name: 'familyName', control: { kind: 'input', type: 'text' }, hint: 'In der Schreibweise des Ausweises oder wie die Person ihn schreibt. Hat die Person nur einen Namen, steht er hier.' },
      { name: 'givenNames', control: { kind: 'input', type: 'text' } },
      { name: 'dateOfBirth', control: { kind: 'input', type: 'date' }, hint: 'Tag, Monat und Jahr, zum Beispiel 12.04.1990.' },
      {
        name: 'gender',
        control: { kind: 'select', prompt: 'Keine Auswahl', choices: () => GENDERS.map((value) => ({ value, label: GENDER_LABELS[value] })) },
      },
      {
        name: 'nationality',
        hint: 'Tippen Sie in der Liste die ersten Buchstaben des Landes, um dorthin zu springen.',
        control: {
          kind: 'select',
          prompt: 'Bitte wählen',
          choices: () => [
            { value: 'stateless', label: 'staatenlos' },
            { value: 'unknown', label: 'unbekannt oder ungeklärt' },
            ...COUNTRY_CODES.split(' ')
              .map((value) => ({ value, label: germanName('region', value) }))
              .sort(byGermanName),
          ],
        },
      },
    ],
  },
  {
    legend: 'Sprache',
    items: [
      {
        name: 'languages',
        hint: 'Alle Sprachen, in denen eine Beratung möglich ist.',
        control: {
          kind: 'checkboxes',
          choices: () => COMMON_LANGUAGES.map((value) => ({ value, label: germanName('language', value) })),
          other: { label: 'Weitere Sprachen (optional)', hint: 'Sprachcodes nach ISO 639, durch Komma getrennt, zum Beispiel „ur, am“ für Urdu und Amharisch.' },
          describe: (code) => germanName('language', code),
        },
      },
      { name: 'interpreterNeeded', control: { kind: 'checkbox', text: 'Für die Beratung wird eine Dolmetschung gebraucht' } },
    ],
  },
  {
    legend: 'Wohnort und Kontakt',
    items: [
      {
        name: 'municipalityId',
        hint: 'Die Kommune im Kreis, in der die Person wohnt. Danach richtet sich, wer den Fall übernimmt.',
        control: { kind: 'select', prompt: 'Bitte wählen', choices: (profile) => profile.municipalities.map((m) => ({ value: m.id, label: m.name })) },
      },
      {
        legend: 'Anschrift (optional)',
        hint: 'Wenn Sie eine Anschrift angeben, dann bitte vollständig: Straße, Postleitzahl und Ort.',
        fields: [
          { name: 'address.street', control: { kind: 'input', type: 'text' } },
          { name: 'address.postalCode', control: { kind: 'input', type: 'text', inputmode: 'numeric' }, hint: 'Fünf Ziffern, zum Beispiel 12345.' },
          { name: 'address.city', control: { kind: 'input', type: 'text' } },
        ],
      },
      { name: 'phone', control: { kind: 'input', type: 'tel' }, hint: 'Mit Vorwahl, zum Beispiel +49 2421 12345.' },
      { name: 'email', control: { kind: 'input', type: 'email' } },
    ],
  },
  {
    legend: 'Aufenthalt',
    items: [
      {
        name: 'residenceStatus',
        hint: 'Nur die Art des Aufenthalts; Ausweis- oder Aktenzeichen werden nicht erfasst.',
        control: { kind: 'select', prompt: 'Bitte wählen', choices: () => RESIDENCE_STATUSES.map((value) => ({ value, label: RESIDENCE_STATUS_LABELS[value] })) },
      },
      { name: 'arrivalDate', control: { kind: 'input', type: 'date' }, hint: 'Ist nur der Monat bekannt, den Monatsersten, zum Beispiel 01.09.2026.' },
    ],
  },
  {
    legend: 'Bedarf und Schwerpunkt',
    items: [
      {
        name: 'needs.categories',
        hint: 'Wobei braucht die Person Unterstützung? Mehrere Antworten sind möglich.',
        control: { kind: 'checkboxes', choices: (profile) => profile.needCategories.map((n) => ({ value: n.id, label: n.name })) },
      },
      {
        name: 'needs.description',
        control: { kind: 'textarea' },
        hint: 'Kurz und sachlich, nur was für die Zuordnung nötig ist. Keine Diagnosen.',
      },
      {
        name: 'requestedFocusArea',
        hint: 'Wird der Schwerpunkt in der Kommune nicht angeboten, übernimmt die Beratung für neu Angekommene.',
        control: { kind: 'radios', choices: (profile) => profile.focusAreas.map((f) => ({ value: f.id, label: f.name, hint: f.description })) },
      },
      {
        name: 'crisis',
        control: { kind: 'checkbox', text: 'Es liegt eine akute Krise vor' },
        hint: 'Zum Beispiel drohende Wohnungslosigkeit, Gewalt oder eine akute psychische Belastung. Der Fall wird dann vorrangig bearbeitet.',
      },
    ],
  },
  {
    legend: 'Einwilligung',
    items: [
      {
        name: 'consentToProcessing',
        control: { kind: 'checkbox', text: 'Die Person willigt ein, dass ihre Angaben für die Beratung im Kommunalen Integrationsmanagement gespeichert und verarbeitet werden.' },
        hint: 'Ohne diese Einwilligung kann kein Fall angelegt werden. Die Person kann sie jederzeit widerrufen. Eine Weitergabe an andere Stellen braucht später eine eigene Einwilligung.',
      },
    ],
  },
];

export const isGroup = (item: FieldLayout | FieldGroup): item is FieldGroup => 'fields' in item;
const LAYOUTS: ReadonlyMap<string, FieldLayout> = new Map(SECTIONS.flatMap((s) => s.items.flatMap((item) => (isGroup(item) ? item.fields : [item]))).map((f) => [f.name, f]));

/** The layout of a table field; every field of the table is laid out (a unit test checks it). */
export function layoutOf(field: IntakeField): FieldLayout {
  const layout = LAYOUTS.get(field.name);
  if (layout === undefined) throw new Error(`intake field ${field.name} has no place in the form`);
  return layout;
}
