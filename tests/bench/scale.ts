/**
 * Scale: what a coordinator and a case manager wait for when the district has years of cases. The same reads at a
 * small and a large number of cases (defaults 1,000 and 30,000, two years of intakes; scale-data.ts), side by side
 * in one DynamoDB Local, each operation alternately against both tables, through the production path: the local
 * API gateway, the route table and the local handlers, with a signed-in coordinator's or case manager's token.
 *
 * Budget: p95 at the large size ≤ 2× p95 at the small one, for each operation; answers bounded (≤ 2× the small
 * size's bytes; a list's first page well under 1 MB). Each operation's DynamoDB calls are counted by a middleware on the
 * handlers' own document client and projected into AWS as calls × a typical latency (PROJECTED_MS_PER_CALL).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../core/clock.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';
import type { KpiReport } from '../../core/reports/kpi-report.ts';
import { buildDependencies, provideDependencies, type Dependencies } from '../../functions/_shared/dependencies/all.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { localHandlers } from '../../local/functions.ts';
import { listen } from '../../local/http-server.ts';
import { BENCH_START, REGION } from './local-system.ts';
import { kib, ms, times, type Budget, type Reporter, type Status } from './report.ts';
import { openScaleData, scalePlan, tableNameOf } from './scale-data.ts';
import { median, round, stopwatch, summarize } from './stats.ts';

/**
 * DynamoDB's typical latency per call from a Lambda in the same region: "single-digit milliseconds" (AWS's own
 * figure for GetItem/Query of a few KB), rounded up. Calls a handler makes in parallel overlap, so the projection
 * is high for them; a Query page of up to 1 MB takes longer, so it is low for those.
 */
const PROJECTED_MS_PER_CALL = 5;
const RATIO_BUDGET = 2;
/** A list page "well under 1 MB": a quarter of it (a page of at most 100 rows is some 40 KiB). */
const LIST_PAGE_BUDGET_BYTES = 256 * 1024;
/** How many different cases the case page reads rotate over (each read adds an audit event to its history). */
const CASE_PAGE_ROTATION = 10;

interface Operation {
  readonly id: string;
  readonly label: string;
  readonly as: StaffMember;
  /** A list answers `{ cases: [...] }` (its first page); a KPI report counts cases in `cases.byMunicipality`. */
  readonly kind: 'list' | 'case' | 'kpi';
  path(round: number): string;
}

interface Sample {
  readonly ms: number;
  readonly bytes: number;
  readonly calls: number;
  /** Items DynamoDB read for them (a query's ScannedCount, a GetItem's one item): what a call's latency grows with. */
  readonly items: number;
  /** The rows of a list's first page, or the cases a KPI report counts. */
  readonly rows?: number;
  readonly more: boolean;
}

export interface ScaleOptions {
  readonly smallCases: number;
  readonly largeCases: number;
  readonly rounds: number;
}

/** The Berlin day before the bench's day, and the first day of a period of `years` years ending on it. */
function period(years: number): { from: string; to: string } {
  const to = new Date(Date.parse(BENCH_START) - 86_400_000).toISOString().slice(0, 10);
  const from = `${String(Number(to.slice(0, 4)) - years)}${new Date(Date.parse(BENCH_START)).toISOString().slice(4, 10)}`;
  return { from, to };
}

