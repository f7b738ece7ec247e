/**
 * What the case pages say about a case, as plain data: German names for referral statuses, outcomes and consent
 * forms, what a case is waiting for and since when, and its marks ("Klärung nötig", "Krise", "überfällig"); the
 * names of stages and client fields are core's (core/cases/case-labels.ts, client-field-labels.ts). Browser-safe
 * and free of the DOM (from core/ only types and browser-safe label tables), so it is unit-tested in Node.
 */
import type { CaseSummary } from '../core/casework/read-cases.ts';
import type { CaseStage, ClientRecord } from '../core/cases/case.ts';
import { attentionReason } from '../core/cases/attention-labels.ts';
import { STAGE_LABELS } from '../core/cases/case-labels.ts';
import { CLIENT_FIELD_LABELS } from '../core/cases/client-field-labels.ts';
import type { ConsentRecord, ReferralOutcome, ReferralStatus } from '../core/cases/referral.ts';
import { isAssessmentOverdue } from '../core/cases/overdue.ts';
import { germanName } from '../core/intake/client-labels.ts';
import type { ClientDataField } from '../core/profile/schema.ts';

// core/cases/case.ts lists the stages too, but it needs node:crypto; the labels' table has them in the same order.
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

/**
 * What has to happen next; a parked case waits for the coordination whatever its stage, and the list says why in
 * words (core/cases/attention-labels.ts), so the coordination sees what to fix without opening each case.
 */
export function waitingFor(record: Pick<CaseSummary, 'stage' | 'attention'>): string {
  return record.attention === undefined ? WAITING_FOR[record.stage] : `Klärung durch die Koordination: ${attentionReason(record.stage, record.attention.step)}`;
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

// The overdue rules are core's, shared with the coordination's caseload (core/casework/caseload.ts).
export { isAssessmentOverdue, isReferralOverdue } from '../core/cases/overdue.ts';

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

/** An outcome becomes the referral's status (core/casework/record-outcome.ts), so it has the status's name. */
export const OUTCOME_LABELS: Readonly<Record<ReferralOutcome, string>> = REFERRAL_STATUS_LABELS;

export const CONSENT_FORM_LABELS: Readonly<Record<ConsentRecord['form'], string>> = {
  written: 'schriftlich',
  oral: 'mündlich',
  electronic: 'elektronisch',
};

/** "Name, Geburtsdatum und Telefon": the fields of a service's purpose in a sentence, in the referral mail's words. */
export function dataFieldList(fields: readonly string[]): string {
  const labels = fields.map((field) => (field in CLIENT_FIELD_LABELS ? CLIENT_FIELD_LABELS[field as ClientDataField] : field));
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} und ${labels.at(-1) ?? ''}`;
}

/** A label from one of the tables above; an unknown key (newer API, older page) is shown as it is. */
export function labelOf(labels: Readonly<Record<string, string>>, key: string): string {
  return labels[key] ?? key;
}

/** "SY" → "Syrien"; the intake also allows "stateless" and "unknown". */
export function nationalityName(code: ClientRecord['nationality']): string {
  if (code === 'stateless') return 'staatenlos';
  if (code === 'unknown') return 'unbekannt';
  return germanName('region', code);
}

/** ["ar", "uk"] → "Arabisch, Ukrainisch". */
export const languageNamesOf = (codes: readonly string[]): string => codes.map((code) => germanName('language', code)).join(', ');

/**
 * The case list's filter, from the page's URL (a GET form), unknown values left out: the stage, and at most one of
 * the others (the API's lists, core/cases/case-list.ts), chosen in one field `auswahl` so no two can be chosen.
 */
export interface CaseListFilter {
  readonly stage?: CaseStage;
  readonly municipality?: string;
  readonly caseManager?: string;
  readonly needsAttention?: true;
  readonly overdue?: true;
}

/** The values of the field `auswahl`. */
export const SELECTION = { attention: 'klaerung', overdue: 'ueberfaellig', municipality: 'kommune:', caseManager: 'case-management:' } as const;

export function caseListFilter(params: URLSearchParams, municipalityIds: readonly string[]): CaseListFilter {
  const stage = params.get('stage') ?? '';
  const selection = params.get('auswahl') ?? '';
  // `municipality` as before the field `auswahl`: links to the list keep working.
  const municipality = selection.startsWith(SELECTION.municipality) ? selection.slice(SELECTION.municipality.length) : (params.get('municipality') ?? '');
  const caseManager = selection.startsWith(SELECTION.caseManager) ? selection.slice(SELECTION.caseManager.length) : '';
  return {
    ...(isCaseStage(stage) ? { stage } : {}),
    ...(municipalityIds.includes(municipality) ? { municipality } : {}),
    ...(caseManager !== '' && caseManager.length <= 200 ? { caseManager } : {}),
    ...(selection === SELECTION.attention ? { needsAttention: true as const } : {}),
    ...(selection === SELECTION.overdue ? { overdue: true as const } : {}),
  };
}

/** The field `auswahl`'s value for a filter ('' for none). */
export function selectionOf(filter: CaseListFilter): string {
  if (filter.needsAttention === true) return SELECTION.attention;
  if (filter.overdue === true) return SELECTION.overdue;
  if (filter.municipality !== undefined) return `${SELECTION.municipality}${filter.municipality}`;
  return filter.caseManager === undefined ? '' : `${SELECTION.caseManager}${filter.caseManager}`;
}

/** GET /api/cases with the filter's query, from `cursor` on (the previous page's `next`). */
export function caseListPath(filter: CaseListFilter, cursor?: string): string {
  const query = new URLSearchParams();
  if (filter.stage !== undefined) query.set('stage', filter.stage);
  if (filter.municipality !== undefined) query.set('municipality', filter.municipality);
  if (filter.caseManager !== undefined) query.set('caseManager', filter.caseManager);
  if (filter.needsAttention === true) query.set('needsAttention', 'true');
  if (filter.overdue === true) query.set('overdue', 'true');
  if (cursor !== undefined) query.set('cursor', cursor);
  const search = query.toString();
  return search === '' ? '/api/cases' : `/api/cases?${search}`;
}
