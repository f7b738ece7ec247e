/**
 * The scale part's data: two tables in one DynamoDB Local (its file on tmpfs), the same district at a small and a
 * large number of cases, seeded by the project's generator (tests/fixtures/case-generator.ts) over two years.
 *
 * Seeding writes the generator's items (made by the project's item builders, core/adapters/items) by
 * BatchWriteItem, not through the repositories' use-case writes: measured on this 2-core machine (DynamoDB Local in
 * memory, concurrency 8), about 35 createCase transactions a second against about 50 whole generated cases a second
 * by batch (13 items each); a case's life through the repositories is 6 or more transactions, so 30,000 cases
 * would take hours instead of the 7 minutes the batches take (1,000 and 30,000 cases, on tmpfs). What production
 * writes besides the facts (list entries and counters, KPI aggregates) is then built as for data that predates
 * them (`deriveItems`).
 *
 * Seeded once and kept in .kim/bench/scale-data/<key>, the key naming the case counts and a hash of everything
 * that shapes the items (generator and its parameters here, item builders, keys, list entries, KPI counters, table
 * definition, profile, demo data): a change of any of them seeds again. Each run measures on a copy, so the case reads' audit events never
 * pile up in the cache.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { listCounterKeysOf, listEntryItemsOf } from '../../core/adapters/case-list-entries.ts';
import { rebuildKpiCounters } from '../../core/adapters/dynamo-kpi-backfill.ts';
import { ProfileStore } from '../../core/adapters/profile-store.ts';
import type { ItemKey } from '../../core/adapters/table-keys.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import type { DemoData } from '../../core/profile/demo-data-schema.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { freePort } from '../../local/http-server.ts';
import { DAY, generate, writeItems, type Plan } from '../fixtures/case-generator.ts';
import { BENCH_START, REGION } from './local-system.ts';
import { PROJECT_ROOT } from './paths.ts';
import type { Reporter } from './report.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

/** One seed for both sizes: the small table's cases are the first ones of the large table's, case for case. */
const SEED = 20261124;
/** A district two years on: most cases closed (the KPI test's young district has a fifth closed). */
const STAGE_WEIGHTS = [1, 1, 3, 1, 4, 8, 12, 70];
const CONTACTS_PER_CASE = 2;
const CACHE_ROOT = join(PROJECT_ROOT, '.kim', 'bench', 'scale-data');
const SHAPING_FILES = [
  'tests/fixtures/case-generator.ts',
  'core/adapters/case-list-entries.ts',
  'core/adapters/case-list-backfill.ts',
  'core/adapters/case-activity-entries.ts',
  'core/cases/case-list.ts',
  'core/adapters/dynamo-kpi-backfill.ts',
  'core/reports/kpi-facts.ts',
  'core/reports/kpi-calendar.ts',
  'core/adapters/kpi-aggregate-writes.ts',
  'local/ensure-table.ts', 'core/adapters/table-keys.ts', 'core/profile/kreis-dueren.json', 'local/demo/demo-data.json'];

export const tableNameOf = (cases: number): string => `kim-scale-${String(cases)}`;

/** The plan of `cases` cases: intakes over the two years before the bench's day, up to 49 days before it. */
export function scalePlan(profile: DistrictProfile, demo: DemoData, cases: number): Plan {
  const now = Date.parse(BENCH_START);
  const managers = (providerId: string) => demo.staff.filter((s) => s.role === 'casemanager' && s.providerId === providerId).map((s) => s.id);
  return generate(SEED, cases, {
    profile,
    now: BENCH_START,
    intakesFrom: new Date(now - 730 * DAY).toISOString(),
    intakesTo: new Date(now - 49 * DAY).toISOString(),
    stageWeights: STAGE_WEIGHTS,
    contactsPerCase: CONTACTS_PER_CASE,
    // The demo's case managers, so they can sign in and see their caseloads grow with the district.
    caseManager: (providerId, draw) => {
      const ids = managers(providerId);
      return ids[Math.floor(draw() * ids.length)] ?? `cm-${providerId}`;
    },
  });
}

function cacheKey(sizes: readonly number[]): { readonly key: string; readonly hash: string } {
  const hash = createHash('sha256');
  const itemsDir = join(PROJECT_ROOT, 'core', 'adapters', 'items');
  const files = [...SHAPING_FILES.map((f) => join(PROJECT_ROOT, f)), ...readdirSync(itemsDir).sort().map((f) => join(itemsDir, f))];
  for (const file of files) hash.update(readFileSync(file));
  // This module's share: the plan's parameters, not its comments.
  hash.update(JSON.stringify({ SEED, STAGE_WEIGHTS, CONTACTS_PER_CASE, plan: scalePlan.toString(), derive: deriveItems.toString() }));
  const digest = hash.digest('hex').slice(0, 12);
  return { key: `${sizes.join('-')}-${digest}`, hash: digest };
}

/** What deriveItems wrote, for the part's note. */
const DERIVED = 'KPI counters and the open cases\' entries by activity by rebuildKpiCounters (the backfill); list entries and counts by listEntryItemsOf and listCounterKeysOf';