export async function benchScale(reporter: Reporter, options: ScaleOptions): Promise<void> {
  const sizes = [options.smallCases, options.largeCases] as const;
  const profile = bundledProfile();
  const demo = loadDemoData(profile);
  const clock = new ManualClock(BENCH_START);
  const staff = (role: string): StaffMember => {
    const found = demo.staff.find((s) => s.role === role);
    if (found === undefined) throw new Error(`no demo staff with role ${role}`);
    return found;
  };
  const coordinator = staff('coordinator');
  const caseManager = staff('casemanager');
  // Cases of the signed-in case manager, in monitoring (assessed, referrals sent): the same cases in both tables.
  const small = scalePlan(profile, demo, sizes[0]);
  const pageCases = small.cases.filter((c) => c.caseManagerId === caseManager.id && c.stage === 'monitoring').slice(0, CASE_PAGE_ROTATION).map((c) => c.caseId);
  if (pageCases.length === 0) throw new Error(`no case of ${caseManager.id} in monitoring among ${String(sizes[0])} cases: use more cases`);
  const oneYear = period(1);
  const twoYears = period(2);
  const operations: Operation[] = [
    { id: 'listCoordinator', label: 'case list, coordinator', as: coordinator, kind: 'list', path: () => '/api/cases' },
    { id: 'listCaseManager', label: 'case list, case manager', as: caseManager, kind: 'list', path: () => '/api/cases' },
    { id: 'inactiveCases', label: 'Ruhende Fälle (GET /api/inactive-cases)', as: coordinator, kind: 'list', path: () => '/api/inactive-cases' },
    { id: 'casePage', label: 'case page (GET /api/cases/{id})', as: caseManager, kind: 'case', path: (r) => `/api/cases/${pageCases[r % pageCases.length] ?? ''}` },
    { id: 'caseRecord', label: 'case record (…/{id}/record)', as: caseManager, kind: 'case', path: (r) => `/api/cases/${pageCases[r % pageCases.length] ?? ''}/record` },
    { id: 'kpi1Year', label: `KPI report, 1 year`, as: coordinator, kind: 'kpi', path: () => `/api/reports/kpi?from=${oneYear.from}&to=${oneYear.to}` },
    { id: 'kpi2Years', label: `KPI report, 2 years`, as: coordinator, kind: 'kpi', path: () => `/api/reports/kpi?from=${twoYears.from}&to=${twoYears.to}` },
  ];

  reporter.section(`Scale: ${String(sizes[0])} and ${String(sizes[1])} cases over two years, p95 of ${String(options.rounds)} rounds each`);
  const data = await openScaleData(profile, demo, sizes, reporter);
  reporter.note(
    data.seeded
      ? `seeded both tables in ${String(data.seedSeconds)} s (cached in .kim/bench/scale-data for the next run)`
      : `seeded tables copied from .kim/bench/scale-data in ${String(data.seedSeconds)} s`,
  );
  reporter.note(`derived items: ${data.derived}`);

  const issuerDir = mkdtempSync(join(tmpdir(), 'kim-scale-issuer-'));
  const issuer = openLocalIssuer(issuerDir);
  // One set of dependencies per table, each with its own client, whose calls a middleware counts.
  const counted = sizes.map((cases) => {
    const deps: Dependencies = buildDependencies({
      profile,
      clock,
      tableName: tableNameOf(cases),
      region: REGION,
      mailFrom: 'Kommunales Integrationszentrum <ki@kreis-dueren.example>',
      appUrl: 'http://127.0.0.1:3000',
      linkSecret: () => Promise.resolve(randomBytes(32).toString('hex')),
      // These reads start no workflow and send no mail; the addresses only complete the dependencies.
      endpoints: { dynamodb: data.endpoint, stepfunctions: 'http://127.0.0.1:9', ses: 'http://127.0.0.1:9' },
    });
    const counter = { calls: 0, items: 0 };
    deps.documents.middlewareStack.add(
      (next) => async (args) => {
        counter.calls += 1;
        const result = await next(args);
        counter.items += itemsRead(result.output);
        return result;
      },
      { step: 'initialize', priority: 'high', name: 'scaleBenchCount' },
    );
    return { cases, deps, counter };
  });
  const api = apiGatewayListener({ routes: API_ROUTES, handlers: localHandlers(), issuer, clock });
  const server = await listen(
    async (request, response) => {
      if (!(await api(request, response))) {
        response.statusCode = 404;
        response.end();
      }
    },
    '127.0.0.1',
    0,
    'the scale bench’s port',
  );

  // Requests run one at a time, so the provided dependencies say which table the handlers read.
  const measure = async (operation: Operation, table: (typeof counted)[number], round: number): Promise<Sample> => {
    provideDependencies(table.deps);
    table.counter.calls = 0;
    table.counter.items = 0;
    const token = await issuer.mintToken(operation.as, clock.now());
    const elapsed = stopwatch();
    const response = await fetch(`${server.url}${operation.path(round)}`, { headers: { authorization: `Bearer ${token}` } });
    const body = new Uint8Array(await response.arrayBuffer());
    const took = elapsed();
    const text = new TextDecoder().decode(body);
    if (response.status !== 200) throw new Error(`${operation.label} at ${String(table.cases)} cases answered ${String(response.status)}: ${text.slice(0, 300)}`);
    const json = JSON.parse(text) as Record<string, unknown>;
    // A list answer is `{ cases: [...] }`, perhaps with a cursor for the next page: the first page is what a person sees.
    const more = ['next', 'cursor', 'nextCursor'].some((field) => typeof json[field] === 'string');
    const rows = operation.kind === 'list' ? (Array.isArray(json.cases) ? json.cases.length : undefined) : operation.kind === 'kpi' ? countedCases(json as unknown as KpiReport) : undefined;
    return { ms: took, bytes: body.length, calls: table.counter.calls, items: table.counter.items, ...(rows === undefined ? {} : { rows }), more };
  };

  const samples = new Map<string, Sample[][]>(operations.map((o) => [o.id, [[], []]]));
  try {
    const total = operations.length * 2 * (options.rounds + 1);
    let done = 0;
    // Round 0 warms up (module loading, the JIT, the first token); then each round measures every operation on
    // both tables, the order of the tables alternating, so drift on the shared machine hits both alike.
    for (let round = 0; round <= options.rounds; round += 1) {
      for (const operation of operations) {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const index of order) {
          const sample = await measure(operation, counted[index] as (typeof counted)[number], round);
          if (round > 0) samples.get(operation.id)?.[index]?.push(sample);
          done += 1;
          reporter.progress('scale rounds', done, total);
        }
      }
    }
  } finally {
    await server.close();
    for (const { deps } of counted) deps.documents.destroy();
    await data.stop();
    rmSync(issuerDir, { recursive: true, force: true });
  }
  report(reporter, operations, samples, sizes);
}

