/**
 * Staff provisioned for AWS, against DynamoDB Local: the item has the demo staff's shape, the real assignment
 * finds and counts the case manager, the case API lets them (by sub) open the case, and a disabled one is skipped.
 * Cognito stands in as a map from e-mail to sub; its adapter is tested in tests/unit/cognito-identity-directory.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoCaseRepository } from '../../core/adapters/dynamo-case-repository.ts';
import { DynamoStaffDirectory } from '../../core/adapters/dynamo-staff-directory.ts';
import { ProfileStore } from '../../core/adapters/profile-store.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { chooseCaseManager } from '../../core/cases/assignment.ts';
import { newCaseId, type CaseRecord } from '../../core/cases/case.ts';
import { caseForCaller } from '../../core/casework/casework-dependencies.ts';
import { ManualClock } from '../../core/clock.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { StaffVersionConflict, type Identity, type IdentityDirectory, type NewIdentity } from '../../core/staff/ports.ts';
import { addStaff, disableStaff, listStaff, parseAddStaffInput, type StaffProvisioning } from '../../core/staff/provision-staff.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

/** Accounts by e-mail with random subs, like Cognito's. */
class MapIdentityDirectory implements IdentityDirectory {
  private readonly subs = new Map<string, string>();

  createUser(user: NewIdentity): Promise<Identity> {
    const existing = this.subs.get(user.email);
    const sub = existing ?? randomUUID();
    this.subs.set(user.email, sub);
    return Promise.resolve({ sub, created: existing === undefined, enabled: true, ...(user.providerId === undefined ? {} : { providerId: user.providerId }) });
  }

  addToGroup(): Promise<void> {
    return Promise.resolve();
  }

  disableUser(email: string): Promise<string | undefined> {
    return Promise.resolve(this.subs.get(email));
  }
}

/** The providers of the two case managers below: the assignment reads case managers by provider. */
const PROVIDERS = ['kommune-kreuzau', 'traeger-b'];

