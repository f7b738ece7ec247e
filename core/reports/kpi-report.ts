/**
 * The KPI report (Kennzahlen) for the coordination and, as an export, for the Land: pure — the items in, the
 * report out. Reading the items is core/adapters/dynamo-report-reader.ts; the API is core/reports/kpi-api.ts;
 * the CSV is core/reports/kpi-csv.ts.
 *
 * Basis (the "cohort"): every case whose intake lies in the period (days in the district's time zone), with its
 * stage, provider and referrals as they are when the report is made. Durations, shares and referral outcomes all
 * refer to these cases, so the figures of one report fit together. Exceptions, each named in its table: the
 * waiting list now (all cases), gap reports (by the day they were reported) and meetings (by their start).
 *
 * No personal data: the report counts; it carries no names, case numbers or free text, and the input holds the
 * case items' non-personal fields only. With `export` every count of cases, referrals or reports is protected by
 * core/reports/suppression.ts.
 */
import { CASE_STAGES, type CaseRecord } from '../cases/case.ts';
import { GAP_REASON_LABELS, STAGE_LABELS } from '../cases/case-labels.ts';
import { GAP_REASONS, type GapReport } from '../cases/gap-report.ts';
import type { ReferralRecord, ReferralStatus } from '../cases/referral.ts';
import { createWorkingCalendar } from '../calendar/working-days.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { SUPPRESSION_MARKS, suppressBreakdown, suppressCount, type Suppression } from './suppression.ts';

// --- input ---------------------------------------------------------------------------------------------------

/** A period of whole days, both included (`YYYY-MM-DD`, the district's time zone). */
export interface KpiPeriod {
  readonly from: string;
  readonly to: string;
}

/** The case fields the report uses: none of them personal; the case id only joins referrals to their case. */
export type KpiCase = Pick<
  CaseRecord,
  'caseId' | 'createdAt' | 'stage' | 'municipalityId' | 'requestedFocusArea' | 'focusArea' | 'providerId' | 'assessmentRequestedAt' | 'expiresAt'
>;

/** The referral fields the report uses (never the outcome's free-text reason). */
export type KpiReferral = Pick<ReferralRecord, 'referralId' | 'caseId' | 'createdAt' | 'serviceId' | 'status' | 'sentAt'> & {
  /** Set on closure of the case (retention); TTL deletes late, so expired items are skipped here. */
  readonly expiresAt?: number;
};

/** A meeting of a body, reduced to what the report counts (guests as a number, never their names). */
export interface KpiMeeting {
  readonly bodyId: string;
  readonly start: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly guestCount: number;
}

export interface KpiData {
  /** The cases whose intake lies in the period; others are ignored. */
  readonly cases: readonly KpiCase[];
  /** The referrals of those cases; referrals of other cases are ignored. */
  readonly referrals: readonly KpiReferral[];
  /** The cases on the waiting list now, whatever their intake date. */
  readonly waitingList: readonly KpiCase[];
  /** All gap reports. */
  readonly gapReports: readonly GapReport[];
  /** Meetings starting in the period; others are ignored. */
  readonly meetings: readonly KpiMeeting[];
}

export interface KpiReportInput {
  readonly data: KpiData;
  readonly period: KpiPeriod;
  readonly profile: DistrictProfile;
  /** Figures leave the Kreis: small counts are suppressed (core/reports/suppression.ts). */
  readonly export: boolean;
  readonly now: Date;
  /** The target for "first contact within N working days". @default FIRST_CONTACT_WORKING_DAYS */
  readonly firstContactWorkingDays?: number;
}

/**
 * KIM Flow's default target for the first contact (the case manager told of the case), in working days after the
 * intake: assignment runs at once unless the case has to wait for a free place, so this mainly measures the
 * waiting list. A district that agrees another target with the Land changes it here.
 */
export const FIRST_CONTACT_WORKING_DAYS = 3;

// --- output --------------------------------------------------------------------------------------------------

/** A figure: `value` is null when suppressed (see `suppressed`) or when there is nothing to compute from. */
export interface KpiValue {
  readonly value: number | null;
  /** German, as the page and the CSV show it: "12", "2,5", "<5", "x", "–". */
  readonly text: string;
  readonly suppressed?: Suppression;
}

export interface KpiRow extends KpiValue {
  readonly id: string;
  readonly label: string;
}

export interface KpiCountTable {
  readonly kind: 'counts';
  readonly id: string;
  readonly label: string;
  readonly dimension: { readonly id: string; readonly label: string };
  readonly unit: string;
  readonly rows: readonly KpiRow[];
  /** Present when the rows break this total down (they add up to it). */
  readonly total?: KpiRow;
  /** Counts about people's cases (suppressed in an export); meetings are counts about bodies, not people. */
  readonly personal: boolean;
  readonly note?: string;
}

