/**
 * GET /api/reports/kpi through the local API gateway on DynamoDB Local, over a generated data set: a few hundred
 * cases across municipalities, focus areas and providers, with referrals, outcomes, history, gap reports and
 * meetings, written with the table's real key shapes. The expected figures are computed here from the generated
 * plan with code of their own (own time-zone conversion, own median and percentile, own outcome groups), never
 * with the report's functions.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { buildDependencies, provideDependencies } from '../../functions/_shared/dependencies/all.ts';
import { toCaseItem } from '../../core/adapters/items/case-item.ts';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { CaseRecord, CaseStage } from '../../core/cases/case.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import type { ReferralRecord, ReferralStatus } from '../../core/cases/referral.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { KpiCountTable, KpiDurationTable, KpiIndicatorTable, KpiReport } from '../../core/reports/kpi-report.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { localHandlers } from '../../local/functions.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';

const REGION = 'eu-central-1';
const NOW = '2026-11-24T08:00:00.000Z';
const DAY = 86_400_000;
const profile = bundledProfile();

// --- a seeded generator ----------------------------------------------------------------------------------------

/** mulberry32: small, seeded, good enough to spread test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  readonly cases: CaseRecord[];
  readonly referrals: ReferralRecord[];
  readonly gapReports: GapReport[];
  readonly meetings: { bodyId: string; start: string; status: 'scheduled' | 'cancelled'; guests: number }[];
  readonly items: Record<string, unknown>[];
  readonly clientNames: string[];
}

const STAGE_WEIGHTS: readonly [CaseStage, number][] = [
  ['intake', 4],
  ['triaged', 3],
  ['waiting-list', 8],
  ['assigned', 3],
  ['awaiting-assessment', 15],
  ['referring', 25],
  ['monitoring', 22],
  ['closed', 20],
];
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function generate(seed: number, count: number): Plan {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    let r = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]?.[0] as T;
  };
  const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();
  const between = (from: number, to: number): number => from + next() * (to - from);
  // Düren and Jülich large, three small municipalities rare: the export has cells from 1 to 4 to suppress.
  const weights: Readonly<Record<string, number>> = { dueren: 12, juelich: 6, heimbach: 0.2, nideggen: 0.2, titz: 0.25 };
  const municipalities = profile.municipalities.map((m): readonly [string, number] => [m.id, weights[m.id] ?? 1]);
  const stagesAfter = (stage: CaseStage, from: CaseStage): boolean => STAGE_WEIGHTS.findIndex(([s]) => s === stage) >= STAGE_WEIGHTS.findIndex(([s]) => s === from);

  const plan: Plan = { cases: [], referrals: [], gapReports: [], meetings: [], items: [], clientNames: [] };
  const gap = (day: string, reason: GapReport['reason'], municipalityId: string): void => {
    const report: GapReport = { gapReportId: randomUUID(), createdAt: day, source: 'workflow', reason, municipalityId, status: 'new' };
    plan.gapReports.push(report);
    plan.items.push({ ...tableKeys.gapReport(report.gapReportId, report.createdAt), type: 'gapReport', version: 1, ...report });
  };
  const event = (caseId: string, at: string, source: string, kind: string): void => {
    plan.items.push({ ...tableKeys.caseEvent(caseId, at, source), type: 'caseEvent', caseId, at, kind, actor: 'system' });
  };

  for (let i = 0; i < count; i += 1) {
    let suffix = '';
    for (let k = 0; k < 8; k += 1) suffix += ALPHABET.charAt(Math.floor(next() * ALPHABET.length));
    const caseId = `KIM-2026-${suffix}`;
    // Intakes from December 2025 to September 2026; every later step stays before NOW (at most 48 days on).
    const created = between(Date.parse('2025-12-01T00:00:00Z'), Date.parse('2026-09-30T20:00:00Z'));
    const stage = weighted(STAGE_WEIGHTS);
    const municipalityId = weighted(municipalities);
    const requestedFocusArea = pick(['welcome', 'welcome', 'labour', 'psychosocial'] as const);
    const rerouted = next() < 0.1;
    const focusArea = stage === 'intake' ? undefined : rerouted ? 'welcome' : requestedFocusArea;
    if (focusArea !== undefined && rerouted) gap(iso(created + 60_000).slice(0, 10), 'focus-area-not-offered', municipalityId);
    const providerId = stagesAfter(stage, 'assigned') ? pick(profile.providers).id : undefined;
    // Told within two hours, or 14 to 20 days later (after a stay on the waiting list): clearly in or out of time.
    const lateContact = next() < 0.3 && stage !== 'awaiting-assessment';
    const told = stagesAfter(stage, 'awaiting-assessment') ? created + (lateContact ? between(14, 20) * DAY : between(0.01, 0.08) * DAY) : undefined;
    if (stage === 'waiting-list' || (lateContact && told !== undefined && next() < 0.5)) gap(iso(created + 120_000).slice(0, 10), 'waiting-list', municipalityId);
    event(caseId, iso(created), 'v0001', 'intake-received');

    let last = told ?? created;
    if (told !== undefined && stagesAfter(stage, 'referring')) {
      const assessed = told + (next() < 0.3 ? between(14, 20) : between(0.1, 0.9)) * DAY;
      event(caseId, iso(told), 'v0004', 'case-manager-notified');
      event(caseId, iso(assessed), 'v0005', 'assessment-recorded');
      const needs = 1 + Math.floor(next() * 4);
      for (let n = 0; n < needs; n += 1) {
        const status = weighted<ReferralStatus>([
          ['planned', 1],
          ['sent', 4],
          ['accepted', 4],
          ['declined', 2],
          ['completed', 5],
          ['no-show', 1],
          ['held-no-consent', 1],
          ['gap', 1],
          ['stopped', 1],
        ]);
        const serviceId = status === 'gap' ? undefined : pick(profile.services).id;
        const wasSent = ['sent', 'accepted', 'declined', 'completed', 'no-show'].includes(status) || (status === 'stopped' && next() < 0.5);
        const sentAt = wasSent ? assessed + between(0, 3) * DAY : undefined;
        last = Math.max(last, sentAt ?? assessed);
        const referral: ReferralRecord = {
          referralId: `${caseId}-V${String(n + 1).padStart(2, '0')}`,
          caseId,
          version: 2,
          createdAt: iso(assessed),
          updatedAt: iso(sentAt ?? assessed),
          needCategory: pick(profile.needCategories).id,
          ...(serviceId === undefined ? {} : { serviceId }),
          status,
          ...(sentAt === undefined ? {} : { sentAt: iso(sentAt) }),
          ...(status === 'declined' ? { outcomeReason: 'Freitext mit Namen Geheimhaltung', outcomeAt: iso((sentAt ?? assessed) + DAY) } : {}),
        };
        if (status === 'gap') gap(iso(assessed).slice(0, 10), 'no-service-for-need', municipalityId);
        if (sentAt !== undefined) event(caseId, iso(sentAt), `${referral.referralId}-v0002`, 'referral-sent');
        plan.referrals.push(referral);
      }
    }
    const closedAt = stage === 'closed' ? last + between(0, 5) * DAY : undefined;
    // One closed case in ten is past its retention period, which TTL has not yet removed.
    const expiresAt = closedAt === undefined ? undefined : next() < 0.1 ? Math.floor(Date.parse(NOW) / 1000) - 3600 : Math.floor(closedAt / 1000) + 1095 * 86_400;
    const record: CaseRecord = {
      caseId,
      version: 6,
      createdAt: iso(created),
      updatedAt: iso(closedAt ?? last),
      stage,
      municipalityId,
      requestedFocusArea,
      ...(focusArea === undefined ? {} : { focusArea }),
      crisis: next() < 0.05,
      needCategories: ['language'],
      intakeBy: 'lena-hoffmann',
      ...(providerId === undefined ? {} : { providerId, caseManagerId: `cm-${providerId}` }),
      ...(told === undefined ? {} : { assessmentRequestedAt: iso(told) }),
      generation: 1,
      ...(closedAt === undefined ? {} : { closedAt: iso(closedAt) }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    plan.cases.push(record);
    const familyName = `Geheimname${String(i)}`;
    plan.clientNames.push(familyName);
    plan.items.push(toCaseItem(record));
    plan.items.push({ ...tableKeys.client(caseId), type: 'client', caseId, version: 1, familyName, dateOfBirth: '1990-01-01', municipalityId, ...(expiresAt === undefined ? {} : { expiresAt }) });
  }
  for (const referral of plan.referrals) {
    const expiresAt = plan.cases.find((c) => c.caseId === referral.caseId)?.expiresAt;
    plan.items.push({ ...tableKeys.referral(referral.referralId, referral.caseId), type: 'referral', ...referral, ...(expiresAt === undefined ? {} : { expiresAt }) });
  }
  // Meetings: twice a month for the Jour fixe, now and then a working group; some cancelled, some after NOW.
  for (let month = 0; month < 13; month += 1) {
    for (const [day, bodyId] of [
      [8, 'jour-fixe'],
      [22, 'jour-fixe'],
      [15, month % 3 === 0 ? 'ak-migration' : 'jour-fixe'],
    ] as const) {
      const start = new Date(Date.UTC(2025, 11 + month, day, 8, 0)).toISOString();
      const meeting = { bodyId, start, status: next() < 0.15 ? ('cancelled' as const) : ('scheduled' as const), guests: Math.floor(next() * 4) };
      plan.meetings.push(meeting);
      const meetingId = `${bodyId}-${start.slice(0, 10)}`;
      plan.items.push({
        ...tableKeys.meeting(meetingId, bodyId, start),
        type: 'meeting',
        meetingId,
        bodyId,
        version: 1,
        sequence: 0,
        ruleDate: start.slice(0, 10),
        start,
        end: new Date(Date.parse(start) + 2 * 3600_000).toISOString(),
        location: 'Kreishaus',
        status: meeting.status,
        agenda: [],
        guests: Array.from({ length: meeting.guests }, (_, g) => ({ guestId: `g${String(g)}`, name: `Gast ${String(g)}`, email: `gast${String(g)}@example.org` })),
        changeLog: [],
        createdAt: start,
        updatedAt: start,
      });
    }
  }
  return plan;
}

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
  const cases = plan.cases.filter((c) => berlinDay(c.createdAt) >= from && berlinDay(c.createdAt) <= to && !(c.expiresAt !== undefined && c.expiresAt * 1000 <= now));
  const ids = new Set(cases.map((c) => c.caseId));
  const referrals = plan.referrals.filter((r) => ids.has(r.caseId));
  const of = (caseId: string) => referrals.filter((r) => r.caseId === caseId);
  const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY;
  const firstContact = cases.flatMap((c) => (c.assessmentRequestedAt === undefined ? [] : [days(c.createdAt, c.assessmentRequestedAt)]));
  const assessment = cases.flatMap((c) => (of(c.caseId).length === 0 ? [] : [days(c.createdAt, of(c.caseId)[0]?.createdAt ?? '')]));
  const firstSent = cases.flatMap((c) => {
    const sent = of(c.caseId).flatMap((r) => (r.sentAt === undefined ? [] : [Date.parse(r.sentAt)]));
    return sent.length === 0 ? [] : [(Math.min(...sent) - Date.parse(c.createdAt)) / DAY];
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
  const plan = generate(20261124, 400);
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
    for (let i = 0; i < plan.items.length; i += 25) {
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {
        [tableName]: plan.items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (Object.keys(request).length > 0) {
        const answer = await documents.send(new BatchWriteCommand({ RequestItems: request }));
        request = (answer.UnprocessedItems ?? {}) as typeof request;
      }
    }
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
