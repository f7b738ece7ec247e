/**
 * GET /api/reports/kpi through the local API gateway on DynamoDB Local, over a generated data set
 * (tests/fixtures/case-generator.ts): a few hundred cases across municipalities, focus areas and providers, with
 * referrals, outcomes, history, gap reports and meetings, written as the project's item builders make them. The
 * expected figures are computed here from the generated plan with code of their own (own time-zone conversion, own
 * median and percentile, own outcome groups), never with the report's functions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { buildDependencies, provideDependencies } from '../../functions/_shared/dependencies/all.ts';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { rebuildKpiCounters } from '../../core/adapters/dynamo-kpi-backfill.ts';
import type { ReferralStatus } from '../../core/cases/referral.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { KpiCountTable, KpiDurationTable, KpiIndicatorTable, KpiReport } from '../../core/reports/kpi-report.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { localHandlers } from '../../local/functions.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';
import { DAY, generate, writeItems, type Plan } from '../fixtures/case-generator.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const REGION = 'eu-central-1';
const NOW = '2026-11-24T08:00:00.000Z';
const profile = bundledProfile();

// --- the expected figures, computed independently ------------------------------------------------------------------

const berlinDay = (isoInstant: string): string => new Date(isoInstant).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const OUTCOME_GROUP: Record<ReferralStatus, string> = {
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
const tally = (keys: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
};
const tenth = (value: number): number => Math.round(value * 10) / 10;
function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length / 2;
  return Number.isInteger(half) ? ((sorted[half - 1] ?? 0) + (sorted[half] ?? 0)) / 2 : (sorted[Math.floor(half)] ?? 0);
}
function p90Of(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let rank = 1;
  while (rank / sorted.length < 0.9) rank += 1;
  return sorted[rank - 1] ?? null;
}

function expected(plan: Plan, from: string, to: string) {
  const now = Date.parse(NOW);
  // The backfill leaves out cases already past their retention period (TTL deletes them any moment).
  const cases = plan.cases.filter((c) => berlinDay(c.createdAt) >= from && berlinDay(c.createdAt) <= to && !(c.expiresAt !== undefined && c.expiresAt * 1000 <= now));
  const ids = new Set(cases.map((c) => c.caseId));
  const referrals = plan.referrals.filter((r) => ids.has(r.caseId));
  const of = (caseId: string) => referrals.filter((r) => r.caseId === caseId);
  // Durations are kept rounded: to 0.1 day below 10 days, to whole days below 100, to 10 days above.
  const kept = (d: number): number => (d < 10 ? Math.round(d * 10) / 10 : d < 100 ? Math.round(d) : Math.round(d / 10) * 10);
  const days = (a: string, b: string) => kept((Date.parse(b) - Date.parse(a)) / DAY);
  const firstContact = cases.flatMap((c) => (c.assessmentRequestedAt === undefined ? [] : [days(c.createdAt, c.assessmentRequestedAt)]));
  const assessment = cases.flatMap((c) => (of(c.caseId).length === 0 ? [] : [days(c.createdAt, of(c.caseId)[0]?.createdAt ?? '')]));
  const firstSent = cases.flatMap((c) => {
    const sent = of(c.caseId).flatMap((r) => (r.sentAt === undefined ? [] : [Date.parse(r.sentAt)]));
    return sent.length === 0 ? [] : [kept((Math.min(...sent) - Date.parse(c.createdAt)) / DAY)];
  });
  const assessed = cases.filter((c) => of(c.caseId).length > 0);
  const withService = cases.filter((c) => of(c.caseId).some((r) => r.serviceId !== undefined));
  const sent = referrals.filter((r) => r.sentAt !== undefined);
  const inPeriodReports = plan.gapReports.filter((g) => g.createdAt >= from && g.createdAt <= to);
  const held = plan.meetings.filter((m) => m.status === 'scheduled' && berlinDay(m.start) >= from && berlinDay(m.start) <= to && Date.parse(m.start) <= now);
  const guests: Record<string, number> = {};
  for (const m of held) if (m.guests > 0) guests[m.bodyId] = (guests[m.bodyId] ?? 0) + m.guests;
  return {
    total: cases.length,
    byMunicipality: tally(cases.map((c) => c.municipalityId)),
    byRequested: tally(cases.map((c) => c.requestedFocusArea)),
    byFocusArea: tally(cases.map((c) => c.focusArea ?? 'none')),
    byProvider: tally(cases.map((c) => c.providerId ?? 'none')),
    byStage: tally(cases.map((c) => c.stage)),
    referralsByService: tally(referrals.map((r) => r.serviceId ?? 'none')),
    referralsByOutcome: tally(referrals.map((r) => OUTCOME_GROUP[r.status])),
    referrals: referrals.length,
    durations: {
      firstContact: [firstContact.length, medianOf(firstContact), p90Of(firstContact)].map((v) => (v === null ? null : tenth(v))),
      assessment: [assessment.length, medianOf(assessment), p90Of(assessment)].map((v) => (v === null ? null : tenth(v))),
      firstReferralSent: [firstSent.length, medianOf(firstSent), p90Of(firstSent)].map((v) => (v === null ? null : tenth(v))),
    },
    waitingListNow: plan.cases.filter((c) => c.stage === 'waiting-list').length,
    waitingListEntries: inPeriodReports.filter((g) => g.reason === 'waiting-list').length,
    gapsInPeriod: tally(inPeriodReports.map((g) => g.reason)),
    gapsOpen: tally(plan.gapReports.map((g) => g.reason)),
    indicators: {
      responseRate: [sent.filter((r) => ['accepted', 'declined', 'completed', 'no-show'].includes(r.status)).length, sent.length],
      completedReferral: [assessed.filter((c) => of(c.caseId).some((r) => r.status === 'completed')).length, assessed.length],
      severalServices: [withService.filter((c) => new Set(of(c.caseId).map((r) => r.serviceId).filter((s) => s !== undefined)).size >= 2).length, withService.length],
      // Told within two hours counts, 14 days or more or never does (every case of the period is past 3 working days).
      firstContactInTime: [cases.filter((c) => c.assessmentRequestedAt !== undefined && days(c.createdAt, c.assessmentRequestedAt) < 1).length, cases.length],
      // Assessed within a day of being told counts; 14 days or more, or still waiting (told weeks before NOW), does not.
      assessmentInTime: [
        cases.filter((c) => c.assessmentRequestedAt !== undefined && of(c.caseId).length > 0 && days(c.assessmentRequestedAt, of(c.caseId)[0]?.createdAt ?? '') < 1).length,
        cases.filter((c) => c.assessmentRequestedAt !== undefined).length,
      ],
    },
    meetingsByBody: tally(held.map((m) => m.bodyId)),
    guestsByBody: guests,
  };
}

// --- the running API ------------------------------------------------------------------------------------------------

describe('GET /api/reports/kpi', () => {
  const plan = generate(20261124, 400, { profile, now: NOW, intakesFrom: '2025-12-01T00:00:00Z', intakesTo: '2026-09-30T20:00:00Z' });
  const clock = new ManualClock(NOW);
  const tableName = `kpi-${randomUUID()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-kpi-'));
  const issuer = openLocalIssuer(dataDir);
  const staff = loadDemoData(profile).staff;
  const dynamodb = createDynamoDbClient({ region: REGION, endpoint: inject('dynamodbEndpoint') });
  const documents = createDocumentClient(dynamodb);
  let server: RunningServer;

  beforeAll(async () => {
    await ensureTable(dynamodb, tableName);
    await writeItems(documents, tableName, plan.items);
    // The generated items are written raw, as by a version before the counters: the backfill counts them.
    await rebuildKpiCounters({ documents, tableName, calendar: kpiCalendarOf(profile) }, clock.now());
    provideDependencies(
      buildDependencies({
        profile,
        clock,
        tableName,
        region: REGION,
        mailFrom: 'Kommunales Integrationszentrum <ki@kreis-dueren.example>',
        appUrl: 'http://127.0.0.1:3000',
        linkSecret: () => Promise.resolve(randomBytes(32).toString('hex')),
        // Nothing here starts workflows or sends mail; the addresses only complete the dependencies.
        endpoints: { dynamodb: inject('dynamodbEndpoint'), stepfunctions: 'http://127.0.0.1:9', ses: 'http://127.0.0.1:9' },
      }),
    );
    const api = apiGatewayListener({ routes: API_ROUTES, handlers: localHandlers(), issuer, clock });
    server = await listen(
      async (request, response) => {
        if (!(await api(request, response))) {
          response.statusCode = 404;
          response.end();
        }
      },
      '127.0.0.1',
      0,
      'PORT',
    );
  });
  afterAll(async () => {
    await server.close();
    dynamodb.destroy();
  });

  async function get(query: string, role: string | undefined): Promise<{ status: number; headers: Headers; text: string; bytes: Uint8Array }> {
    const person = staff.find((s) => s.role === role);
    const headers: Record<string, string> = {};
    if (role !== undefined) {
      if (person === undefined) throw new Error(`no demo staff with role ${role}`);
      headers.authorization = `Bearer ${await issuer.mintToken(person, clock.now())}`;
    }
    const response = await fetch(`${server.url}/api/reports/kpi${query}`, { headers });
    // The body's bytes as sent: Response.text() would drop a byte order mark.
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), bytes };
  }
  const json = async (query: string, role = 'coordinator'): Promise<KpiReport> => {
    const answer = await get(query, role);
    expect(answer.status, answer.text.slice(0, 500)).toBe(200);
    return JSON.parse(answer.text) as KpiReport;
  };
  const tables = (report: KpiReport) => report.sections.flatMap((s) => s.tables);
  const counts = (report: KpiReport, id: string): KpiCountTable => {
    const found = tables(report).find((t) => t.id === id);
    if (found?.kind !== 'counts') throw new Error(`no counts table ${id}`);
    return found;
  };
  const nonZero = (table: KpiCountTable): Record<string, number | null> => Object.fromEntries(table.rows.filter((r) => r.value !== 0).map((r) => [r.id, r.value]));

  it.each([
    ['2026-01-01', '2026-06-30'],
    ['2025-12-15', '2026-09-30'],
  ])('matches the figures computed from the generated data (%s to %s)', async (from, to) => {
    const want = expected(plan, from, to);
    expect(want.total).toBeGreaterThan(150);
    const report = await json(`?from=${from}&to=${to}`);
    expect(report.period).toMatchObject({ from, to });

    for (const [id, key] of [
      ['cases.byMunicipality', 'byMunicipality'],
      ['intakes.byRequestedFocusArea', 'byRequested'],
      ['cases.byFocusArea', 'byFocusArea'],
      ['cases.byProvider', 'byProvider'],
      ['cases.byStage', 'byStage'],
      ['goal2.meetingsByBody', 'meetingsByBody'],
      ['goal2.guestsByBody', 'guestsByBody'],
    ] as const) {
      expect(nonZero(counts(report, id)), id).toEqual(want[key]);
    }
    expect(counts(report, 'cases.byMunicipality').total?.value).toBe(want.total);
    expect(nonZero(counts(report, 'referrals.byService'))).toEqual(want.referralsByService);
    expect(nonZero(counts(report, 'referrals.byOutcome'))).toEqual(want.referralsByOutcome);
    expect(counts(report, 'referrals.byOutcome').total?.value).toBe(want.referrals);
    expect(nonZero(counts(report, 'waitingList'))).toEqual({ current: want.waitingListNow, entriesInPeriod: want.waitingListEntries });
    expect(nonZero(counts(report, 'gapReports.openInPeriodByReason'))).toEqual(want.gapsInPeriod);
    expect(nonZero(counts(report, 'gapReports.openByReason'))).toEqual(want.gapsOpen);

    const durations = tables(report).find((t): t is KpiDurationTable => t.kind === 'durations');
    expect(Object.fromEntries((durations?.rows ?? []).map((r) => [r.id, [r.cases.value, r.median.value, r.p90.value]]))).toEqual(want.durations);

    const indicators = Object.fromEntries(
      tables(report)
        .filter((t): t is KpiIndicatorTable => t.kind === 'indicators')
        .flatMap((t) => t.rows)
        .map((r) => [r.id, [r.numerator.value, r.denominator.value]]),
    );
    expect(indicators).toMatchObject(want.indicators);
  });

  it('gives coordinators and administrators the CSV: BOM, CRLF, semicolons, a line per figure, the counts as computed', async () => {
    const want = expected(plan, '2026-01-01', '2026-06-30');
    for (const role of ['coordinator', 'admin']) {
      const answer = await get('?from=2026-01-01&to=2026-06-30&format=csv', role);
      expect(answer.status, role).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(answer.headers.get('content-disposition')).toBe('attachment; filename="kennzahlen-2026-01-01-bis-2026-06-30.csv"');
      expect([...answer.bytes.slice(0, 3)], 'UTF-8 byte order mark').toEqual([0xef, 0xbb, 0xbf]);
      expect(answer.text.startsWith('\uFEFF')).toBe(true);
      expect(answer.text.endsWith('\r\n')).toBe(true);
      expect(answer.text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
      const lines = answer.text.slice(1).split('\r\n');
      expect(lines[0]).toBe('Kreis;Von;Bis;Abschnitt;Kennzahl-ID;Kennzahl;Dimension;Ausprägung-ID;Ausprägung;Wert;Einheit;Hinweis');
      const dueren = lines.find((l) => l.includes(';cases.byMunicipality;') && l.includes(';dueren;'));
      expect(dueren?.split(';')[9]).toBe(String(want.byMunicipality.dueren));
      const total = lines.find((l) => l.includes(';cases.byMunicipality;') && l.includes(';total;'));
      expect(total?.split(';')[9]).toBe(String(want.total));
    }
  });

  it('with export=true suppresses every count from 1 to 4 and protects breakdowns with one more cell', async () => {
    const from = '2026-01-01';
    const to = '2026-06-30';
    const want = expected(plan, from, to);
    const report = await json(`?from=${from}&to=${to}&export=true`);
    expect(report.export).toBe(true);
    const byMunicipality = counts(report, 'cases.byMunicipality');
    const small = Object.entries(want.byMunicipality).filter(([, n]) => n >= 1 && n <= 4);
    expect(small.length, 'the data set has small municipalities').toBeGreaterThan(0);
    for (const row of byMunicipality.rows) {
      const n = want.byMunicipality[row.id] ?? 0;
      if (n >= 1 && n <= 4) expect(row, row.id).toMatchObject({ value: null, text: '<5', suppressed: 'primary' });
      else if (n === 0) expect(row, row.id).toMatchObject({ value: 0 });
      else expect(row.value === n || row.suppressed === 'secondary', row.id).toBe(true);
    }
    // No count table about cases shows a value from 1 to 4, and none has exactly one suppressed cell under a shown total.
    for (const table of tables(report).filter((t): t is KpiCountTable => t.kind === 'counts' && t.personal)) {
      for (const row of [...table.rows, ...(table.total === undefined ? [] : [table.total])]) {
        expect(row.value === null || row.value === 0 || row.value >= 5, `${table.id} ${row.id}`).toBe(true);
      }
      if (table.total?.value !== null && table.total !== undefined) expect(table.rows.filter((r) => r.suppressed !== undefined).length, table.id).not.toBe(1);
    }
    const csv = await get(`?from=${from}&to=${to}&export=true&format=csv`, 'coordinator');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="kennzahlen-2026-01-01-bis-2026-06-30-export.csv"');
    const [name] = small[0] ?? [];
    const line = csv.text.split('\r\n').find((l) => l.includes(';cases.byMunicipality;') && l.includes(`;${String(name)};`));
    expect(line).toMatch(/;<5;Anzahl;gesperrt: Anzahl zwischen 1 und 4$/);
  });

  it('contains no personal data: no names, no case numbers, no free text', async () => {
    const answers = [await get('?from=2025-12-01&to=2026-11-24', 'coordinator'), await get('?from=2025-12-01&to=2026-11-24&format=csv', 'coordinator')];
    for (const { text } of answers) {
      expect(text).not.toMatch(/KIM-\d{4}-/);
      expect(text).not.toMatch(/Geheimname|Geheimhaltung|Gast \d|@example\.org|cm-traeger/);
    }
  });

  it('refuses case managers and intake staff (403) and answers 401 without a token', async () => {
    for (const role of ['casemanager', 'intake']) {
      const answer = await get('?from=2026-01-01&to=2026-06-30', role);
      expect(answer.status, role).toBe(403);
      expect(JSON.parse(answer.text)).toEqual({ message: 'Dafür fehlt Ihnen die Berechtigung.' });
    }
    expect((await get('?from=2026-01-01&to=2026-06-30', undefined)).status).toBe(401);
  });

  it.each([
    ['', ['from', 'to'], /fehlt/],
    ['?from=2026-01-01', ['to'], /fehlt: bitte das Ende des Zeitraums/],
    ['?from=31.01.2026&to=2026-06-30', ['from'], /Format JJJJ-MM-TT/],
    ['?from=2026-02-30&to=2026-06-30', ['from'], /kein gültiges Kalenderdatum/],
    ['?from=2026-06-30&to=2026-01-01', ['to'], /vor dem Beginn/],
    ['?from=2024-01-01&to=2026-06-30', ['to'], /höchstens 2 Jahre/],
    ['?from=2026-01-01&to=2026-06-30&format=pdf', ['format'], /„csv“ oder „json“/],
  ])('answers a bad period %j with 400 and a German message naming the parameter', async (query, fields, message) => {
    const answer = await get(query, 'coordinator');
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as { message: string; errors: { field: string; message: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(fields);
    expect(body.errors.map((e) => e.message).join(' ')).toMatch(message);
    for (const field of fields) expect(body.message).toContain(`${field} `);
    expect(body.message).toMatch(/^Der Zeitraum oder die Angaben sind fehlerhaft/);
  });
});