export interface KpiDurationRow {
  readonly id: string;
  readonly label: string;
  /** The event the duration ends with, in words. */
  readonly endEvent: string;
  /** Cases in which the event has happened. */
  readonly cases: KpiValue;
  readonly median: KpiValue;
  readonly p90: KpiValue;
}

export interface KpiDurationTable {
  readonly kind: 'durations';
  readonly id: string;
  readonly label: string;
  readonly unit: 'Tage';
  readonly rows: readonly KpiDurationRow[];
}

export interface KpiIndicatorRow {
  readonly id: string;
  readonly label: string;
  /** What is counted, in words: numerator and denominator. */
  readonly definition: string;
  readonly numerator: KpiValue;
  readonly denominator: KpiValue;
  /** Per cent, one decimal. */
  readonly percent: KpiValue;
}

export interface KpiIndicatorTable {
  readonly kind: 'indicators';
  readonly id: string;
  readonly label: string;
  readonly rows: readonly KpiIndicatorRow[];
}

export type KpiTable = KpiCountTable | KpiDurationTable | KpiIndicatorTable;

export interface KpiSection {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tables: readonly KpiTable[];
  /** For the Handlungsziele: what the data cannot show, and why. */
  readonly notComputable?: readonly { readonly label: string; readonly reason: string }[];
}

export interface KpiReport {
  readonly title: string;
  readonly district: string;
  readonly period: KpiPeriod & { readonly label: string };
  readonly generatedAt: string;
  readonly export: boolean;
  /** How to read the report (basis, events, methods, suppression, retention), German. */
  readonly notes: readonly string[];
  readonly sections: readonly KpiSection[];
}

// --- labels --------------------------------------------------------------------------------------------------

export const REFERRAL_OUTCOME_GROUPS = ['accepted', 'declined', 'completed', 'no-show', 'open', 'held-back', 'gap', 'stopped'] as const;
export type ReferralOutcomeGroup = (typeof REFERRAL_OUTCOME_GROUPS)[number];

const OUTCOME_GROUP_OF: Readonly<Record<ReferralStatus, ReferralOutcomeGroup>> = {
  planned: 'open',
  sent: 'open',
  accepted: 'accepted',
  declined: 'declined',
  completed: 'completed',
  'no-show': 'no-show',
  'held-no-consent': 'held-back',
  gap: 'gap',
  stopped: 'stopped',
};

/** The outcome a referral counts under: every status belongs to exactly one group, so the groups add up. */
export const referralOutcomeGroup = (status: ReferralStatus): ReferralOutcomeGroup => OUTCOME_GROUP_OF[status];

const OUTCOME_GROUP_LABELS: Readonly<Record<ReferralOutcomeGroup, string>> = {
  accepted: 'angenommen',
  declined: 'abgelehnt',
  completed: 'abgeschlossen',
  'no-show': 'nicht erschienen',
  open: 'offen (geplant oder versandt, noch ohne Ergebnis)',
  'held-back': 'zurückgehalten (Einwilligung fehlt)',
  gap: 'nicht vermittelbar (kein Angebot, Lücke gemeldet)',
  stopped: 'gestoppt (Einwilligung widerrufen)',
};

const PROVIDER_KIND_LABELS: Readonly<Record<string, string>> = { welfare: 'Freie Träger', municipality: 'Kommunen' };

const OUTCOME_STATUSES: readonly ReferralStatus[] = ['accepted', 'declined', 'completed', 'no-show'];
/**
 * Gap reports not yet dealt with: new, checked or routed to a body. Closed ones are done; merged ones live on in the
 * report they were merged into, so each gap counts once.
 */
const OPEN_GAP_STATUSES: readonly string[] = ['new', 'accepted', 'routed'];
const NONE = 'none';
const DAY_MS = 86_400_000;

// --- small helpers -------------------------------------------------------------------------------------------

