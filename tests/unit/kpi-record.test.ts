/**
 * The KPI report's section of the case record (core/reports/kpi-record.ts) on hand-made counters whose figures are
 * worked out in the comments: only the period's days count, contacts per case and month, the time to the support
 * plan from its classes, closure reasons and goal shares, and the suppression of an export.
 */
import { describe, expect, it } from 'vitest';
import { contactCounts, closureCounts, dayClassOf, supportPlanCounts } from '../../core/counselling/record-counts.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { KpiCounter } from '../../core/reports/kpi-input.ts';
import { buildKpiReport, type KpiCountTable, type KpiDurationTable, type KpiIndicatorTable, type KpiSection, type KpiTable } from '../../core/reports/kpi-report.ts';

const profile = bundledProfile();
const PERIOD = { from: '2026-03-01', to: '2026-03-31' };
const EMPTY = { cohort: new Map<string, number>(), waitingListNow: 0, gapCounts: { inPeriod: new Map<string, number>(), all: new Map<string, number>() }, meetings: [] };

const counters = (increments: readonly { day: string; key: string; by: number }[]): KpiCounter[] => increments.map(({ day, key, by }) => ({ day, key, n: by }));

function section(recordCounters: readonly KpiCounter[], exporting = false): KpiSection {
  const report = buildKpiReport({ data: { ...EMPTY, recordCounters }, period: PERIOD, profile, export: exporting, now: new Date('2026-04-02T10:00:00Z') });
  const found = report.sections.find((s) => s.id === 'record');
  if (found === undefined) throw new Error('no record section');
  return found;
}
const table = (s: KpiSection, id: string): KpiTable | undefined => s.tables.find((t) => t.id === id);
const rowText = (t: KpiCountTable, id: string): string | undefined => t.rows.find((r) => r.id === id)?.text;

// Six contacts in March of three cases: case A two (one with interpreter) in March and one in February (outside),
// case B three, case C one; case-months in March: A, B, C = 3 → 6 / 3 = 2,0 contacts per case and month.
const contactIncrements = [
  ...contactCounts({ date: '2026-03-02', form: 'in-person', durationMinutes: 60, interpreterLanguage: 'ar' }, true),
  ...contactCounts({ date: '2026-03-09', form: 'phone', durationMinutes: 15 }, false),
  ...contactCounts({ date: '2026-02-27', form: 'phone', durationMinutes: 15 }, true),
  ...contactCounts({ date: '2026-03-03', form: 'in-person', durationMinutes: 30 }, true),
  ...contactCounts({ date: '2026-03-10', form: 'video', durationMinutes: 30 }, false),
  ...contactCounts({ date: '2026-03-17', form: 'accompaniment', durationMinutes: 120 }, false),
  ...contactCounts({ date: '2026-03-31', form: 'outreach', durationMinutes: 45 }, true),
];

describe('the KPI section of the case record', () => {
  it('counts the period’s contacts by form, with interpreter, minutes and per case and month', () => {
    const s = section(counters(contactIncrements));
    const byForm = (table(s, 'record.contactsByForm') as KpiCountTable);
    expect(byForm.rows.map((r) => [r.id, r.value])).toEqual([
      ['in-person', 2],
      ['phone', 1],
      ['video', 1],
      ['outreach', 1],
      ['accompaniment', 1],
    ]);
    expect(byForm.total?.value).toBe(6);
    const figures = (table(s, 'record.contactFigures') as KpiCountTable);
    expect(rowText(figures, 'withInterpreter')).toBe('1');
    expect(rowText(figures, 'minutes')).toBe(String(60 + 15 + 30 + 30 + 120 + 45));
    expect(rowText(figures, 'caseMonths')).toBe('3');
    expect(rowText(figures, 'perCaseMonth')).toBe('2,0');
  });

  it('gives the time to the support plan as the upper bound of the class holding the median and the 90th percentile', () => {
    expect([3, 7, 8, 30, 31, 400].map(dayClassOf)).toEqual([7, 7, 14, 30, 60, 'more']);
    // Ten plans: 4 within 7 days, 4 within 14, 1 within 60, 1 over a year → median 14 (rank 5), p90 60 (rank 9).
    const days = [1, 2, 5, 7, 9, 10, 12, 14, 45, 500];
    const s = section(counters(days.flatMap((d) => supportPlanCounts('2026-03-05', d))));
    const [row] = (table(s, 'record.timeToSupportPlan') as KpiDurationTable).rows;
    expect([row?.cases.value, row?.median.text, row?.p90.text]).toEqual([10, '14,0', '60,0']);
  });

  it('counts closure reasons and how the goals ended, with the shares of goals reached', () => {
    const increments = [
      ...closureCounts('2026-03-10', 'goals-achieved', ['achieved', 'achieved']),
      ...closureCounts('2026-03-11', 'moved-away', ['not-achieved', 'partly-achieved']),
      ...closureCounts('2026-03-12', 'goals-achieved', ['achieved']),
      ...closureCounts('2026-04-01', 'contact-lost', ['dropped']),
    ];
    const s = section(counters(increments));
    const reasons = (table(s, 'record.closuresByReason') as KpiCountTable);
    expect(rowText(reasons, 'goals-achieved')).toBe('2');
    expect(rowText(reasons, 'moved-away')).toBe('1');
    expect(rowText(reasons, 'contact-lost')).toBe('0');
    const shares = (table(s, 'record.goalShares') as KpiIndicatorTable);
    // 3 of 5 goals achieved (60,0 %), 4 of 5 at least partly (80,0 %).
    expect(shares.rows.map((r) => [r.numerator.value, r.denominator.value, r.percent.text])).toEqual([
      [3, 5, '60,0'],
      [4, 5, '80,0'],
    ]);
  });

  it('suppresses small counts in an export, and the mean whose case count is small', () => {
    const s = section(counters(contactIncrements), true);
    const byForm = (table(s, 'record.contactsByForm') as KpiCountTable);
    expect(byForm.rows.every((r) => r.value === null || r.value === 0)).toBe(true);
    const figures = (table(s, 'record.contactFigures') as KpiCountTable);
    expect(rowText(figures, 'caseMonths')).toBe('<5');
    expect(rowText(figures, 'perCaseMonth')).toBe('<5');
  });
});
