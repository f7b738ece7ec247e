/**
 * The assignment reads the case managers of the covering providers only, each provider's by a key condition on
 * gsi2 (`PROVIDER#<id>#STAFF`, sort key `casemanager#…`), against DynamoDB Local: the items DynamoDB reads are
 * counted by a middleware on the client (ScannedCount: read before any filter). Staff items of the earlier key
 * shape are not found until written again, which `npm run staff -- add` and the demo loader do.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoCaseRepository } from '../../core/adapters/dynamo-case-repository.ts';
import { DynamoStaffDirectory } from '../../core/adapters/dynamo-staff-directory.ts';
import { ProfileStore } from '../../core/adapters/profile-store.ts';
import { queryAll } from '../../core/adapters/query-all.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

interface Read {
  readonly command: string;
  /** Items DynamoDB read for a Query (before a filter); 1 for an item a GetItem found. */
  readonly items: number;
}

const caseManager = (id: string, providerId: string): StaffMember => ({ id, name: id, email: `${id}@example.org`, role: 'casemanager', providerId, focusAreas: ['welcome'] });

// Three providers' case managers, and an intake colleague employed by kommune-kreuzau (in its gsi2 partition too).
const STAFF: StaffMember[] = [
  caseManager('kreuzau-1', 'kommune-kreuzau'),
  caseManager('kreuzau-2', 'kommune-kreuzau'),
  caseManager('kreuzau-left', 'kommune-kreuzau'),
  ...['b-1', 'b-2', 'b-3'].map((id) => caseManager(id, 'traeger-b')),
  ...['c-1', 'c-2', 'c-3', 'c-4'].map((id) => caseManager(id, 'traeger-c')),
  { id: 'kreuzau-intake', name: 'kreuzau-intake', email: 'kreuzau-intake@example.org', role: 'intake', providerId: 'kommune-kreuzau' },
];
const CASE_MANAGERS = STAFF.filter((s) => s.role === 'casemanager').length;

describe('the case managers of a provider', () => {
  const tableName = `case-managers-${randomUUID()}`;
  const now = new Date('2026-11-24T09:00:00Z');
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let cases: DynamoCaseRepository;
  let staff: DynamoStaffDirectory;
  let reads: Read[] = [];

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    documents = createDocumentClient(client);
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as { ScannedCount?: number; Item?: unknown };
        const command = String(context.commandName);
        reads.push({ command, items: output.ScannedCount ?? (output.Item === undefined ? 0 : 1) });
        return result;
      },
      { step: 'initialize', name: 'countReads' },
    );
    cases = new DynamoCaseRepository(documents, tableName, kpiCalendarOf(bundledProfile()));
    staff = new DynamoStaffDirectory(documents, tableName);
    await new ProfileStore(documents, tableName).ensureDemoData({ staff: STAFF, members: [] }, now);
    const left = await staff.get('kreuzau-left');
    if (left === undefined) throw new Error('no staff item kreuzau-left');
    await staff.put({ ...caseManager('kreuzau-left', 'kommune-kreuzau'), disabledAt: now.toISOString() }, left.version, now);
  });
  beforeEach(() => {
    reads = [];
  });
  afterAll(() => {
    client.destroy();
  });

  it('are one Query of that provider, reading its case managers and no one else', async () => {
    const managers = await cases.listCaseManagers(['kommune-kreuzau']);
    expect(managers.map((m) => m.staffId)).toEqual(['kreuzau-1', 'kreuzau-2']);
    // The one who left is read and skipped; the intake colleague and the other providers' 7 are not read.
    expect(reads).toEqual([{ command: 'QueryCommand', items: 3 }]);
  });

  it('read before: every case manager of every provider (gsi1 STAFF / casemanager#…)', async () => {
    await queryAll(documents, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': tableKeys.staffList().gsi1pk, ':prefix': 'casemanager#' },
    });
    expect(reads).toEqual([{ command: 'QueryCommand', items: CASE_MANAGERS }]);
    expect(CASE_MANAGERS).toBe(10);
  });

  it('are one Query per covering provider', async () => {
    const managers = await cases.listCaseManagers(['traeger-b', 'kommune-kreuzau']);
    expect(managers.map((m) => m.staffId).sort()).toEqual(['b-1', 'b-2', 'b-3', 'kreuzau-1', 'kreuzau-2']);
    expect(reads.map((r) => r.command)).toEqual(['QueryCommand', 'QueryCommand']);
    expect(reads.reduce((sum, r) => sum + r.items, 0)).toBe(6);
  });

  it('reads one item for a case manager by id, and answers only for case managers who have not left', async () => {
    expect(await cases.getCaseManager('c-2')).toEqual({ staffId: 'c-2', name: 'c-2', email: 'c-2@example.org', providerId: 'traeger-c', focusAreas: ['welcome'], openCases: 0 });
    expect(await cases.getCaseManager('kreuzau-left')).toBeUndefined();
    expect(await cases.getCaseManager('kreuzau-intake')).toBeUndefined();
    expect(reads).toEqual([
      { command: 'GetItemCommand', items: 1 },
      { command: 'GetItemCommand', items: 1 },
      { command: 'GetItemCommand', items: 1 },
    ]);
  });

  describe('an item of the earlier key shape (gsi2 sort key without the role)', () => {
    // As written before: the same item, its gsi2 sort key the bare id (the people used here are still at version 1).
    const earlierShape = async (id: string): Promise<void> => {
      await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: tableKeys.staffKey(id),
          UpdateExpression: 'SET gsi2sk = :id',
          ConditionExpression: 'version = :one',
          ExpressionAttributeValues: { ':id': id, ':one': 1 },
        }),
      );
    };
    const found = async (): Promise<string[]> => (await cases.listCaseManagers(['traeger-c'])).map((m) => m.staffId);

    it('is not found, reads as outdated, and gets the current keys from the demo loader', async () => {
      await earlierShape('c-1');
      expect(await found()).toEqual(['c-2', 'c-3', 'c-4']);
      expect((await staff.get('c-1'))?.outdatedItem).toBe(true);

      expect(await new ProfileStore(documents, tableName).ensureDemoData({ staff: STAFF, members: [] }, now)).toEqual({ created: 0, updated: 1, unchanged: STAFF.length - 1 });
      expect(await found()).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
      const rewritten = await staff.get('c-1');
      expect(rewritten).toMatchObject({ version: 2, name: 'c-1' });
      expect(rewritten?.outdatedItem).toBeUndefined();
    });

    it('gets the current keys when the staff command writes it again (what `add` does for an outdated item)', async () => {
      await earlierShape('c-3');
      const record = await staff.get('c-3');
      if (record === undefined) throw new Error('no staff item c-3');
      expect(record.outdatedItem).toBe(true);
      await staff.put(caseManager('c-3', 'traeger-c'), record.version, now);
      expect(await found()).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
      expect((await staff.get('c-3'))?.outdatedItem).toBeUndefined();
    });
  });
});
