/**
 * What the case pages say about a case, as plain data: German names for stages, referral statuses, outcomes and
 * consent forms, what a case is waiting for and since when, and its marks ("Klärung nötig", "Krise",
 * "überfällig"). Browser-safe and free of the DOM (from core/ only types and the Intl-based localDate), so it is
 * unit-tested in Node.
 */
import { localDate } from '../core/calendar/local-date.ts';
import type { CaseSummary } from '../core/casework/read-cases.ts';
import type { CaseStage, ClientRecord } from '../core/cases/case.ts';
import type { ConsentRecord, ReferralOutcome, ReferralRecord, ReferralStatus } from '../core/cases/referral.ts';
import type { GENDERS, RESIDENCE_STATUSES } from '../core/intake/intake-schema.ts';
import type { ClientDataField } from '../core/profile/schema.ts';

/** The zone every date of KIM Flow is shown in (the district's; dom.ts formats times in it too). */
export const TIME_ZONE = 'Europe/Berlin';

/** In the order a case passes through them; the filter offers them in this order. */
export const STAGE_LABELS: Readonly<Record<CaseStage, string>> = {
  intake: 'Eingegangen',
  triaged: 'Eingeordnet',
  'waiting-list': 'Auf der Warteliste',
  assigned: 'Zugewiesen',
  'awaiting-assessment': 'Wartet auf Einschätzung',
  referring: 'Vermittlung läuft',
  monitoring: 'In Begleitung',
  closed: 'Abgeschlossen',
};

export const CASE_STAGES_IN_ORDER = Object.keys(STAGE_LABELS) as CaseStage[];

export const isCaseStage = (value: string): value is CaseStage => (CASE_STAGES_IN_ORDER as readonly string[]).includes(value);

const WAITING_FOR: Readonly<Record<CaseStage, string>> = {
  intake: 'Einordnung in einen Schwerpunkt (automatisch)',
  triaged: 'Zuweisung an das Case-Management (automatisch)',
  'waiting-list': 'Einen freien Platz im Case-Management',
  assigned: 'Benachrichtigung des Case-Managements (automatisch)',
  'awaiting-assessment': 'Einschätzung durch das Case-Management',
  referring: 'Rückmeldungen der Stellen zu den Vermittlungen',
  monitoring: 'Abschluss durch das Case-Management',
  closed: 'Nichts mehr – der Fall ist abgeschlossen',
};

/** What has to happen next; a parked case waits for the coordination whatever its stage. */
export function waitingFor(record: Pick<CaseSummary, 'stage' | 'attention'>): string {
  return record.attention === undefined ? WAITING_FOR[record.stage] : 'Klärung durch die Koordination (ein Arbeitsschritt ist fehlgeschlagen)';
}

/**
 * Since when the case waits for that, as far as the case item tells: it records when the assessment was
 * requested, when it was parked and when it was closed, but no time of the other stage changes — there the last
 * change of the case is the best available answer.
 */
export function waitingSince(record: Pick<CaseSummary, 'stage' | 'attention' | 'createdAt' | 'updatedAt' | 'assessmentRequestedAt' | 'closedAt'>): string {
  if (record.attention !== undefined) return record.attention.at;
  switch (record.stage) {
    case 'intake':
      return record.createdAt;
    case 'awaiting-assessment':
      return record.assessmentRequestedAt ?? record.updatedAt;
    case 'closed':
      return record.closedAt ?? record.updatedAt;
    default:
      return record.updatedAt;
  }
}

/** A mark beside a case or referral; the words carry the meaning, the tone (a CSS class) only repeats it. */
export interface Mark {
  readonly label: string;
  readonly tone: 'kritisch' | 'warnung' | 'erledigt';
}

export const NEEDS_ATTENTION: Mark = { label: 'Klärung nötig', tone: 'kritisch' };
export const CRISIS: Mark = { label: 'Krise', tone: 'kritisch' };
export const OVERDUE: Mark = { label: 'überfällig', tone: 'warnung' };

/**
 * The assessment is overdue once the workflow has sent its reminder (or escalated to the coordination) and the
 * case still waits for it. The case item carries no due date; the reminder is sent when it passes.
 */
export const isAssessmentOverdue = (record: Pick<CaseSummary, 'stage' | 'assessmentReminderSentAt' | 'assessmentEscalatedAt'>): boolean =>
  record.stage === 'awaiting-assessment' && (record.assessmentReminderSentAt !== undefined || record.assessmentEscalatedAt !== undefined);

export function caseMarks(record: Pick<CaseSummary, 'stage' | 'attention' | 'crisis' | 'assessmentReminderSentAt' | 'assessmentEscalatedAt'>): Mark[] {
  return [
    ...(record.attention === undefined ? [] : [NEEDS_ATTENTION]),
    ...(record.crisis && record.stage !== 'closed' ? [CRISIS] : []),
    ...(isAssessmentOverdue(record) ? [OVERDUE] : []),
  ];
}

