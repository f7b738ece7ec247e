/**
 * The figures of the KPI report one by one, each on the few items that decide it: the cohort (kpi-input.ts),
 * count tables (kpi-counts.ts), shares (kpi-indicators.ts), durations (kpi-durations.ts), referral outcomes,
 * the waiting list, gap reports and the three Handlungsziele. tests/unit/kpi-report.test.ts checks the whole report.
 */
import { describe, expect, it } from 'vitest';
import { REFERRAL_STATUSES } from '../../core/cases/referral.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { breakdownBy, breakdownTable, entriesFor, figuresTable } from '../../core/reports/kpi-counts.ts';
import { durationSection } from '../../core/reports/kpi-durations.ts';
import { gapReportSection } from '../../core/reports/kpi-gap-reports.ts';
import { awarenessGoalSection } from '../../core/reports/kpi-goal-awareness.ts';
import { cooperationGoalSection } from '../../core/reports/kpi-goal-cooperation.ts';
import { counsellingGoalSection } from '../../core/reports/kpi-goal-counselling.ts';
import { indicatorRow } from '../../core/reports/kpi-indicators.ts';
import { countsByIntakeDay, factsOfCases, REFERRAL_OUTCOME_GROUPS, referralOutcomeGroup, type KpiCase, type KpiCounts, type KpiReferral } from '../../core/reports/kpi-facts.ts';
import type { KpiReportInput } from '../../core/reports/kpi-input.ts';
import { cohortOf, kpiDataOf, type KpiLists } from '../fixtures/kpi-data.ts';
import { referralSection } from '../../core/reports/kpi-referrals.ts';
import type { KpiCountTable, KpiDurationTable, KpiIndicatorRow, KpiSection } from '../../core/reports/kpi-tables.ts';
import { waitingListSection } from '../../core/reports/kpi-waiting-list.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const profile = bundledProfile();
const PERIOD = { from: '2026-04-01', to: '2026-04-30' };
const NOW = new Date('2026-05-20T10:00:00Z');
const DAY = 86_400_000;

const aCase = (caseId: string, createdAt: string, fields: Partial<KpiCase> = {}): KpiCase => ({ caseId, createdAt, stage: 'intake', municipalityId: 'dueren', requestedFocusArea: 'welcome', ...fields });
const aReferral = (referralId: string, caseId: string, fields: Partial<KpiReferral> = {}): KpiReferral => ({ referralId, caseId, createdAt: '2026-04-10T08:00:00.000Z', status: 'planned', ...fields });
const aGap = (createdAt: string, fields: Partial<GapReport> = {}): GapReport => ({ gapReportId: createdAt, createdAt, source: 'workflow', reason: 'other', municipalityId: 'dueren', status: 'new', ...fields });

function inputOf(lists: KpiLists, fields: Partial<KpiReportInput> = {}): KpiReportInput {
  return { data: kpiDataOf(lists, fields.period ?? PERIOD), period: PERIOD, profile, export: false, now: NOW, ...fields };
}
const sectionOf = (build: (input: KpiReportInput, cohort: KpiCounts) => KpiSection, input: KpiReportInput): KpiSection => build(input, input.data.cohort);
const counts = (section: KpiSection, id: string): KpiCountTable => section.tables.find((t): t is KpiCountTable => t.kind === 'counts' && t.id === id) ?? expect.fail(`no table ${id}`);
const nonZero = (t: KpiCountTable): Record<string, number | null> => Object.fromEntries(t.rows.filter((r) => r.value !== 0).map((r) => [r.id, r.value]));
const indicatorRowOf = (section: KpiSection, id: string): KpiIndicatorRow =>
  section.tables.flatMap((t) => (t.kind === 'indicators' ? t.rows : [])).find((r) => r.id === id) ?? expect.fail(`no indicator ${id}`);
/** Numerator, denominator, per cent. */
const indicator = (section: KpiSection, id: string): (number | null)[] => {
  const row = indicatorRowOf(section, id);
  return [row.numerator.value, row.denominator.value, row.percent.value];
};

