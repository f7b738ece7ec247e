/**
 * How KIM Flow names a person's data in German: the choices of gender and residence status, and countries and
 * languages by their codes. The intake form offers them (intake-form-html.ts) and the case page shows what was
 * chosen (web/pages/fall.ts), so both say the same. Browser-safe: plain data, Intl and type imports only, so the
 * page scripts can import it without zod.
 */
import type { GENDERS, RESIDENCE_STATUSES } from './intake-schema.ts';

export const GENDER_LABELS: Readonly<Record<(typeof GENDERS)[number], string>> = {
  female: 'weiblich',
  male: 'männlich',
  diverse: 'divers',
  unspecified: 'ohne Angabe (Personenstand)',
};

export const RESIDENCE_STATUS_LABELS: Readonly<Record<(typeof RESIDENCE_STATUSES)[number], string>> = {
  'asylum-pending': 'Aufenthaltsgestattung (Asylverfahren läuft)',
  protection: 'Aufenthaltserlaubnis aus humanitären Gründen (Asyl, Flüchtlingsschutz, subsidiärer Schutz)',
  'temporary-protection': 'Vorübergehender Schutz (§ 24 AufenthG)',
  toleration: 'Duldung',
  opportunity: 'Chancen-Aufenthaltsrecht (§ 104c AufenthG)',
  'eu-free-movement': 'Freizügigkeit (EU/EWR)',
  'work-or-study': 'Aufenthaltserlaubnis zu Arbeit, Ausbildung oder Studium',
  family: 'Familiennachzug',
  settlement: 'Niederlassungserlaubnis oder Daueraufenthalt',
  german: 'deutsche Staatsangehörigkeit',
  other: 'anderer Aufenthaltstitel',
  unknown: 'unbekannt oder ungeklärt',
};

// One Intl.DisplayNames per kind, made when first needed: the form names some 250 countries at once.
const displayNames = new Map<'language' | 'region', Intl.DisplayNames>();

/**
 * The German name of a language (ISO 639) or country (ISO 3166-1 alpha-2) code, from the runtime's Intl data;
 * the code as given when there is none or it is not a well-formed code (a language typed into the form).
 */
export function germanName(type: 'language' | 'region', code: string): string {
  let names = displayNames.get(type);
  if (names === undefined) {
    names = new Intl.DisplayNames('de', { type, fallback: 'none' });
    displayNames.set(type, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
