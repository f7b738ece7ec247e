/**
 * The case list a page at a time, against DynamoDB Local: cases seeded with their list entries and counters as a
 * backfill writes them (listEntryItemsOf, listCounterKeysOf), and moved by the transactions of case writes
 * (caseListWrites). Every list is paged to its end and compared with what the records say, computed here
 * independently; a middleware on the client sees every command: only Query, each with ScannedCount = Count (a key
 * condition, nothing read and dropped), and no page over its limit or 1 MB.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { caseListWrites, listCounterKeysOf, listEntryItemsOf } from '../../core/adapters/case-list-entries.ts';
import { DynamoCaseRepository } from '../../core/adapters/dynamo-case-repository.ts';
import { toCaseItem } from '../../core/adapters/items/case-item.ts';
import { CASE_STAGES, type CaseRecord } from '../../core/cases/case.ts';
import { isAssessmentOverdue } from '../../core/cases/overdue.ts';
import { listCases, type CaseListAnswer, type CaseListQuery } from '../../core/casework/read-cases.ts';
import { Refusal } from '../../core/errors.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { random, writeItems } from '../fixtures/case-generator.ts';
import { seeCommands, type SeenCommand } from '../fixtures/seen-commands.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const profile = bundledProfile();
const NOW = new Date('2026-12-01T09:00:00Z');
const COORDINATOR: Caller = { userId: 'koordination', email: 'k@example.org', roles: ['coordinator'] };
const MANAGERS = ['cm-a', 'cm-b', 'cm-c'];
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `count` cases over all stages, municipalities and case managers; some parked, some crises, some overdue, some past retention. */
function records(seed: number, count: number, prefix = ''): CaseRecord[] {
  const next = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, (): CaseRecord => {
    const stage = pick(CASE_STAGES);
    const created = new Date(Date.parse('2025-01-01T00:00:00Z') + Math.floor(next() * 600) * 86_400_000 + Math.floor(next() * 86_400_000));
    let suffix = prefix;
    while (suffix.length < 8) suffix += ALPHABET.charAt(Math.floor(next() * ALPHABET.length));
    const assigned = !['intake', 'triaged', 'waiting-list'].includes(stage);
    const closed = stage === 'closed';
    return {
      caseId: `KIM-${String(created.getUTCFullYear())}-${suffix}`,
      version: 3,
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      stage,
      municipalityId: pick(profile.municipalities).id,
      requestedFocusArea: 'welcome',
      crisis: next() < 0.2,
      needCategories: [],
      intakeBy: 'lena',
      generation: 1,
      ...(next() < 0.08 ? { attention: { step: 'Triage', at: created.toISOString() } } : {}),
      ...(assigned ? { caseManagerId: pick(MANAGERS), providerId: 'traeger' } : {}),
      ...(stage === 'awaiting-assessment' && next() < 0.4 ? { assessmentReminderSentAt: created.toISOString() } : {}),
      // A tenth of the closed cases past their retention: TTL has not deleted them yet.
      ...(closed ? { closedAt: created.toISOString(), expiresAt: Math.floor(NOW.getTime() / 1000) + (next() < 0.1 ? -3600 : 86_400 * 400) } : {}),
    };
  });
}

const rank = (c: CaseRecord): number => (c.attention !== undefined ? 0 : c.stage === 'closed' ? 3 : c.crisis ? 1 : 2);
const inOrder = (a: CaseRecord, b: CaseRecord): number => rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId);
const live = (c: CaseRecord): boolean => c.expiresAt === undefined || c.expiresAt * 1000 > NOW.getTime();
/** Counted: open, or closed with a retention ending this month or later (those ending earlier this month still count). */
const counted = (c: CaseRecord): boolean => c.stage !== 'closed' || new Date((c.expiresAt ?? 0) * 1000).toISOString().slice(0, 7) >= NOW.toISOString().slice(0, 7);

