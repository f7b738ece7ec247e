/**
 * The KPI report asked for by period (`from`, `to`), format (`json` or `csv`) and `export` — the coordination's
 * (and administration's) question, as the API receives it: `export=true` suppresses small counts for figures that
 * leave the Kreis. The period is checked first (German messages naming the parameter), then read and computed.
 */
import { validationFailed } from '../errors.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { Clock } from '../clock.ts';
import type { FieldError } from '../validation/format-issues.ts';
import { kpiCsv, kpiCsvFileName } from './kpi-csv.ts';
import { buildKpiReport, periodWindow, type KpiData, type KpiPeriod, type KpiReport } from './kpi-report.ts';
import { DAY_MS } from '../clock.ts';

export interface KpiReportReader {
  /**
   * The items for the report whose intake window is [start, end) (see KpiData for what each list holds), and the
   * case record's counters of the period's days.
   */
  readKpiData(window: { readonly start: Date; readonly end: Date }, now: Date, days: KpiPeriod): Promise<KpiData>;
}

export interface KpiDependencies {
  readonly reader: KpiReportReader;
  readonly profile: DistrictProfile;
  readonly clock: Clock;
}

export interface KpiQuery {
  readonly period: KpiPeriod;
  readonly format: 'json' | 'csv';
  readonly export: boolean;
}

/** The longest period one report covers: the reads grow with it, and the Land asks for years at most. */
export const MAX_PERIOD_YEARS = 2;

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = PLAIN_DATE.exec(value);
  if (match === null) return false;
  const [year = 0, month = 0, day = 0] = match.slice(1).map(Number);
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) === value;
}

/** The same day `years` later; 29 February goes to 1 March in a common year. */
function addYears(date: string, years: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day));
  shifted.setUTCFullYear(year + years);
  return shifted.toISOString().slice(0, 10);
}

const germanDate = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

function dateProblem(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value.trim() === '') return `fehlt: bitte ${name} als Datum im Format JJJJ-MM-TT angeben, z. B. 2026-01-31`;
  if (!PLAIN_DATE.test(value)) return `muss ein Datum im Format JJJJ-MM-TT sein, z. B. 2026-01-31 (angegeben: „${value.slice(0, 20)}“)`;
  if (!isCalendarDate(value)) return `„${value}“ ist kein gültiges Kalenderdatum`;
  return undefined;
}

/** The query parameters, checked; refuses invalid input with one German message per bad parameter. */
export function parseKpiQuery(params: Readonly<Record<string, string | undefined>>): KpiQuery {
  const errors: FieldError[] = [];
  const { from, to } = params;
  const fromProblem = dateProblem(from, 'den Beginn des Zeitraums');
  const toProblem = dateProblem(to, 'das Ende des Zeitraums');
  if (fromProblem !== undefined) errors.push({ field: 'from', message: fromProblem });
  if (toProblem !== undefined) errors.push({ field: 'to', message: toProblem });
  if (from !== undefined && to !== undefined && fromProblem === undefined && toProblem === undefined) {
    if (from > to) {
      errors.push({ field: 'to', message: `liegt vor dem Beginn (from = ${germanDate(from)}); das Ende darf nicht vor dem Beginn liegen` });
    } else if (to >= addYears(from, MAX_PERIOD_YEARS)) {
      const last = new Date(Date.parse(`${addYears(from, MAX_PERIOD_YEARS)}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
      errors.push({ field: 'to', message: `der Zeitraum darf höchstens ${MAX_PERIOD_YEARS} Jahre umfassen; bei diesem Beginn endet er spätestens am ${germanDate(last)}` });
    }
  }
  const format = params.format ?? 'json';
  if (format !== 'json' && format !== 'csv') errors.push({ field: 'format', message: 'muss „csv“ oder „json“ sein' });
  const exportParam = params.export ?? 'false';
  if (exportParam !== 'true' && exportParam !== 'false') errors.push({ field: 'export', message: 'muss „true“ oder „false“ sein' });
  if (errors.length > 0 || from === undefined || to === undefined) {
    throw validationFailed(errors, `Der Zeitraum oder die Angaben sind fehlerhaft: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`);
  }
  return { period: { from, to }, format: format === 'csv' ? 'csv' : 'json', export: exportParam === 'true' };
}

/** The report as data, or as the CSV file for a German spreadsheet. */
export type KpiAnswer = { readonly format: 'json'; readonly report: KpiReport } | { readonly format: 'csv'; readonly text: string; readonly fileName: string };

/** Coordinators and administrators only: the figures are about the whole programme, not one caseload. */
export async function kpiReportAnswer(deps: KpiDependencies, caller: Caller, params: Readonly<Record<string, string | undefined>>): Promise<KpiAnswer> {
  requireRole(caller, 'coordinator', 'admin');
  const query = parseKpiQuery(params);
  const now = deps.clock.now();
  const data = await deps.reader.readKpiData(periodWindow(query.period, deps.profile.district.timeZone), now, query.period);
  const report = buildKpiReport({ data, period: query.period, profile: deps.profile, export: query.export, now });
  return query.format === 'json' ? { format: 'json', report } : { format: 'csv', text: kpiCsv(report), fileName: kpiCsvFileName(report) };
}