/**
 * What production writes with each case besides its facts, built as for data that predates it: the KPI report's
 * counters by the project's backfill (rebuildKpiCounters), the case list's entries and counts from the case
 * alone by the functions its backfill is to use (core/adapters/case-list-entries.ts; no command for it yet).
 */
async function deriveItems(documents: DynamoDBDocumentClient, tableName: string, profile: DistrictProfile, cases: readonly CaseRecord[], reporter: Reporter): Promise<string> {
  await rebuildKpiCounters({ documents, tableName, calendar: kpiCalendarOf(profile) }, new Date(BENCH_START), ({ phase, done, total }) => {
    reporter.progress(`KPI backfill of ${tableName} (${phase})`, done, total);
  });
  const counts = new Map<string, { key: ItemKey; n: number }>();
  for (const record of cases) {
    for (const key of listCounterKeysOf(record)) {
      const id = `${key.pk}|${key.sk}`;
      counts.set(id, { key, n: (counts.get(id)?.n ?? 0) + 1 });
    }
  }
  const items = [...cases.flatMap(listEntryItemsOf), ...[...counts.values()].map(({ key, n }) => ({ ...key, type: 'case-count', n }))];
  const label = `case list entries of ${tableName} (${String(items.length)} items)`;
  await writeItems(documents, tableName, items, { concurrency: 8, progress: (written) => { reporter.progress(label, written, items.length); } });
  return DERIVED;
}

async function startOn(dataDir: string): Promise<DynamoDbLocal> {
  return startDynamoDbLocal({
    port: await freePort(),
    dataDir,
    portVariable: 'the scale bench’s DynamoDB Local port',
    client: (endpoint) => createDynamoDbClient({ region: REGION, endpoint }),
  });
}

async function seed(dataDir: string, profile: DistrictProfile, demo: DemoData, sizes: readonly number[], reporter: Reporter): Promise<string> {
  const local = await startOn(dataDir);
  const client = createDynamoDbClient({ region: REGION, endpoint: local.endpoint });
  const documents = createDocumentClient(client);
  let derived = '';
  try {
    for (const cases of sizes) {
      const tableName = tableNameOf(cases);
      await ensureTable(client, tableName);
      const store = new ProfileStore(documents, tableName);
      await store.syncProfile(profile, new Date(BENCH_START));
      await store.ensureDemoData(demo, new Date(BENCH_START));
      const plan = scalePlan(profile, demo, cases);
      const label = `seeding ${String(cases)} cases (${String(plan.items.length)} items) into ${tableName}`;
      await writeItems(documents, tableName, plan.items, { concurrency: 8, progress: (written) => { reporter.progress(label, written, plan.items.length); } });
      derived = await deriveItems(documents, tableName, profile, plan.cases, reporter);
    }
  } finally {
    client.destroy();
    await local.stop();
  }
  return derived;
}

export interface ScaleData {
  readonly endpoint: string;
  /** Whether this run seeded (false: the cached tables were copied). */
  readonly seeded: boolean;
  readonly seedSeconds: number;
  readonly derived: string;
  stop(): Promise<void>;
}

/**
 * Where DynamoDB Local's file lives while seeding and measuring: in memory (tmpfs) where there is one, since its
 * SQLite file is synced at every write — on this machine's disk seeding managed some 60 items a second.
 */
const workRoot = (): string => (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

/** DynamoDB Local on a fresh copy of the seeded tables (seeding them first unless cached). */
export async function openScaleData(profile: DistrictProfile, demo: DemoData, sizes: readonly number[], reporter: Reporter): Promise<ScaleData> {
  const { key, hash } = cacheKey(sizes);
  const cached = join(CACHE_ROOT, key);
  const marker = join(cached, 'seeded.json');
  const started = Date.now();
  const seeded = !existsSync(marker);
  const workDir = mkdtempSync(join(workRoot(), 'kim-scale-'));
  const dataDir = join(workDir, 'dynamodb');
  try {
    if (seeded) {
      // Data of another hash is stale (another generator or item shape): only the current shape is worth its disk space.
      if (existsSync(CACHE_ROOT)) for (const entry of readdirSync(CACHE_ROOT)) if (!entry.endsWith(`-${hash}`)) rmSync(join(CACHE_ROOT, entry), { recursive: true, force: true });
      const derived = await seed(dataDir, profile, demo, sizes, reporter);
      rmSync(cached, { recursive: true, force: true });
      cpSync(dataDir, join(cached, 'dynamodb'), { recursive: true });
      writeFileSync(marker, `${JSON.stringify({ sizes, seed: SEED, derived, seededAt: new Date().toISOString() }, null, 2)}\n`);
    } else {
      cpSync(join(cached, 'dynamodb'), dataDir, { recursive: true });
    }
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const { derived } = JSON.parse(readFileSync(marker, 'utf8')) as { derived: string };
  const seedSeconds = Math.round((Date.now() - started) / 1000);
  const local = await startOn(dataDir);
  return {
    endpoint: local.endpoint,
    seeded,
    seedSeconds,
    derived,
    async stop() {
      await local.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