describe('staff provisioned for AWS, in the table', () => {
  const tableName = `staff-${randomUUID()}`;
  const profile = bundledProfile();
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let staff: DynamoStaffDirectory;
  let cases: DynamoCaseRepository;
  let deps: StaffProvisioning;

  // A municipal case manager in Kreuzau; kommune-kreuzau offers the welcome focus area there.
  const manager = parseAddStaffInput(
    { email: 'anna.weber@kreuzau.example', name: 'Anna Weber', role: 'casemanager', providerId: 'kommune-kreuzau', focusAreas: ['welcome'] },
    profile,
  );
  let sub = '';

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    documents = createDocumentClient(client);
    staff = new DynamoStaffDirectory(documents, tableName);
    cases = new DynamoCaseRepository(documents, tableName, kpiCalendarOf(bundledProfile()));
    deps = { identities: new MapIdentityDirectory(), staff, profile, clock };
    // A demo case manager (written as npm start does) whose provider does not cover Kreuzau: it must not be chosen.
    await new ProfileStore(documents, tableName).ensureDemoData(
      {
        staff: [{ id: 'julia-schneider', name: 'Julia Schneider', email: 'julia.schneider@traeger-b.example', role: 'casemanager', providerId: 'traeger-b', focusAreas: ['welcome'] }],
        members: [],
      },
      clock.now(),
    );
    sub = (await addStaff(deps, manager)).sub;
  });
  afterAll(() => {
    client.destroy();
  });

  const rawItem = async (pk: string): Promise<Record<string, unknown>> => {
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk: 'STAFF' }, ConsistentRead: true }));
    if (Item === undefined) throw new Error(`no item ${pk}`);
    return Item;
  };

  async function triagedCaseInKreuzau(): Promise<CaseRecord> {
    const now = clock.now();
    const at = now.toISOString();
    const caseId = newCaseId(now);
    await cases.createCase({
      case: {
        caseId,
        version: 1,
        createdAt: at,
        updatedAt: at,
        stage: 'triaged',
        municipalityId: 'kreuzau',
        requestedFocusArea: 'welcome',
        focusArea: 'welcome',
        crisis: false,
        needCategories: ['language'],
        intakeBy: 'intake-sub',
        generation: 1,
      },
      client: {
        caseId,
        version: 1,
        familyName: 'Haddad',
        dateOfBirth: '1988-03-02',
        nationality: 'SY',
        languages: ['ar'],
        interpreterNeeded: true,
        municipalityId: 'kreuzau',
        residenceStatus: 'protection',
        arrivalDate: '2026-09-15',
        consentToProcessingAt: at,
      },
      idempotency: { keyHash: randomUUID(), requestHash: randomUUID(), expiresAt: Math.floor(now.getTime() / 1000) + 86_400 },
    });
    const record = await cases.getCase(caseId);
    if (record === undefined) throw new Error(`case ${caseId} not saved`);
    return record;
  }

  it('writes the item keyed by the sub, in the shape the demo staff have', async () => {
    const ours = await rawItem(tableKeys.staffKey(sub).pk);
    const demo = await rawItem(tableKeys.staffKey('julia-schneider').pk);
    expect(ours).toEqual({
      ...tableKeys.staff(sub, 'casemanager', 'kommune-kreuzau'),
      type: 'staff',
      version: 1,
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
      data: { id: sub, name: 'Anna Weber', email: 'anna.weber@kreuzau.example', role: 'casemanager', providerId: 'kommune-kreuzau', focusAreas: ['welcome'] },
    });
    // The demo item's contentHash only serves the profile sync, which never touches staff.
    expect(Object.keys(ours).sort()).toEqual(Object.keys(demo).filter((key) => key !== 'contentHash').sort());
  });

  it('is found by the assignment, counted, and lets the case manager open the case by their sub', async () => {
    const managers = await cases.listCaseManagers(PROVIDERS);
    expect(managers).toContainEqual({ staffId: sub, name: 'Anna Weber', email: 'anna.weber@kreuzau.example', providerId: 'kommune-kreuzau', focusAreas: ['welcome'], openCases: 0 });

    const record = await triagedCaseInKreuzau();
    const chosen = chooseCaseManager(profile, managers, record.municipalityId, 'welcome');
    expect(chosen?.staffId).toBe(sub);
    if (chosen === undefined) return;
    const assigned = await cases.assignCase(record, chosen, { kind: 'assigned', actor: 'system' }, clock.now());
    expect(assigned.caseManagerId).toBe(sub);
    expect((await staff.get(sub))?.openCases).toBe(1);
    expect((await cases.listCasesOfCaseManager(sub)).map((c) => c.caseId)).toEqual([record.caseId]);

    // What the API does with the token's sub as userId.
    const caller = { userId: sub, email: 'anna.weber@kreuzau.example', roles: ['casemanager' as const], providerId: 'kommune-kreuzau' };
    expect((await caseForCaller({ cases, clock }, caller, record.caseId)).caseId).toBe(record.caseId);
  });

  it('updates the person on a second add without touching the caseload', async () => {
    await clock.advance(60_000);
    expect(await addStaff(deps, manager)).toMatchObject({ sub, account: 'existing', staffItem: 'unchanged' });
    expect(await addStaff(deps, { ...manager, name: 'Anna Weber-Klein' })).toMatchObject({ sub, staffItem: 'updated' });
    expect(await rawItem(tableKeys.staffKey(sub).pk)).toMatchObject({ version: 2, openCases: 1, updatedAt: '2026-11-24T09:01:00.000Z', data: { name: 'Anna Weber-Klein' } });
  });

  it('refuses a write based on an old version', async () => {
    const record = await staff.get(sub);
    if (record === undefined) throw new Error('no staff item');
    const { version: _version, openCases: _openCases, ...entry } = record;
    await expect(staff.put(entry, record.version - 1, clock.now())).rejects.toBeInstanceOf(StaffVersionConflict);
    await expect(staff.put(entry, undefined, clock.now())).rejects.toBeInstanceOf(StaffVersionConflict);
  });

  it('lists provisioned and demo staff alike', async () => {
    expect((await listStaff(deps)).map((r) => [r.id, r.name, r.disabledAt])).toEqual([
      [sub, 'Anna Weber-Klein', undefined],
      ['julia-schneider', 'Julia Schneider', undefined],
    ]);
  });

  it('is never chosen again once disabled', async () => {
    expect(await disableStaff(deps, manager.email)).toEqual({ sub, staffItem: 'disabled', openCases: 1 });
    const managers = await cases.listCaseManagers(PROVIDERS);
    expect(managers.map((m) => m.staffId)).toEqual(['julia-schneider']);
    expect(chooseCaseManager(profile, managers, 'kreuzau', 'welcome')).toBeUndefined();
    expect(await rawItem(tableKeys.staffKey(sub).pk)).toMatchObject({ version: 3, openCases: 1, disabledAt: '2026-11-24T09:01:00.000Z' });
    expect((await staff.list()).find((r) => r.id === sub)?.disabledAt).toBe('2026-11-24T09:01:00.000Z');
  });
});