export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  planned: 'Geplant – wird verschickt',
  'held-no-consent': 'Zurückgehalten – keine Einwilligung für diese Stelle',
  gap: 'Keine passende Stelle – als Lücke an die Koordination gemeldet',
  sent: 'Verschickt – wartet auf Rückmeldung der Stelle',
  accepted: 'Angenommen',
  declined: 'Abgelehnt',
  completed: 'Abgeschlossen',
  'no-show': 'Nicht wahrgenommen',
  stopped: 'Gestoppt – Einwilligung widerrufen',
};

/** The service was reminded (or the coordination told) and has still not answered. */
export const isReferralOverdue = (referral: Pick<ReferralRecord, 'status' | 'reminderSentAt' | 'escalatedAt'>): boolean =>
  referral.status === 'sent' && (referral.reminderSentAt !== undefined || referral.escalatedAt !== undefined);

export const OUTCOME_LABELS: Readonly<Record<ReferralOutcome, string>> = {
  accepted: 'Angenommen',
  declined: 'Abgelehnt',
  completed: 'Abgeschlossen',
  'no-show': 'Nicht wahrgenommen',
};

/**
 * Which outcomes may still be recorded: the API's rule (core/casework/record-outcome.ts), so the form offers
 * only what the API accepts — an accepted referral can still end completed or as a no-show.
 */
const OUTCOMES_AFTER: Partial<Readonly<Record<ReferralStatus, readonly ReferralOutcome[]>>> = {
  sent: ['accepted', 'declined', 'completed', 'no-show'],
  accepted: ['completed', 'no-show'],
};

export const outcomesAfter = (status: ReferralStatus): readonly ReferralOutcome[] => OUTCOMES_AFTER[status] ?? [];

export const CONSENT_FORM_LABELS: Readonly<Record<ConsentRecord['form'], string>> = {
  written: 'schriftlich',
  oral: 'mündlich',
  electronic: 'elektronisch',
};

/** The client fields a service may receive, as the referral mail names them (core/mail/notifications.ts). */
export const DATA_FIELD_LABELS: Readonly<Record<ClientDataField, string>> = {
  name: 'Name',
  dateOfBirth: 'Geburtsdatum',
  nationality: 'Staatsangehörigkeit',
  languages: 'Sprachen',
  interpreterNeeded: 'Dolmetschung benötigt',
  municipality: 'Wohnort/Kommune',
  address: 'Anschrift',
  phone: 'Telefon',
  email: 'E-Mail',
  residenceStatus: 'Aufenthaltsstatus',
  arrivalDate: 'Einreisedatum',
  needsSummary: 'Bedarf (Kurzbeschreibung)',
};

/** "Name, Geburtsdatum und Telefon": the fields of a service's purpose in a sentence. */
export function dataFieldList(fields: readonly string[]): string {
  const labels = fields.map((field) => (field in DATA_FIELD_LABELS ? DATA_FIELD_LABELS[field as ClientDataField] : field));
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} und ${labels.at(-1) ?? ''}`;
}

// The intake form's wording (core/intake/intake-form-html.ts keeps these private); one shared export is better.
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

/** A label from one of the tables above; an unknown key (newer API, older page) is shown as it is. */
export function labelOf(labels: Readonly<Record<string, string>>, key: string): string {
  return labels[key] ?? key;
}

/** "2026-03-04" → "04.03.2026"; anything else unchanged. Dates without time are shown without time zone games. */
export function germanDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match === null ? isoDate : `${match[3] ?? ''}.${match[2] ?? ''}.${match[1] ?? ''}`;
}

const countryNames = new Intl.DisplayNames('de', { type: 'region', fallback: 'code' });
const languageNames = new Intl.DisplayNames('de', { type: 'language', fallback: 'code' });

/** "SY" → "Syrien"; the intake also allows "stateless" and "unknown". */
export function nationalityName(code: ClientRecord['nationality']): string {
  if (code === 'stateless') return 'staatenlos';
  if (code === 'unknown') return 'unbekannt';
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** ["ar", "uk"] → "Arabisch, Ukrainisch". */
export function languageNamesOf(codes: readonly string[]): string {
  return codes
    .map((code) => {
      try {
        return languageNames.of(code) ?? code;
      } catch {
        return code;
      }
    })
    .join(', ');
}

/** The coordinators' filter of the case list, from the page's URL (a GET form), unknown values left out. */
export interface CaseListFilter {
  readonly stage?: CaseStage;
  readonly municipality?: string;
}

export function caseListFilter(params: URLSearchParams, municipalityIds: readonly string[]): CaseListFilter {
  const stage = params.get('stage') ?? '';
  const municipality = params.get('municipality') ?? '';
  return {
    ...(isCaseStage(stage) ? { stage } : {}),
    ...(municipalityIds.includes(municipality) ? { municipality } : {}),
  };
}

/** GET /api/cases with the filter's query. */
export function caseListPath(filter: CaseListFilter): string {
  const query = new URLSearchParams();
  if (filter.stage !== undefined) query.set('stage', filter.stage);
  if (filter.municipality !== undefined) query.set('municipality', filter.municipality);
  const search = query.toString();
  return search === '' ? '/api/cases' : `/api/cases?${search}`;
}

/** An instant as its calendar date in the district, German: "04.03.2029". */
export const germanDateOf = (instant: Date): string => germanDate(localDate(instant, TIME_ZONE));