interface Entry {
  readonly id: string;
  readonly label: string;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
/** One decimal with a decimal comma: 2.25 → "2,3". */
export const germanDecimal = (value: number): string => round1(value).toFixed(1).replace('.', ',');
const germanDate = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

export function nextDay(date: string): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** The instants the period covers in the district's zone: from 00:00 of `from` up to (not including) 00:00 after `to`. */
export function periodWindow(period: KpiPeriod, timeZone: string): { readonly start: Date; readonly end: Date } {
  return { start: zonedInstant(period.from, '00:00', timeZone), end: zonedInstant(nextDay(period.to), '00:00', timeZone) };
}

const isExpired = (item: { readonly expiresAt?: number }, now: Date): boolean => item.expiresAt !== undefined && item.expiresAt * 1000 <= now.getTime();

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The profile's entries in its order, then ids the data has but the profile no longer knows (shown by id). */
function entriesFor(known: readonly Entry[], seen: Iterable<string>, extra: readonly Entry[] = []): Entry[] {
  const ids = new Set([...known.map((e) => e.id), ...extra.map((e) => e.id)]);
  const unknown = [...new Set(seen)].filter((id) => !ids.has(id)).sort();
  return [...known.map(({ id, label }) => ({ id, label })), ...unknown.map((id) => ({ id, label: id })), ...extra];
}

const named = (list: readonly { readonly id: string; readonly name: string }[]): Entry[] => list.map(({ id, name }) => ({ id, label: name }));

const shown = (value: number | null, text: string): KpiValue => ({ value, text });
const hidden = (suppressed: Suppression): KpiValue => ({ value: null, text: SUPPRESSION_MARKS[suppressed], suppressed });
const countValue = (value: number, suppressed: Suppression | undefined): KpiValue => (suppressed === undefined ? shown(value, String(value)) : hidden(suppressed));
const noData: KpiValue = shown(null, '–');

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

// --- table builders ------------------------------------------------------------------------------------------

interface CountSpec {
  readonly id: string;
  readonly label: string;
  readonly dimension: { readonly id: string; readonly label: string };
  readonly unit?: string;
  readonly personal?: boolean;
  readonly note?: string;
}

class Builder {
  constructor(private readonly exporting: boolean) {}

  /** Rows that add up to `total` (a breakdown), suppressed together. */
  breakdown(spec: CountSpec, entries: readonly Entry[], counts: ReadonlyMap<string, number>, total: number): KpiCountTable {
    const values = entries.map((entry) => counts.get(entry.id) ?? 0);
    const sum = values.reduce((a, b) => a + b, 0);
    if (sum !== total) throw new Error(`KPI table ${spec.id}: rows add up to ${sum}, not ${total}`);
    const personal = spec.personal ?? true;
    const suppression = this.exporting && personal ? suppressBreakdown(values, total) : { cells: values.map(() => undefined), total: undefined };
    return {
      kind: 'counts',
      id: spec.id,
      label: spec.label,
      dimension: spec.dimension,
      unit: spec.unit ?? 'Anzahl',
      rows: entries.map((entry, i) => ({ id: entry.id, label: entry.label, ...countValue(values[i] ?? 0, suppression.cells[i]) })),
      total: { id: 'total', label: 'Insgesamt', ...countValue(total, suppression.total) },
      personal,
      ...(spec.note === undefined ? {} : { note: spec.note }),
    };
  }

  /** Counts that do not add up to anything: each is suppressed on its own. */
  figures(spec: CountSpec, rows: readonly (Entry & { readonly count: number })[]): KpiCountTable {
    const personal = spec.personal ?? true;
    return {
      kind: 'counts',
      id: spec.id,
      label: spec.label,
      dimension: spec.dimension,
      unit: spec.unit ?? 'Anzahl',
      rows: rows.map((row) => ({ id: row.id, label: row.label, ...countValue(row.count, this.exporting && personal ? suppressCount(row.count) : undefined) })),
      personal,
      ...(spec.note === undefined ? {} : { note: spec.note }),
    };
  }

  /** Median and 90th percentile of durations in days; hidden with the number of cases they rest on. */
  duration(spec: Entry & { readonly endEvent: string }, days: readonly number[]): KpiDurationRow {
    const sorted = [...days].sort((a, b) => a - b);
    const suppressed = this.exporting ? suppressCount(sorted.length) : undefined;
    const figure = (value: number | undefined): KpiValue =>
      suppressed !== undefined ? hidden(suppressed) : value === undefined ? noData : shown(round1(value), germanDecimal(value));
    return {
      id: spec.id,
      label: spec.label,
      endEvent: spec.endEvent,
      cases: countValue(sorted.length, suppressed),
      median: figure(median(sorted)),
      p90: figure(percentile(sorted, 90)),
    };
  }