describe('the cohort', () => {
  it('counts each case on its intake day with its referrals as they are, also after the case expired', () => {
    const input = inputOf({
      cases: [
        aCase('A', '2026-04-02T08:00:00.000Z', { stage: 'referring' }),
        aCase('B', '2026-05-01T08:00:00.000Z'),
        // Counted when it was written: deleting it later (retention) does not take it out of the figures.
        aCase('C', '2026-04-03T08:00:00.000Z', { stage: 'closed' }),
      ],
      referrals: [
        aReferral('A-1', 'A', { createdAt: '2026-04-09T08:00:00.000Z', status: 'sent', sentAt: '2026-04-09T09:00:00.000Z' }),
        aReferral('A-2', 'A', { createdAt: '2026-04-07T08:00:00.000Z' }),
        aReferral('B-1', 'B'),
      ],
    });
    const cohort = input.data.cohort;
    expect(cohort.get('cases')).toBe(2);
    expect(cohort.get('cases.stage.referring')).toBe(1);
    expect(cohort.get('cases.stage.closed')).toBe(1);
    expect(cohort.get('referrals.outcome.open')).toBe(2);
    expect(cohort.get('referrals.sent')).toBe(1);
    // The assessment creates the referrals: its instant is the earliest referral's, 5 days after A's intake.
    expect(cohort.get('durations.assessment.5')).toBe(1);
    expect(cohort.get('durations.firstReferralSent.7')).toBe(1);
  });

  it('counts days in the district time zone: from 00:00 on 1 April in Düren up to, not including, 00:00 on 1 May', () => {
    const cohort = cohortOf([aCase('first', '2026-03-31T22:00:00.000Z'), aCase('before', '2026-03-31T21:59:59.999Z'), aCase('last', '2026-04-30T21:59:59.999Z'), aCase('after', '2026-04-30T22:00:00.000Z')], [], PERIOD);
    expect(cohort.get('cases')).toBe(2);
    expect([...countsByIntakeDay(factsOfCases([aCase('first', '2026-03-31T22:00:00.000Z'), aCase('before', '2026-03-31T21:59:59.999Z')], []), kpiCalendarOf(bundledProfile())).keys()]).toEqual(['2026-04-01', '2026-03-31']);
  });
});

describe('count tables', () => {
  const spec = { id: 't', label: 'T', dimension: { id: 'd', label: 'D' } };
  const known = [
    { id: 'b', label: 'Bee' },
    { id: 'a', label: 'Ay' },
  ];

  it('lists the profile entries in its order, then ids it no longer knows by id, then the row for "none yet"', () => {
    expect(entriesFor(known, ['z', 'a', 'y', 'z'], [{ id: 'none', label: 'keine' }]).map((e) => e.label)).toEqual(['Bee', 'Ay', 'y', 'z', 'keine']);
    const items = [{ key: 'a' }, { key: undefined }, { key: 'gone' }, { key: 'a' }];
    const table = breakdownBy(false, spec, known, items, (item) => item.key, 'noch offen');
    expect(table.rows.map((r) => [r.id, r.label, r.value])).toEqual([
      ['b', 'Bee', 0],
      ['a', 'Ay', 2],
      ['gone', 'gone', 1],
      ['none', 'noch offen', 1],
    ]);
    expect(table.total).toEqual({ id: 'total', label: 'Insgesamt', value: 4, text: '4' });
  });

  it('refuses a breakdown whose rows do not add up to its total', () => {
    expect(() => breakdownTable(false, spec, known, new Map([['a', 2]]), 3)).toThrow('KPI table t: rows add up to 2, not 3');
  });

  it('suppresses in an export only counts about people, each single figure on its own', () => {
    const rows = [
      { id: 'small', label: 'klein', count: 3 },
      { id: 'big', label: 'groß', count: 7 },
      { id: 'zero', label: 'null', count: 0 },
    ];
    expect(figuresTable(true, spec, rows).rows.map((r) => r.text)).toEqual(['<5', '7', '0']);
    expect(figuresTable(true, { ...spec, personal: false }, rows).rows.map((r) => r.text)).toEqual(['3', '7', '0']);
    expect(figuresTable(false, spec, rows).rows.map((r) => r.text)).toEqual(['3', '7', '0']);
  });
});

describe('shares', () => {
  const spec = { id: 's', label: 'S', definition: 'D' };

  it('gives per cent with one decimal and a decimal comma, and "–" without a denominator', () => {
    expect(indicatorRow(false, spec, 2, 3).percent).toEqual({ value: 66.7, text: '66,7' });
    expect(indicatorRow(false, spec, 0, 0).percent).toEqual({ value: null, text: '–' });
  });

  it('in an export hides a share whose numerator or "without" group is small, unless it counts no people', () => {
    expect(indicatorRow(true, spec, 3, 20)).toMatchObject({ numerator: { text: '<5' }, denominator: { value: 20 }, percent: { value: null, text: '<5' } });
    expect(indicatorRow(true, spec, 18, 20)).toMatchObject({ numerator: { text: 'x' }, percent: { value: null, text: 'x' } });
    expect(indicatorRow(true, spec, 10, 20).percent).toEqual({ value: 50, text: '50,0' });
    expect(indicatorRow(true, spec, 3, 20, false).percent).toEqual({ value: 15, text: '15,0' });
  });
});

