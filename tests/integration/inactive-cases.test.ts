/**
 * "Ruhende Fälle" against DynamoDB Local: many open (and closed) cases seeded as the backfill writes them
 * (caseListItems, with the entries by last activity), then paged to the end and compared with what the case records
 * say, computed here independently. A middleware sees every command: only Query, each with ScannedCount = Count (a
 * key condition, nothing read and dropped), no page over its limit — so a page's cost is the page, not the open
 * caseload. Then the writers: a contact recorded moves a case out of the list, a case update too, closing removes
 * its entry, and many concurrent record entries on one case leave exactly one entry, where the case item says.
 * The backfill builds the same entries from the case items alone; a task token renewed from a read older than a
 * record entry leaves the entry's activity alone.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { caseListItems } from '../../core/adapters/case-list-backfill.ts';
import { DynamoCaseRecordRepository } from '../../core/adapters/dynamo-case-record-repository.ts';
import { DynamoCaseRepository } from '../../core/adapters/dynamo-case-repository.ts';
import { rebuildKpiCounters } from '../../core/adapters/dynamo-kpi-backfill.ts';
import { fromCaseItem, toCaseItem } from '../../core/adapters/items/case-item.ts';
import { queryAll } from '../../core/adapters/query-all.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { CASE_STAGES, type CaseRecord } from '../../core/cases/case.ts';
import { listInactiveCases, type InactiveCases } from '../../core/casework/inactive-cases.ts';
import { ManualClock } from '../../core/clock.ts';
import { Refusal } from '../../core/errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { random, writeItems } from '../fixtures/case-generator.ts';
import { seeCommands, type SeenCommand } from '../fixtures/seen-commands.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const profile = bundledProfile();
const NOW = new Date('2026-12-01T09:00:00Z');
const DAY = 86_400_000;
const CUTOFF = new Date(NOW.getTime() - profile.retention.inactiveCaseDays * DAY).toISOString();
const COORDINATOR: Caller = { userId: 'koordination', email: 'k@example.org', roles: ['coordinator'] };
const MANAGER = 'cm-a';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const OPEN_CASES = 900;

/** Open cases in every open stage (and a few closed), last active over two years; some with a later record entry. */
function records(seed: number, count: number): CaseRecord[] {
  const next = random(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const openStages = CASE_STAGES.filter((stage) => stage !== 'closed');
  return Array.from({ length: count }, (_, i): CaseRecord => {
    const closed = i % 10 === 9;
    const created = new Date(NOW.getTime() - (400 + Math.floor(next() * 330)) * DAY);
    const updated = new Date(created.getTime() + Math.floor(next() * 390) * DAY + Math.floor(next() * DAY));
    const recorded = next() < 0.3 ? new Date(updated.getTime() + Math.floor(next() * 200) * DAY) : undefined;
    let suffix = '';
    while (suffix.length < 8) suffix += ALPHABET.charAt(Math.floor(next() * ALPHABET.length));
    return {
      caseId: `KIM-2025-${suffix}`,
      version: 3,
      createdAt: created.toISOString(),
      updatedAt: updated.toISOString(),
      ...(recorded === undefined ? {} : { lastRecordAt: recorded.toISOString() }),
      stage: closed ? 'closed' : pick(openStages),
      municipalityId: pick(profile.municipalities).id,
      requestedFocusArea: 'welcome',
      crisis: false,
      needCategories: [],
      intakeBy: 'lena',
      generation: 1,
      caseManagerId: MANAGER,
      providerId: 'traeger',
      ...(next() < 0.1 ? { attention: { step: 'Triage', at: created.toISOString() } } : {}),
      ...(closed ? { closedAt: updated.toISOString(), expiresAt: Math.floor(NOW.getTime() / 1000) + 86_400 * 400 } : {}),
    };
  });
}

const activity = (c: CaseRecord): string => (c.lastRecordAt !== undefined && c.lastRecordAt > c.updatedAt ? c.lastRecordAt : c.updatedAt);

describe('the quiet open cases, a page at a time', () => {
  const tableName = `inactive-cases-${randomUUID()}`;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let cases: DynamoCaseRepository;
  let record: DynamoCaseRecordRepository;
  const commands: SeenCommand[] = [];
  let seeded: CaseRecord[] = [];
  const deps = () => ({ cases, clock: new ManualClock(NOW), profile });

  async function allPages(limit: number): Promise<{ pages: InactiveCases[]; ids: string[] }> {
    const pages: InactiveCases[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInactiveCases(deps(), COORDINATOR, { limit, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(page);
      cursor = page.next;
    } while (cursor !== undefined);
    return { pages, ids: pages.flatMap((page) => page.cases.map((c) => c.caseId)) };
  }

  const caseItem = async (caseId: string): Promise<CaseRecord> => {
    const item = (await documents.send(new GetCommand({ TableName: tableName, Key: tableKeys.case(caseId), ConsistentRead: true }))).Item;
    if (item === undefined) throw new Error(`no case ${caseId}`);
    return fromCaseItem(item);
  };

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    documents = createDocumentClient(client);
    seeCommands(documents, commands);
    cases = new DynamoCaseRepository(documents, tableName, kpiCalendarOf(profile));
    record = new DynamoCaseRecordRepository(documents, tableName);
    seeded = records(11, Math.round(OPEN_CASES / 0.9));
    // As the backfill writes them: the case items and what caseListItems derives (list entries, counters, activity).
    await writeItems(documents, tableName, [...seeded.map(toCaseItem), ...(await caseListItems(documents, tableName, seeded))], { concurrency: 4 });
  }, 120_000);

  afterAll(() => {
    client.destroy();
  });

  it('pages through exactly the open cases quiet since before the cutoff, the quietest first, each page one bounded Query', async () => {
    const expected = seeded
      .filter((c) => c.stage !== 'closed' && activity(c) < CUTOFF)
      .sort((a, b) => activity(a).localeCompare(activity(b)) || a.caseId.localeCompare(b.caseId));
    expect(expected.length).toBeGreaterThan(300);
    expect(expected.length).toBeLessThan(seeded.filter((c) => c.stage !== 'closed').length);
    commands.length = 0;
    const limit = 37;
    const { pages, ids } = await allPages(limit);
    expect(ids).toEqual(expected.map((c) => c.caseId));
    expect(pages.length).toBe(Math.ceil(expected.length / limit));
    for (const page of pages) expect(page.cases.length).toBeLessThanOrEqual(limit);
    const first = pages[0]?.cases[0];
    const quietest = expected[0];
    expect(first).toMatchObject({ caseId: quietest?.caseId, stage: quietest?.stage, lastActivityAt: quietest === undefined ? '' : activity(quietest), parked: quietest?.attention !== undefined });
    expect(first?.quietDays).toBe(Math.floor((NOW.getTime() - Date.parse(first?.lastActivityAt ?? '')) / DAY));

    expect(new Set(commands.map((c) => c.name))).toEqual(new Set(['QueryCommand']));
    for (const c of commands) expect(c.scanned, JSON.stringify(c)).toBe(c.count);
    // Per page one Query of the activity index (at most `limit` entries and one to know whether more follow) and
    // one of the case managers (the district's staff).
    expect(commands.length).toBe(2 * pages.length);
    expect(Math.max(...commands.map((c) => c.count ?? 0))).toBeLessThanOrEqual(limit + 1);
  });

  it('refuses a cursor it did not hand out, in German, naming the field', async () => {
    const forged = Buffer.from(JSON.stringify({ after: 'CASE#x' })).toString('base64url');
    // Well-formed, but past the cutoff: outside the key condition (DynamoDB would refuse the query).
    const future = Buffer.from(JSON.stringify({ after: '2099-01-01T00:00:00.000Z#KIM-2099-00000000' })).toString('base64url');
    for (const cursor of [forged, 'kein-cursor', future, Buffer.from(JSON.stringify({ after: { '2026': 1 } })).toString('base64url')]) {
      const refused = await listInactiveCases(deps(), COORDINATOR, { cursor }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Refusal);
      expect((refused as Refusal).kind).toBe('invalid-input');
      expect((refused as Refusal).errors).toEqual([{ field: 'cursor', message: 'ist ungültig' }]);
    }
  });

  it('lets a case out when a person records a contact, when the case is changed, and drops it when it is closed', async () => {
    const before = (await allPages(100)).ids;
    const [contacted, updated, closed] = before.slice(0, 3);
    if (contacted === undefined || updated === undefined || closed === undefined) throw new Error('too few quiet cases');
    const at = NOW.toISOString();
    await record.addContact(
      { contactId: randomUUID(), caseId: contacted, date: at.slice(0, 10), durationMinutes: 20, form: 'phone', needCategories: [], recordedBy: MANAGER, recordedAt: at },
      { kind: 'contact-logged', actor: MANAGER },
      [],
    );
    await cases.updateCase(await caseItem(updated), { crisis: true }, undefined, NOW);
    await cases.updateCase(await caseItem(closed), { stage: 'closed', closedAt: at }, undefined, NOW);
    const after = (await allPages(100)).ids;
    expect(after).toEqual(before.filter((id) => ![contacted, updated, closed].includes(id)));
    const entry = async (caseId: string) => (await documents.send(new GetCommand({ TableName: tableName, Key: tableKeys.caseActivityEntry(caseId), ConsistentRead: true }))).Item;
    expect(await entry(contacted)).toMatchObject({ gsi1pk: 'ACTIVITY', gsi1sk: `${at}#${contacted}`, lastActivityAt: at });
    expect((await caseItem(contacted)).lastRecordAt).toBe(at);
    expect(await entry(updated)).toMatchObject({ lastActivityAt: at, crisis: true });
    expect(await entry(closed)).toBeUndefined();
  });

  it('keeps one entry per case under many concurrent record entries, where the case item puts its last activity', async () => {
    const target = seeded.find((c) => c.stage === 'monitoring' && activity(c) < CUTOFF);
    if (target === undefined) throw new Error('no quiet case in monitoring');
    const times = Array.from({ length: 25 }, (_, i) => new Date(NOW.getTime() - 60_000 + i * 1000).toISOString());
    await Promise.all(
      times.map((createdAt, i) =>
        record.addNote({ noteId: `n-${String(i)}`, caseId: target.caseId, level: 'ordinary', text: 'Rückruf vereinbart', author: MANAGER, createdAt }, { kind: 'note-written', actor: MANAGER }),
      ),
    );
    const entries = await documents.send(
      new QueryCommand({ TableName: tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :from', ExpressionAttributeValues: { ':pk': 'ACTIVITY', ':from': times[0] } }),
    );
    const mine = (entries.Items ?? []).filter((item) => String(item.gsi1sk).endsWith(`#${target.caseId}`));
    expect(mine).toHaveLength(1);
    const stored = await caseItem(target.caseId);
    expect(times).toContain(stored.lastRecordAt);
    expect(mine[0]).toMatchObject({ lastActivityAt: activity(stored), gsi1sk: `${activity(stored)}#${target.caseId}`, stage: 'monitoring' });
    expect((await allPages(100)).ids).not.toContain(target.caseId);
  });

  it('is rebuilt by the backfill as the writes left it, for cases written before the entries existed', async () => {
    const entries = async (): Promise<Record<string, unknown>[]> =>
      queryAll(documents, { TableName: tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'ACTIVITY' } });
    const live = await entries();
    expect(live.length).toBe(seeded.filter((c) => c.stage !== 'closed').length - 1);
    // As before this version: no entries at all, and one a closure left behind (a backfill that ran during it).
    const closed = seeded.find((c) => c.stage === 'closed');
    if (closed === undefined) throw new Error('no closed case');
    for (let i = 0; i < live.length; i += 50) {
      await Promise.all(live.slice(i, i + 50).map((item) => documents.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }))));
    }
    await documents.send(new PutCommand({ TableName: tableName, Item: { ...tableKeys.caseActivityEntry(closed.caseId), ...tableKeys.caseActivityIndex(closed.updatedAt, closed.caseId), stage: 'monitoring' } }));
    await rebuildKpiCounters({ documents, tableName, calendar: kpiCalendarOf(profile) }, NOW);
    const byKey = (items: Record<string, unknown>[]) => Object.fromEntries(items.map((item) => [String(item.pk), item]));
    expect(byKey(await entries())).toEqual(byKey(live));
  });

  it('keeps a record entry’s activity when the workflow then renews a task token from an older read', async () => {
    // Not the case of the concurrent notes above (the first quiet one in monitoring): one still quiet.
    const target = seeded.filter((c) => c.stage === 'monitoring' && activity(c) < CUTOFF)[1];
    if (target === undefined) throw new Error('no second quiet case in monitoring');
    const read = await caseItem(target.caseId);
    const at = NOW.toISOString();
    await record.addNote({ noteId: 'n-token', caseId: target.caseId, level: 'ordinary', text: 'Termin bestätigt', author: MANAGER, createdAt: at }, { kind: 'note-written', actor: MANAGER });
    // The record entry does not raise the case's version, so the token write from the read before it succeeds.
    await cases.updateCase(read, { closureTaskToken: 'renewed' }, undefined, NOW);
    const entry = (await documents.send(new GetCommand({ TableName: tableName, Key: tableKeys.caseActivityEntry(target.caseId), ConsistentRead: true }))).Item;
    expect(entry).toMatchObject({ lastActivityAt: at, gsi1sk: `${at}#${target.caseId}` });
    expect((await allPages(100)).ids).not.toContain(target.caseId);
  });
});