describe('the case list, a page at a time', () => {
  const tableName = `case-list-${randomUUID()}`;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let cases: DynamoCaseRepository;
  const commands: SeenCommand[] = [];
  const stored = new Map<string, CaseRecord>();
  const deps = () => ({ cases, clock: new ManualClock(NOW), profile });

  /** A case write as the repository makes it: the case item and its list writes in one transaction. */
  async function write(before: CaseRecord | undefined, after: CaseRecord): Promise<void> {
    await documents.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName, Item: toCaseItem(after) } }, ...caseListWrites(tableName, before, after)] }));
    stored.set(after.caseId, after);
  }

  async function allPages(caller: Caller, query: CaseListQuery): Promise<{ pages: CaseListAnswer[]; ids: string[] }> {
    const pages: CaseListAnswer[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(deps(), caller, { ...query, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(page);
      cursor = page.next;
    } while (cursor !== undefined);
    return { pages, ids: pages.flatMap((page) => page.cases.map((c) => c.caseId)) };
  }

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    documents = createDocumentClient(client);
    seeCommands(documents, commands);
    cases = new DynamoCaseRepository(documents, tableName, kpiCalendarOf(profile));
    // 500 cases as a backfill writes them: entries, and the counters summed (set, not added).
    const seeded = records(7, 500);
    const counters = new Map<string, { pk: string; sk: string; n: number }>();
    for (const key of seeded.flatMap(listCounterKeysOf)) {
      const id = `${key.pk}|${key.sk}`;
      counters.set(id, { ...key, n: (counters.get(id)?.n ?? 0) + 1 });
    }
    await writeItems(documents, tableName, [...seeded.flatMap((r) => [toCaseItem(r), ...listEntryItemsOf(r)]), ...counters.values()], { concurrency: 4 });
    for (const r of seeded) stored.set(r.caseId, r);
  }, 120_000);

  afterAll(() => {
    client.destroy();
  });

  const filters: [string, CaseListQuery, (c: CaseRecord) => boolean][] = [
    ['all cases', {}, () => true],
    ['a stage', { stage: 'awaiting-assessment' }, (c) => c.stage === 'awaiting-assessment'],
    ['closed cases', { stage: 'closed' }, (c) => c.stage === 'closed'],
    ['a municipality', { municipality: 'dueren' }, (c) => c.municipalityId === 'dueren'],
    ['a municipality in a stage', { municipality: 'dueren', stage: 'monitoring' }, (c) => c.municipalityId === 'dueren' && c.stage === 'monitoring'],
    ['a case manager', { caseManager: 'cm-b' }, (c) => c.caseManagerId === 'cm-b'],
    ['needs attention', { needsAttention: true }, (c) => c.attention !== undefined],
    ['overdue', { overdue: true }, isAssessmentOverdue],
  ];

  it.each(filters)('pages through %s by key conditions only, in the coordination order, each page bounded', async (_name, query, matches) => {
    commands.length = 0;
    const { pages, ids } = await allPages(COORDINATOR, { ...query, limit: 40 });
    const expected = [...stored.values()].filter((c) => matches(c) && live(c)).sort(inOrder);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected.map((c) => c.caseId));
    for (const page of pages) {
      expect(page.cases.length).toBeLessThanOrEqual(40);
      expect(page.total).toBe([...stored.values()].filter((c) => matches(c) && counted(c)).length);
    }
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command.name).toBe('QueryCommand');
      expect(command.scanned).toBe(command.count);
    }
  });

  it('answers at most 100 cases and well under 1 MB, and says how many there are', async () => {
    const page = await listCases(deps(), COORDINATOR, { limit: 100 });
    // 100 entries read; a case past its retention among them is left out (TTL deletes late).
    expect(page.cases.map((c) => c.caseId)).toEqual([...stored.values()].sort(inOrder).slice(0, 100).filter(live).map((c) => c.caseId));
    expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(100_000);
    expect(page.total).toBe([...stored.values()].filter(counted).length);
    // Parked first, then the open crises.
    expect(page.cases.slice(0, 3).every((c) => c.attention !== undefined)).toBe(true);
    // Past the maximum (the API's schema refuses it; the core caps it).
    expect((await listCases(deps(), COORDINATOR, { limit: 500 })).cases).toEqual(page.cases);
  });

  it('gives a case manager their own cases, by stage, and refuses the coordination filters', async () => {
    const manager: Caller = { userId: 'cm-a', email: 'a@example.org', roles: ['casemanager'] };
    const { ids } = await allPages(manager, { limit: 25 });
    expect(ids).toEqual([...stored.values()].filter((c) => c.caseManagerId === 'cm-a' && live(c)).sort(inOrder).map((c) => c.caseId));
    const monitoring = await allPages(manager, { stage: 'monitoring', limit: 25 });
    expect(monitoring.ids).toEqual([...stored.values()].filter((c) => c.caseManagerId === 'cm-a' && c.stage === 'monitoring').sort(inOrder).map((c) => c.caseId));
    await expect(listCases(deps(), manager, { municipality: 'dueren' })).rejects.toMatchObject({ errors: [{ field: 'municipality' }] });
  });

  it('refuses a cursor it did not hand out, and a second filter besides the stage', async () => {
    const page = await listCases(deps(), COORDINATOR, { limit: 10 });
    const bad = [
      'kein-cursor',
      Buffer.from('{"after":{"intake":"x"}}').toString('base64url'),
      Buffer.from(JSON.stringify({ after: { intake: null }, extra: 1 })).toString('base64url'),
    ];
    for (const cursor of bad) {
      const refusal = await listCases(deps(), COORDINATOR, { cursor }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(Refusal);
      expect(refusal).toMatchObject({ kind: 'invalid-input', errors: [{ field: 'cursor', message: 'ist ungültig' }] });
    }
    // The cursor of all stages does not fit a list of one stage.
    await expect(listCases(deps(), COORDINATOR, { stage: 'intake', cursor: page.next ?? '' })).rejects.toMatchObject({ errors: [{ field: 'cursor' }] });
    await expect(listCases(deps(), COORDINATOR, { municipality: 'dueren', needsAttention: true })).rejects.toMatchObject({ errors: [{ field: 'needsAttention' }] });
  });

  it('follows every case write: moved entries and counters, exactly as a recount', async () => {
    const moving = [...stored.values()].filter((c) => c.stage === 'awaiting-assessment' && c.attention === undefined).slice(0, 6);
    await Promise.all(
      moving.map(async (before, i) => {
        const parked: CaseRecord = { ...before, version: before.version + 1, attention: { step: 'Assess', at: NOW.toISOString() } };
        await write(before, parked);
        // Half of them also handed over and closed; the other half cleared again.
        const after: CaseRecord =
          i % 2 === 0
            ? { ...parked, version: parked.version + 1, caseManagerId: 'cm-new', stage: 'closed', closedAt: NOW.toISOString(), expiresAt: Math.floor(NOW.getTime() / 1000) + 86_400 * 90 }
            : (({ attention: _a, ...rest }) => ({ ...rest, version: parked.version + 1 }))(parked);
        await write(parked, after);
      }),
    );
    for (const [query, matches] of [
      [{ caseManager: 'cm-new' }, (c: CaseRecord) => c.caseManagerId === 'cm-new'],
      [{ needsAttention: true }, (c: CaseRecord) => c.attention !== undefined],
      [{ stage: 'awaiting-assessment' }, (c: CaseRecord) => c.stage === 'awaiting-assessment'],
      [{ overdue: true }, isAssessmentOverdue],
    ] as const) {
      const { pages, ids } = await allPages(COORDINATOR, { ...query, limit: 30 });
      expect(ids).toEqual([...stored.values()].filter((c) => matches(c) && live(c)).sort(inOrder).map((c) => c.caseId));
      expect(pages[0]?.total).toBe([...stored.values()].filter((c) => matches(c) && counted(c)).length);
    }
  });

  it('pages without gaps or duplicates while cases are added meanwhile', async () => {
    const before = [...stored.values()].filter((c) => c.stage === 'intake' || c.stage === 'triaged');
    const seen: string[] = [];
    let cursor: string | undefined;
    const added = records(99, 60, 'ZZ');
    let round = 0;
    do {
      // Ten new cases land between every two pages, all at once.
      await Promise.all(added.slice(round * 10, round * 10 + 10).map((record) => write(undefined, record)));
      round += 1;
      const page = await listCases(deps(), COORDINATOR, { limit: 15, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.cases.filter((c) => c.stage === 'intake' || c.stage === 'triaged').map((c) => c.caseId));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    for (const record of before.filter(live)) expect(seen).toContain(record.caseId);
  });

  it('keeps the counts exact when forty intakes of one municipality land at once', async () => {
    const burst = records(123, 40, 'YY').map((record): CaseRecord => ({ ...record, stage: 'intake', municipalityId: 'kreuzau', crisis: false }));
    await Promise.all(burst.map((record) => write(undefined, record)));
    for (const query of [{}, { stage: 'intake' }, { municipality: 'kreuzau' }, { municipality: 'kreuzau', stage: 'intake' }] as const) {
      const matches = (c: CaseRecord): boolean => (!('stage' in query) || c.stage === query.stage) && (!('municipality' in query) || c.municipalityId === query.municipality);
      expect((await listCases(deps(), COORDINATOR, { ...query, limit: 1 })).total).toBe([...stored.values()].filter((c) => matches(c) && counted(c)).length);
    }
  });
});