describe('durations', () => {
  // Eleven cases told 0…10 days after the intake, one told a day before it (counts as 0), one not yet.
  const cases = [
    ...Array.from({ length: 11 }, (_, i) => aCase(`T${i}`, '2026-04-01T08:00:00.000Z', { assessmentRequestedAt: new Date(Date.parse('2026-04-01T08:00:00.000Z') + i * DAY).toISOString() })),
    aCase('early', '2026-04-02T08:00:00.000Z', { assessmentRequestedAt: '2026-04-01T08:00:00.000Z' }),
    aCase('untold', '2026-04-02T08:00:00.000Z'),
  ];
  const rowOf = (input: KpiReportInput, id: string) => {
    const table = sectionOf(durationSection, input).tables[0] as KpiDurationTable;
    return table.rows.find((r) => r.id === id) ?? expect.fail(`no row ${id}`);
  };

  it('gives the median and the nearest-rank 90th percentile over the cases in which the event happened', () => {
    // 0, 0, 1, …, 10: median the 7th of 12 values and the 6th averaged, (4 + 5) / 2; p90 the 11th (ceil 10.8), 9.
    expect(rowOf(inputOf({ cases }), 'firstContact')).toMatchObject({ cases: { value: 12 }, median: { value: 4.5, text: '4,5' }, p90: { value: 9, text: '9,0' } });
    // Odd count: the middle value.
    expect(rowOf(inputOf({ cases: cases.slice(0, 11) }), 'firstContact')).toMatchObject({ median: { value: 5 }, p90: { value: 9 } });
    // 0…5: p90 is the 6th value (ceil 5.4), not the 5th.
    expect(rowOf(inputOf({ cases: cases.slice(0, 6) }), 'firstContact')).toMatchObject({ median: { value: 2.5 }, p90: { value: 5 } });
    expect(rowOf(inputOf({ cases: cases.slice(11) }), 'firstContact')).toMatchObject({ cases: { value: 1 }, median: { value: 0 }, p90: { value: 0 } });
  });

  it('ends the assessment at the earliest referral created, the first referral sent at the earliest sent', () => {
    const input = inputOf({
      cases: [aCase('A', '2026-04-01T08:00:00.000Z')],
      referrals: [
        aReferral('A-1', 'A', { createdAt: '2026-04-03T20:00:00.000Z', sentAt: '2026-04-06T08:00:00.000Z' }),
        aReferral('A-2', 'A', { createdAt: '2026-04-03T08:00:00.000Z', sentAt: '2026-04-04T08:00:00.000Z' }),
      ],
    });
    expect(rowOf(input, 'assessment')).toMatchObject({ cases: { value: 1 }, median: { value: 2 } });
    expect(rowOf(input, 'firstReferralSent')).toMatchObject({ median: { value: 3 } });
  });

  it('in an export hides median and percentile resting on fewer than 5 cases, with their number', () => {
    expect(rowOf(inputOf({ cases: cases.slice(0, 4) }, { export: true }), 'firstContact')).toMatchObject({ cases: { text: '<5' }, median: { value: null, text: '<5' }, p90: { value: null } });
    expect(rowOf(inputOf({ cases: cases.slice(0, 5) }, { export: true }), 'firstContact')).toMatchObject({ cases: { value: 5 }, median: { value: 2 } });
  });
});

describe('referrals by outcome', () => {
  it('puts every status into exactly one of the groups, so the groups add up to all referrals', () => {
    for (const status of REFERRAL_STATUSES) expect(REFERRAL_OUTCOME_GROUPS).toContain(referralOutcomeGroup(status));
    const input = inputOf({ cases: [aCase('A', '2026-04-02T08:00:00.000Z')], referrals: REFERRAL_STATUSES.map((status) => aReferral(status, 'A', { status })) });
    const byOutcome = counts(sectionOf(referralSection, input), 'referrals.byOutcome');
    expect(nonZero(byOutcome)).toEqual({ open: 2, accepted: 1, declined: 1, completed: 1, 'no-show': 1, 'held-back': 1, gap: 1, stopped: 1 });
    expect(byOutcome.total?.value).toBe(REFERRAL_STATUSES.length);
  });
});