function itemsRead(output: unknown): number {
  const { ScannedCount, Items, Item, Responses } = output as { ScannedCount?: number; Items?: unknown[]; Item?: unknown; Responses?: Record<string, unknown[]> };
  if (ScannedCount !== undefined) return ScannedCount;
  if (Items !== undefined) return Items.length;
  if (Responses !== undefined) return Object.values(Responses).reduce((sum, items) => sum + items.length, 0);
  return Item === undefined ? 0 : 1;
}

/** The cases a KPI report counts (the municipalities' total): none means it read nothing of the seeded data. */
function countedCases(report: KpiReport): number | undefined {
  const table = report.sections.flatMap((s) => s.tables).find((t) => t.id === 'cases.byMunicipality');
  return table?.kind === 'counts' ? (table.total?.value ?? undefined) : undefined;
}

function report(reporter: Reporter, operations: readonly Operation[], samples: ReadonlyMap<string, Sample[][]>, sizes: readonly [number, number]): void {
  const [smallLabel, largeLabel] = sizes.map((n) => (n >= 1000 && n % 1000 === 0 ? `${String(n / 1000)}k` : String(n)));
  const results: Record<string, unknown> = {};
  for (const operation of operations) {
    const [atSmall = [], atLarge = []] = samples.get(operation.id) ?? [];
    const time = [summarize(atSmall.map((s) => s.ms)), summarize(atLarge.map((s) => s.ms))] as const;
    const bytes = [median(atSmall.map((s) => s.bytes)), median(atLarge.map((s) => s.bytes))] as const;
    const calls = [median(atSmall.map((s) => s.calls)), median(atLarge.map((s) => s.calls))] as const;
    const items = [median(atSmall.map((s) => s.items)), median(atLarge.map((s) => s.items))] as const;
    const rows = [atSmall[0]?.rows, atLarge[0]?.rows] as const;
    const ratio = time[1].p95 / time[0].p95;
    // An empty list or a report that counts no case is fast for the wrong reason: what it reads is missing (the
    // derived items, scale-data.ts deriveItems). Its times are shown, not judged, and the run fails.
    const counted = operation.kind === 'case' || (rows[0] !== undefined && rows[0] > 0 && rows[1] !== undefined && rows[1] > 0);
    const judged = (budget: Omit<Budget, 'met'>): Status => (counted ? (reporter.budget(budget).met ? 'met' : 'MISSED') : 'FAILED');
    const timeStatus = judged({ id: `scale.${operation.id}.p95`, description: `${operation.label}: p95 at ${largeLabel} ÷ p95 at ${smallLabel}`, measured: round(ratio), limit: RATIO_BUDGET, comparison: '<=', unit: '×' });
    reporter.row({ label: `${operation.label}: p95`, value: ms(time[1].p95), reference: `@${smallLabel} ${ms(time[0].p95)}`, ratio: times(ratio), budget: `≤ ${times(RATIO_BUDGET)}`, status: timeStatus });
    const byteRatio = bytes[1] / bytes[0];
    // A list's bound is its page (below); a small district's first page may not be full, so no ratio for it.
    const byteStatus = operation.kind === 'list' ? 'info' : judged({ id: `scale.${operation.id}.bytes`, description: `${operation.label}: answer bytes at ${largeLabel} ÷ at ${smallLabel}`, measured: round(byteRatio), limit: RATIO_BUDGET, comparison: '<=', unit: '×' });
    reporter.row({ label: '   answer', value: kib(bytes[1]), reference: `@${smallLabel} ${kib(bytes[0])}`, ratio: times(byteRatio), budget: operation.kind === 'list' ? '' : `≤ ${times(RATIO_BUDGET)}`, status: byteStatus });
    if (operation.kind === 'list') {
      const pageStatus = judged({ id: `scale.${operation.id}.pageBytes`, description: `${operation.label}: first page at ${largeLabel}`, measured: Math.round(bytes[1]), limit: LIST_PAGE_BUDGET_BYTES, comparison: '<=', unit: 'bytes' });
      reporter.row({ label: `   first page, rows${atLarge[0]?.more === true ? ' (more pages)' : ''}`, value: String(rows[1] ?? '–'), reference: `@${smallLabel} ${String(rows[0] ?? '–')}`, budget: `≤ ${kib(LIST_PAGE_BUDGET_BYTES)}`, status: pageStatus });
    }
    if (operation.kind === 'kpi') reporter.row({ label: '   cases counted', value: String(rows[1] ?? '–'), reference: `@${smallLabel} ${String(rows[0] ?? '–')}` });
    if (!counted) reporter.note(`${operation.label}: no seeded case in the answer — the derived items it reads are missing (scale-data.ts, deriveItems); not judged`);
    reporter.row({ label: '   DynamoDB calls (median)', value: String(calls[1]), reference: `@${smallLabel} ${String(calls[0])}`, ratio: times(calls[1] / calls[0]) });
    reporter.row({ label: '   items DynamoDB read (median)', value: String(items[1]), reference: `@${smallLabel} ${String(items[0])}`, ratio: times(items[1] / items[0]) });
    reporter.row({
      label: `   projected in AWS (calls × ${String(PROJECTED_MS_PER_CALL)} ms)`,
      value: ms(calls[1] * PROJECTED_MS_PER_CALL),
      reference: `@${smallLabel} ${ms(calls[0] * PROJECTED_MS_PER_CALL)}`,
    });
    results[operation.id] = { label: operation.label, ms: { small: time[0], large: time[1] }, ratio: round(ratio), bytes: { small: bytes[0], large: bytes[1] }, dynamoCalls: { small: calls[0], large: calls[1] }, itemsRead: { small: items[0], large: items[1] }, rows: { small: rows[0], large: rows[1] } };
  }
  reporter.note(
    `times from the request to the answer's last byte through the local gateway; DynamoDB calls counted per command on the handlers' document client (retries not counted); the projection into AWS is calls × ${String(PROJECTED_MS_PER_CALL)} ms, DynamoDB's single-digit-millisecond latency within a region, rounded up (high where a handler's calls run in parallel, low for 1 MB query pages).`,
  );
  reporter.record('scale', { cases: { small: sizes[0], large: sizes[1] }, projectedMsPerCall: PROJECTED_MS_PER_CALL, operations: results });
}