  /**
   * A share: `numerator` of `denominator`. Counts of cases are protected as the breakdown "with / without";
   * the share is hidden whenever its numerator or denominator is.
   */
  indicator(spec: Entry & { readonly definition: string }, numerator: number, denominator: number, personal = true): KpiIndicatorRow {
    const protect = this.exporting && personal;
    const suppression = protect ? suppressBreakdown([numerator, denominator - numerator], denominator) : { cells: [undefined, undefined], total: undefined };
    const numeratorSuppressed = suppression.cells[0];
    const percentSuppressed = numeratorSuppressed ?? suppression.total;
    const percent = denominator === 0 ? undefined : (100 * numerator) / denominator;
    return {
      id: spec.id,
      label: spec.label,
      definition: spec.definition,
      numerator: countValue(numerator, numeratorSuppressed),
      denominator: countValue(denominator, suppression.total),
      percent: percentSuppressed !== undefined ? hidden(percentSuppressed) : percent === undefined ? noData : shown(round1(percent), germanDecimal(percent)),
    };
  }
}

// --- the report ----------------------------------------------------------------------------------------------

export function buildKpiReport(input: KpiReportInput): KpiReport {
  const { profile, period, now } = input;
  const timeZone = profile.district.timeZone;
  const calendar = createWorkingCalendar(profile);
  const { start, end } = periodWindow(period, timeZone);
  const build = new Builder(input.export);
  const firstContactDays = input.firstContactWorkingDays ?? FIRST_CONTACT_WORKING_DAYS;
  const assessmentDays = profile.reminders.assessmentReminderWorkingDays;

  // The cohort: intake in the period, not past its retention period (TTL deletes late).
  const inPeriod = (iso: string): boolean => {
    const at = Date.parse(iso);
    return at >= start.getTime() && at < end.getTime();
  };
  const byId = new Map<string, KpiCase>();
  for (const record of input.data.cases) if (inPeriod(record.createdAt) && !isExpired(record, now)) byId.set(record.caseId, record);
  const cases = [...byId.values()];
  const referrals = [...new Map(input.data.referrals.filter((r) => byId.has(r.caseId) && !isExpired(r, now)).map((r) => [r.referralId, r])).values()];
  const referralsOf = new Map<string, KpiReferral[]>();
  for (const referral of referrals) referralsOf.set(referral.caseId, [...(referralsOf.get(referral.caseId) ?? []), referral]);
  const total = cases.length;

  // --- intakes and cases
  const municipalities = named(profile.municipalities);
  const focusAreas = named(profile.focusAreas);
  const providers = profile.providers.map((p) => ({ id: p.id, label: p.name }));
  const notYet = (label: string): Entry => ({ id: NONE, label });
  const providerKind = (providerId: string | undefined): string =>
    providerId === undefined ? NONE : (profile.providers.find((p) => p.id === providerId)?.kind ?? 'unknown');

  const intakeSection: KpiSection = {
    id: 'intakes',
    label: 'Erstaufnahmen und Fälle',
    description:
      'Alle Fälle, deren Erstaufnahme im Zeitraum liegt, mit ihrem Stand beim Abruf. Jede Erstaufnahme ist ein Fall; die Tabellen zerlegen dieselbe Gesamtzahl nach verschiedenen Merkmalen.',
    tables: [
      build.breakdown(
        { id: 'intakes.byRequestedFocusArea', label: 'Erstaufnahmen nach gewünschtem Schwerpunkt', dimension: { id: 'requestedFocusArea', label: 'Schwerpunkt (gewünscht)' } },
        entriesFor(focusAreas, cases.map((c) => c.requestedFocusArea)),
        countBy(cases, (c) => c.requestedFocusArea),
        total,
      ),
      build.breakdown(
        { id: 'cases.byFocusArea', label: 'Fälle nach Schwerpunkt (nach der Einordnung)', dimension: { id: 'focusArea', label: 'Schwerpunkt' } },
        entriesFor(focusAreas, cases.flatMap((c) => (c.focusArea === undefined ? [] : [c.focusArea])), [notYet('noch nicht eingeordnet')]),
        countBy(cases, (c) => c.focusArea ?? NONE),
        total,
      ),
      build.breakdown(
        { id: 'cases.byMunicipality', label: 'Erstaufnahmen (Fälle) nach Kommune', dimension: { id: 'municipality', label: 'Kommune' } },
        entriesFor(municipalities, cases.map((c) => c.municipalityId)),
        countBy(cases, (c) => c.municipalityId),
        total,
      ),
      build.breakdown(
        { id: 'cases.byProvider', label: 'Fälle nach Träger des Case-Managements', dimension: { id: 'provider', label: 'Träger' } },
        entriesFor(providers, cases.flatMap((c) => (c.providerId === undefined ? [] : [c.providerId])), [notYet('noch keinem Träger zugewiesen')]),
        countBy(cases, (c) => c.providerId ?? NONE),
        total,
      ),
      build.breakdown(
        { id: 'cases.byStage', label: 'Fälle nach Bearbeitungsstand beim Abruf', dimension: { id: 'stage', label: 'Stand' } },
        CASE_STAGES.map((stage) => ({ id: stage, label: STAGE_LABELS[stage] })),
        countBy(cases, (c) => c.stage),
        total,
      ),
    ],
  };

  // --- referrals
  const services = profile.services.map((s) => ({ id: s.id, label: s.name }));
  const referralSection: KpiSection = {
    id: 'referrals',
    label: 'Vermittlungen',
    description: 'Die Vermittlungen (eine je Bedarf aus der Einschätzung) der Fälle mit Erstaufnahme im Zeitraum, mit ihrem Ergebnis beim Abruf.',
    tables: [
      build.breakdown(
        { id: 'referrals.byService', label: 'Vermittlungen nach Stelle', dimension: { id: 'service', label: 'Stelle' } },
        entriesFor(services, referrals.flatMap((r) => (r.serviceId === undefined ? [] : [r.serviceId])), [notYet('ohne Stelle (kein passendes Angebot im Katalog)')]),
        countBy(referrals, (r) => r.serviceId ?? NONE),
        referrals.length,
      ),
      build.breakdown(
        { id: 'referrals.byOutcome', label: 'Vermittlungen nach Ergebnis', dimension: { id: 'outcome', label: 'Ergebnis' } },
        REFERRAL_OUTCOME_GROUPS.map((group) => ({ id: group, label: OUTCOME_GROUP_LABELS[group] })),
        countBy(referrals, (r) => referralOutcomeGroup(r.status)),
        referrals.length,
      ),
    ],
  };

  // --- durations (days from the intake)
  const sinceIntake = (record: KpiCase, iso: string | undefined): number[] => {
    if (iso === undefined) return [];
    return [Math.max(0, (Date.parse(iso) - Date.parse(record.createdAt)) / DAY_MS)];
  };
  const assessedAt = (record: KpiCase): string | undefined =>
    (referralsOf.get(record.caseId) ?? []).map((r) => r.createdAt).sort()[0];
  const firstSentAt = (record: KpiCase): string | undefined =>
    (referralsOf.get(record.caseId) ?? []).flatMap((r) => (r.sentAt === undefined ? [] : [r.sentAt])).sort()[0];
  const durationSection: KpiSection = {
    id: 'durations',
    label: 'Bearbeitungszeiten',
    description:
      'Tage von der Erstaufnahme bis zum jeweiligen Ereignis (Kalendertage, eine Nachkommastelle): Median und 90. Perzentil über die Fälle, in denen das Ereignis schon eingetreten ist.',
    tables: [
      {
        kind: 'durations',
        id: 'durations',
        label: 'Tage ab der Erstaufnahme',
        unit: 'Tage',
        rows: [
          build.duration(
            {
              id: 'firstContact',
              label: 'bis zum Erstkontakt',
              endEvent:
                'Benachrichtigung der zuständigen Case-Managerin bzw. des zuständigen Case-Managers nach der Zuweisung (der Fall liegt ab dann bei ihr oder ihm); ein erstes Gespräch mit der Person erfasst KIM Flow nicht',
            },
            cases.flatMap((c) => sinceIntake(c, c.assessmentRequestedAt)),
          ),
          build.duration(
            { id: 'assessment', label: 'bis zur Einschätzung (Bedarfsklärung)', endEvent: 'Erfassung der Einschätzung, mit der die Vermittlungen angelegt werden' },
            cases.flatMap((c) => sinceIntake(c, assessedAt(c))),
          ),
          build.duration(
            { id: 'firstReferralSent', label: 'bis zur ersten versandten Vermittlung', endEvent: 'Versand der ersten Vermittlung an eine Stelle' },
            cases.flatMap((c) => sinceIntake(c, firstSentAt(c))),
          ),
        ],
      },
    ],
  };

  // --- waiting list and gap reports (reported days are UTC dates, see core/cases/gap-report.ts)
  const onWaitingList = [...new Map(input.data.waitingList.filter((c) => c.stage === 'waiting-list' && !isExpired(c, now)).map((c) => [c.caseId, c])).values()];
  const reportedInPeriod = (report: GapReport): boolean => report.createdAt >= period.from && report.createdAt <= period.to;
  const openReports = input.data.gapReports.filter((r) => OPEN_GAP_STATUSES.includes(r.status));
  const waitingSection: KpiSection = {
    id: 'waitingList',
    label: 'Warteliste',
    description: 'Fälle, für die beim Zuweisen keine Case-Managerin und kein Case-Manager frei war.',
    tables: [
      build.figures(
        {
          id: 'waitingList',
          label: 'Warteliste',
          dimension: { id: 'figure', label: 'Kennzahl' },
          note: 'Aufnahmen werden nach dem Tag der Lückenmeldung „Warteliste“ gezählt, die bei jeder Aufnahme auf die Warteliste entsteht.',
        },
        [
          { id: 'current', label: 'derzeit auf der Warteliste (alle Fälle, Stand beim Abruf)', count: onWaitingList.length },
          {
            id: 'entriesInPeriod',
            label: 'Aufnahmen auf die Warteliste im Zeitraum',
            count: input.data.gapReports.filter((r) => r.reason === 'waiting-list' && reportedInPeriod(r)).length,
          },
        ],
      ),
    ],
  };
  const reasons = GAP_REASONS.map((reason) => ({ id: reason, label: GAP_REASON_LABELS[reason] }));
  const openInPeriod = openReports.filter(reportedInPeriod);
  const gapSection: KpiSection = {
    id: 'gapReports',
    label: 'Bedarfs- und Lückenmeldungen',
    description: 'Offene (noch nicht bearbeitete) Meldungen über Lücken im Beratungsangebot, nach ihrem Grund.',
    tables: [
      build.breakdown(
        { id: 'gapReports.openInPeriodByReason', label: 'Offene Lückenmeldungen aus dem Zeitraum nach Grund', dimension: { id: 'reason', label: 'Grund' } },
        entriesFor(reasons, openInPeriod.map((r) => r.reason)),
        countBy(openInPeriod, (r) => r.reason),
        openInPeriod.length,
      ),
      build.breakdown(
        { id: 'gapReports.openByReason', label: 'Alle offenen Lückenmeldungen nach Grund (Stand beim Abruf)', dimension: { id: 'reason', label: 'Grund' } },
        entriesFor(reasons, openReports.map((r) => r.reason)),
        countBy(openReports, (r) => r.reason),
        openReports.length,
      ),
    ],
  };

  // --- Handlungsziele
  const sentReferrals = referrals.filter((r) => r.sentAt !== undefined);
  const withOutcome = sentReferrals.filter((r) => OUTCOME_STATUSES.includes(r.status));
  const goal1: KpiSection = {
    id: 'goal-1',
    label: 'Handlungsziel 1: Optimierung der Zusammenarbeit zwischen Kommunen und den freien Trägern',
    description: 'Wie sich die Fälle auf freie Träger und kommunales Case-Management verteilen und wie verlässlich die Stellen auf Vermittlungen antworten.',
    tables: [
      build.breakdown(
        { id: 'goal1.casesByProviderKind', label: 'Fälle nach Art des Trägers', dimension: { id: 'providerKind', label: 'Art des Trägers' } },
        [...Object.entries(PROVIDER_KIND_LABELS).map(([id, label]) => ({ id, label })), ...(cases.some((c) => providerKind(c.providerId) === 'unknown') ? [{ id: 'unknown', label: 'Träger nicht mehr im Profil' }] : []), notYet('noch keinem Träger zugewiesen')],
        countBy(cases, (c) => providerKind(c.providerId)),
        total,
      ),
      {
        kind: 'indicators',
        id: 'goal1.indicators',
        label: 'Kennzahlen zu Handlungsziel 1',
        rows: [
          build.indicator(
            {
              id: 'responseRate',
              label: 'Rückmeldequote der Stellen',
              definition: 'Versandte Vermittlungen, zu denen ein Ergebnis erfasst ist (angenommen, abgelehnt, abgeschlossen, nicht erschienen), von allen versandten Vermittlungen',
            },
            withOutcome.length,
            sentReferrals.length,
          ),
        ],
      },
    ],
    notComputable: [
      {
        label: 'Kooperationen zwischen Case-Management, freien Trägern und Kommunen (Maßnahme zu 1)',
        reason: 'Vereinbarungen und gemeinsame Formate werden in KIM Flow nicht erfasst; ein Fall hat genau einen Träger, gemeinsame Fallarbeit mehrerer Träger ist nicht abgebildet.',
      },
    ],
  };

  const meetingsHeld = input.data.meetings.filter((m) => m.status !== 'cancelled' && inPeriod(m.start) && Date.parse(m.start) <= now.getTime());
  const bodies = named(profile.bodies);
  const municipalitiesReached = new Set(cases.map((c) => c.municipalityId).filter((id) => profile.municipalities.some((m) => m.id === id))).size;
  const guests = new Map<string, number>();
  for (const meeting of meetingsHeld) guests.set(meeting.bodyId, (guests.get(meeting.bodyId) ?? 0) + meeting.guestCount);
  const goal2: KpiSection = {
    id: 'goal-2',
    label: 'Handlungsziel 2: Erhöhung des Bekanntheitsgrades des Case-Managements',
    description:
      'Wie weit das Case-Management im Kreis erreicht wird (Erstaufnahmen je Kommune stehen oben) und wie oft sich das Netzwerk in den Gremien trifft, mit Gästen aus anderen Stellen.',
    tables: [
      {
        kind: 'indicators',
        id: 'goal2.indicators',
        label: 'Kennzahlen zu Handlungsziel 2',
        rows: [
          build.indicator(
            { id: 'municipalitiesReached', label: 'Kommunen mit Erstaufnahmen', definition: 'Kommunen mit mindestens einer Erstaufnahme im Zeitraum, von allen Kommunen des Kreises' },
            municipalitiesReached,
            profile.municipalities.length,
            false,
          ),
        ],
      },
      build.breakdown(
        {
          id: 'goal2.meetingsByBody',
          label: 'Durchgeführte Sitzungen der Gremien',
          dimension: { id: 'body', label: 'Gremium' },
          unit: 'Sitzungen',
          personal: false,
          note: 'Sitzungen mit Beginn im Zeitraum und vor dem Abruf, ohne abgesagte. Gezählt werden Termine, nicht die Anwesenheit.',
        },
        entriesFor(bodies, meetingsHeld.map((m) => m.bodyId)),
        countBy(meetingsHeld, (m) => m.bodyId),
        meetingsHeld.length,
      ),
      build.breakdown(
        {
          id: 'goal2.guestsByBody',
          label: 'Eingeladene Gäste in diesen Sitzungen',
          dimension: { id: 'body', label: 'Gremium' },
          unit: 'Gäste',
          personal: false,
          note: 'Gäste aus anderen Ämtern und Beratungsstellen (Vernetzung, Maßnahme zu 2 und 3); gezählt wird jede Einladung.',
        },
        entriesFor(bodies, [...guests.keys()]),
        guests,
        [...guests.values()].reduce((a, b) => a + b, 0),
      ),
    ],
    notComputable: [
      {
        label: 'Wie Menschen vom Case-Management erfahren haben',
        reason: 'Die Erstaufnahme fragt keinen Zugangsweg (z. B. Empfehlung durch eine Kommune, ein Amt, eine Beratungsstelle) ab.',
      },
      {
        label: 'Veranstaltungen zur Vorstellung des Case-Managements bei den Kommunen (Maßnahme zu 2)',
        reason: 'Solche Veranstaltungen werden nur erfasst, wenn sie als Sitzung eines Gremiums angelegt sind; Teilnehmende und Wirkung werden nicht erfasst.',
      },
      {
        label: 'Teilnahme an Arbeitskreisen und Veranstaltungen (Maßnahme zu 2 und 3)',
        reason: 'Erfasst sind Einladungen sowie Zu- und Absagen, nicht die tatsächliche Anwesenheit.',
      },
      {
        label: 'Entwicklung gegenüber früheren Zeiträumen',
        reason: 'Der Bericht betrachtet einen Zeitraum; zum Vergleich den Bericht für den Vorzeitraum abrufen. Für Zeiträume jenseits der Löschfrist fehlen abgeschlossene Fälle.',
      },
    ],
  };

  // First contact within N working days: cases told so far, and cases still untold whose deadline has passed.
  const deadline = (from: string, days: number): number => calendar.addWorkingDays(new Date(from), days).getTime();
  let contactDue = 0;
  let contactInTime = 0;
  for (const record of cases) {
    const due = deadline(record.createdAt, firstContactDays);
    const told = record.assessmentRequestedAt === undefined ? undefined : Date.parse(record.assessmentRequestedAt);
    if (told === undefined && due > now.getTime()) continue;
    contactDue += 1;
    if (told !== undefined && told <= due) contactInTime += 1;
  }
  let assessmentDue = 0;
  let assessmentInTime = 0;
  for (const record of cases) {
    if (record.assessmentRequestedAt === undefined) continue;
    const due = deadline(record.assessmentRequestedAt, assessmentDays);
    const assessed = assessedAt(record);
    if (assessed === undefined && due > now.getTime()) continue;
    assessmentDue += 1;
    if (assessed !== undefined && Date.parse(assessed) <= due) assessmentInTime += 1;
  }
  const assessedCases = cases.filter((c) => (referralsOf.get(c.caseId) ?? []).length > 0);
  const withCompleted = assessedCases.filter((c) => (referralsOf.get(c.caseId) ?? []).some((r) => r.status === 'completed'));
  const withService = cases.filter((c) => (referralsOf.get(c.caseId) ?? []).some((r) => r.serviceId !== undefined));
  const withTwoServices = withService.filter((c) => new Set((referralsOf.get(c.caseId) ?? []).flatMap((r) => (r.serviceId === undefined ? [] : [r.serviceId]))).size >= 2);
  const goal3: KpiSection = {
    id: 'goal-3',
    label: 'Handlungsziel 3: Qualitative und quantitative Weiterentwicklung der individuellen, rechtskreisübergreifenden Beratung',
    description: 'Wie schnell Menschen ins Case-Management kommen und wie oft Vermittlungen zu einem Ergebnis und über mehrere Stellen hinweg führen.',
    tables: [
      {
        kind: 'indicators',
        id: 'goal3.indicators',
        label: 'Kennzahlen zu Handlungsziel 3',
        rows: [
          build.indicator(
            {
              id: 'firstContactInTime',
              label: `Erstkontakt innerhalb von ${firstContactDays} Arbeitstagen`,
              definition: `Fälle, deren Case-Managerin bzw. Case-Manager spätestens ${firstContactDays} Arbeitstage nach der Erstaufnahme benachrichtigt wurde, von allen Fällen, bei denen das geschehen ist oder die Frist abgelaufen ist`,
            },
            contactInTime,
            contactDue,
          ),
          build.indicator(
            {
              id: 'assessmentInTime',
              label: `Einschätzung innerhalb von ${assessmentDays} Arbeitstagen nach der Benachrichtigung`,
              definition: `Fälle mit Einschätzung spätestens ${assessmentDays} Arbeitstage nach der Benachrichtigung (Erinnerungsfrist des Profils), von allen benachrichtigten Fällen, bei denen die Einschätzung vorliegt oder die Frist abgelaufen ist`,
            },
            assessmentInTime,
            assessmentDue,
          ),
          build.indicator(
            {
              id: 'completedReferral',
              label: 'Fälle mit mindestens einer abgeschlossenen Vermittlung',
              definition: 'Fälle mit mindestens einer Vermittlung im Ergebnis „abgeschlossen“, von allen Fällen mit Einschätzung (mindestens eine Vermittlung)',
            },
            withCompleted.length,
            assessedCases.length,
          ),
          build.indicator(
            {
              id: 'severalServices',
              label: 'Fälle mit Vermittlungen an mindestens zwei verschiedene Stellen',
              definition:
                'Fälle mit Vermittlungen an mindestens zwei verschiedene Stellen, von allen Fällen mit mindestens einer Vermittlung an eine Stelle – eine Näherung für rechtskreisübergreifende Beratung',
            },
            withTwoServices.length,
            withService.length,
          ),
        ],
      },
    ],
    notComputable: [
      {
        label: 'Rechtskreisübergreifende Beratung im engeren Sinn',
        reason:
          'Der Katalog der Stellen hält den Rechtskreis (SGB II, SGB III, SGB VIII, SGB XII, AsylbLG, AufenthG …) nicht fest; „mindestens zwei verschiedene Stellen“ ist nur eine Näherung.',
      },
      {
        label: 'Qualität der Beratung (Zufriedenheit, Wirkung für die Person)',
        reason: 'KIM Flow erfasst keine Rückmeldungen der beratenen Personen und keine Wirkungsmessung.',
      },
      {
        label: 'Umfang der Beratung (Zahl und Dauer der Beratungsgespräche)',
        reason: 'Gespräche und Begleitungen werden nicht als Termine oder Kontakte erfasst, nur Zuweisung, Einschätzung, Vermittlungen und Abschluss.',
      },
    ],
  };

  return {
    title: 'Kennzahlen des Kommunalen Integrationsmanagements',
    district: profile.district.name,
    period: { from: period.from, to: period.to, label: `${germanDate(period.from)} bis ${germanDate(period.to)}` },
    generatedAt: now.toISOString(),
    export: input.export,
    notes: reportNotes(input, firstContactDays),
    sections: [intakeSection, referralSection, durationSection, waitingSection, gapSection, goal1, goal2, goal3],
  };
}

function reportNotes(input: KpiReportInput, firstContactDays: number): string[] {
  const { profile, period, now } = input;
  const retentionDays = profile.retention.caseClosedDays;
  const oldestComplete = new Date(now.getTime() - retentionDays * DAY_MS).toISOString().slice(0, 10);
  return [
    `Grundlage sind alle Fälle mit Erstaufnahme vom ${germanDate(period.from)} bis ${germanDate(period.to)} (Tage nach Ortszeit ${profile.district.timeZone}), mit Stand, Vermittlungen und Ergebnissen zum Zeitpunkt des Abrufs. Ausnahmen nennt die jeweilige Tabelle.`,
    'Erstkontakt: gemessen wird die Benachrichtigung der zuständigen Case-Managerin bzw. des Case-Managers nach der Zuweisung – das erste Ereignis nach der Erstaufnahme, mit dem der Fall bei einer Person des Case-Managements liegt. Ein erstes Gespräch mit der Person selbst erfasst KIM Flow nicht.',
    `Zeiten in Kalendertagen; Median und 90. Perzentil (Nearest-Rank-Verfahren). Arbeitstage (Erstkontakt innerhalb von ${firstContactDays}, Einschätzung innerhalb von ${profile.reminders.assessmentReminderWorkingDays} Arbeitstagen) zählen nach den Bürozeiten, Feiertagen und Schließtagen des Profils.`,
    'Der Bericht enthält keine personenbezogenen Daten: keine Namen, keine Fallnummern, keine Freitexte.',
    ...(input.export
      ? [
          'Export für das Land: Anzahlen von 1 bis 4 sind gesperrt („<5“). Damit sie sich nicht aus Summen zurückrechnen lassen, sind in derselben Aufschlüsselung weitere Felder gesperrt („x“). Anteile und Zeiten, die auf gesperrten Anzahlen beruhen, sind ebenfalls gesperrt. Zahlen von Sitzungen und Gästen der Gremien betreffen keine Fälle und werden nicht gesperrt.',
        ]
      : []),
    ...(period.from < oldestComplete
      ? [
          `Abgeschlossene Fälle werden ${retentionDays} Tage nach dem Abschluss gelöscht (Löschfrist). Für Erstaufnahmen vor dem ${germanDate(oldestComplete)} können sie fehlen; die Zahlen sind dann zu niedrig.`,
        ]
      : []),
  ];
}