describe('waiting list and gap reports', () => {
  it('shows the cases waiting now as counted, and entries by the day of their gap report, whatever its status', () => {
    const input = inputOf({
      waitingListNow: 1,
      gapReports: [aGap('2026-03-31', { reason: 'waiting-list' }), aGap('2026-04-01', { reason: 'waiting-list', status: 'closed' }), aGap('2026-04-30', { reason: 'waiting-list' }), aGap('2026-04-15')],
    });
    expect(nonZero(counts(sectionOf(waitingListSection, input), 'waitingList'))).toEqual({ current: 1, entriesInPeriod: 2 });
  });

  it('counts open gap reports only, merged ones in the report they went into', () => {
    const input = inputOf({
      gapReports: [
        aGap('2026-04-01', { reason: 'service-capacity' }),
        aGap('2026-04-02', { reason: 'service-capacity', status: 'routed' }),
        aGap('2026-04-03', { reason: 'other', status: 'accepted' }),
        aGap('2026-04-04', { reason: 'other', status: 'merged' }),
        aGap('2026-04-05', { reason: 'other', status: 'closed' }),
        aGap('2026-05-01', { reason: 'other' }),
      ],
    });
    const section = sectionOf(gapReportSection, input);
    expect(nonZero(counts(section, 'gapReports.openInPeriodByReason'))).toEqual({ 'service-capacity': 2, other: 1 });
    expect(nonZero(counts(section, 'gapReports.openByReason'))).toEqual({ 'service-capacity': 2, other: 2 });
  });
});

describe('Handlungsziel 1: cooperation', () => {
  it('counts cases by kind of provider, with a row for providers gone from the profile only when there are any', () => {
    const cases = [
      aCase('A', '2026-04-02T08:00:00.000Z', { providerId: 'traeger-a' }),
      aCase('B', '2026-04-02T08:00:00.000Z', { providerId: 'kommune-dueren' }),
      aCase('C', '2026-04-02T08:00:00.000Z'),
    ];
    const byKind = (list: readonly KpiCase[]) => counts(sectionOf(cooperationGoalSection, inputOf({ cases: list })), 'goal1.casesByProviderKind').rows.map((r) => [r.id, r.value]);
    expect(byKind(cases)).toEqual([['welfare', 1], ['municipality', 1], ['none', 1]]);
    expect(byKind([...cases, aCase('D', '2026-04-02T08:00:00.000Z', { providerId: 'gone' })])).toEqual([['welfare', 1], ['municipality', 1], ['unknown', 1], ['none', 1]]);
  });

  it('takes as answered the sent referrals with an outcome, of all sent ones', () => {
    const input = inputOf({
      cases: [aCase('A', '2026-04-02T08:00:00.000Z')],
      referrals: [
        aReferral('1', 'A', { status: 'no-show', sentAt: '2026-04-10T08:00:00.000Z' }),
        aReferral('2', 'A', { status: 'sent', sentAt: '2026-04-10T08:00:00.000Z' }),
        aReferral('3', 'A', { status: 'held-no-consent' }),
      ],
    });
    expect(indicator(sectionOf(cooperationGoalSection, input), 'responseRate')).toEqual([1, 2, 50]);
  });
});

describe('Handlungsziel 2: awareness', () => {
  it('counts meetings held in the period before now, and their guests by body, bodies gone from the profile by id', () => {
    const input = inputOf(
      {
        cases: [aCase('A', '2026-04-02T08:00:00.000Z', { municipalityId: 'titz' }), aCase('B', '2026-04-02T08:00:00.000Z', { municipalityId: 'gone' })],
        meetings: [
          { bodyId: 'jour-fixe', start: '2026-04-14T08:00:00.000Z', status: 'scheduled', guestCount: 2 },
          { bodyId: 'jour-fixe', start: '2026-04-28T08:00:00.000Z', status: 'cancelled', guestCount: 4 },
          { bodyId: 'old-body', start: '2026-04-20T08:00:00.000Z', status: 'scheduled', guestCount: 1 },
          { bodyId: 'jour-fixe', start: '2026-04-29T08:00:00.000Z', status: 'scheduled', guestCount: 3 },
        ],
      },
      { now: new Date('2026-04-25T00:00:00Z'), export: true },
    );
    const section = sectionOf(awarenessGoalSection, input);
    // Bodies are not people: nothing is suppressed in an export.
    expect(nonZero(counts(section, 'goal2.meetingsByBody'))).toEqual({ 'jour-fixe': 1, 'old-body': 1 });
    expect(nonZero(counts(section, 'goal2.guestsByBody'))).toEqual({ 'jour-fixe': 2, 'old-body': 1 });
    expect(indicator(section, 'municipalitiesReached')).toEqual([1, 15, 6.7]);
  });
});

describe('Handlungsziel 3: counselling', () => {
  // Thursday 2 April 2026, 10:00 in Düren: three working days later, past Good Friday and Easter Monday, is
  // Thursday 9 April. Deadlines are compared by calendar day (the counters keep days, not instants).
  const intake = '2026-04-02T08:00:00.000Z';

  it('counts the first contact in time by the working days of the profile, and overdue untold cases as late', () => {
    const input = inputOf({
      cases: [
        aCase('in-time', intake, { assessmentRequestedAt: '2026-04-09T07:59:00.000Z' }),
        // Later on the deadline's day than the intake's time of day: still that day, so in time.
        aCase('deadline-day', intake, { assessmentRequestedAt: '2026-04-09T16:00:00.000Z' }),
        aCase('late', intake, { assessmentRequestedAt: '2026-04-10T06:00:00.000Z' }),
        aCase('untold-overdue', intake),
        aCase('untold-not-due', '2026-05-19T08:00:00.000Z'),
      ],
    }, { period: { from: '2026-04-01', to: '2026-05-31' } });
    expect(indicator(sectionOf(counsellingGoalSection, input), 'firstContactInTime')).toEqual([2, 4, 50]);
    const twoDays = inputOf({ cases: [aCase('in-time', intake, { assessmentRequestedAt: '2026-04-08T07:59:00.000Z' })] }, { firstContactWorkingDays: 2 });
    const section = sectionOf(counsellingGoalSection, twoDays);
    expect(indicator(section, 'firstContactInTime')).toEqual([1, 1, 100]);
    expect(indicatorRowOf(section, 'firstContactInTime').label).toBe('Erstkontakt innerhalb von 2 Arbeitstagen');
  });

  it('counts the assessment in time from the notification, once due', () => {
    // Told Thursday 2 April; five working days later is Monday 13 April (after Easter). E, told on Friday 10 April,
    // is not due yet; D was never told. C, still waiting, is due from Tuesday 14 April (the day after the deadline's).
    const told = { assessmentRequestedAt: intake };
    const cases = [aCase('A', intake, told), aCase('B', intake, told), aCase('C', intake, told), aCase('D', intake), aCase('E', intake, { assessmentRequestedAt: '2026-04-10T08:00:00.000Z' })];
    const referrals = [aReferral('A-1', 'A', { createdAt: '2026-04-13T15:00:00.000Z' }), aReferral('B-1', 'B', { createdAt: '2026-04-14T06:00:00.000Z' })];
    const onDeadlineDay = inputOf({ cases, referrals }, { now: new Date('2026-04-13T20:00:00Z') });
    expect(indicator(sectionOf(counsellingGoalSection, onDeadlineDay), 'assessmentInTime')).toEqual([1, 2, 50]);
    const dayAfter = inputOf({ cases, referrals }, { now: new Date('2026-04-14T09:00:00Z') });
    expect(indicator(sectionOf(counsellingGoalSection, dayAfter), 'assessmentInTime')).toEqual([1, 3, 33.3]);
  });

  it('counts cases with a completed referral of the assessed ones, and with two different services of those with one', () => {
    const input = inputOf({
      cases: [aCase('A', intake), aCase('B', intake), aCase('C', intake)],
      referrals: [
        aReferral('A-1', 'A', { serviceId: 'job-com', status: 'completed' }),
        aReferral('A-2', 'A', { serviceId: 'job-com' }),
        aReferral('B-1', 'B', { serviceId: 'job-com' }),
        aReferral('B-2', 'B', { serviceId: 'integrationskurs' }),
        aReferral('C-1', 'C', { status: 'gap' }),
      ],
    });
    const section = sectionOf(counsellingGoalSection, input);
    expect(indicator(section, 'completedReferral')).toEqual([1, 3, 33.3]);
    expect(indicator(section, 'severalServices')).toEqual([1, 2, 50]);
  });
});
