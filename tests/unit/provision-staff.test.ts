import { beforeEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../core/identity/roles.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import {
  StaffVersionConflict,
  type Identity,
  type IdentityDirectory,
  type NewIdentity,
  type StaffDirectory,
  type StaffEntry,
  type StaffRecord,
} from '../../core/staff/ports.ts';
import {
  addStaff,
  disableStaff,
  listStaff,
  parseAddStaffInput,
  parseEmailInput,
  StaffInputError,
  type AddStaffInput,
  type StaffProvisioning,
} from '../../core/staff/provision-staff.ts';
import { parseStaffConfig, StaffConfigError } from '../../core/staff/staff-config.ts';

interface FakeAccount {
  readonly sub: string;
  readonly name: string;
  readonly providerId?: string;
  readonly groups: Set<StaffRole>;
  enabled: boolean;
}

/** Cognito as this code sees it: accounts by e-mail, each with a sub, groups and an enabled flag. */
class FakeIdentityDirectory implements IdentityDirectory {
  readonly accounts = new Map<string, FakeAccount>();

  createUser(user: NewIdentity): Promise<Identity> {
    const existing = this.accounts.get(user.email);
    if (existing !== undefined) return Promise.resolve(this.identity(existing, false));
    const account: FakeAccount = {
      sub: `sub-${this.accounts.size + 1}`,
      name: user.name,
      ...(user.providerId === undefined ? {} : { providerId: user.providerId }),
      groups: new Set([user.group]),
      enabled: true,
    };
    this.accounts.set(user.email, account);
    return Promise.resolve(this.identity(account, true));
  }

  addToGroup(email: string, group: StaffRole): Promise<void> {
    const account = this.accounts.get(email);
    if (account === undefined) return Promise.reject(new Error(`no account ${email}`));
    account.groups.add(group);
    return Promise.resolve();
  }

  disableUser(email: string): Promise<string | undefined> {
    const account = this.accounts.get(email);
    if (account !== undefined) account.enabled = false;
    return Promise.resolve(account?.sub);
  }

  private identity(account: FakeAccount, created: boolean): Identity {
    return { sub: account.sub, created, enabled: account.enabled, ...(account.providerId === undefined ? {} : { providerId: account.providerId }) };
  }
}

/** The staff items with the adapter's version rule; `beforePut` lets a test interleave a concurrent writer. */
class FakeStaffDirectory implements StaffDirectory {
  readonly items = new Map<string, StaffRecord>();
  puts = 0;
  beforePut: (() => void) | undefined;

  get(id: string): Promise<StaffRecord | undefined> {
    return Promise.resolve(this.items.get(id));
  }

  list(): Promise<StaffRecord[]> {
    return Promise.resolve([...this.items.values()]);
  }

  put(entry: StaffEntry, expectedVersion: number | undefined, _now: Date): Promise<void> {
    this.beforePut?.();
    const current = this.items.get(entry.id);
    if (current?.version !== expectedVersion) return Promise.reject(new StaffVersionConflict(`staff item ${entry.id} changed meanwhile`));
    this.items.set(entry.id, { ...entry, version: (current?.version ?? 0) + 1, openCases: current?.openCases ?? 0 });
    this.puts += 1;
    return Promise.resolve();
  }
}

const profile = bundledProfile();
const now = new Date('2026-11-24T09:00:00Z');

function fieldErrorsOf(action: () => unknown): { field: string; message: string }[] {
  try {
    action();
  } catch (error) {
    if (error instanceof StaffInputError) return [...error.fieldErrors];
    throw error;
  }
  throw new Error('expected a StaffInputError');
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const caseManager = {
  email: 'ayse.yilmaz@traeger-a.example',
  name: 'Ayşe Yılmaz',
  role: 'casemanager',
  providerId: 'traeger-a',
  focusAreas: ['welcome', 'labour'],
};

describe('parseAddStaffInput', () => {
  it('names every missing field in German', () => {
    expect(fieldErrorsOf(() => parseAddStaffInput({}, profile))).toEqual([
      { field: 'email', message: 'fehlt' },
      { field: 'name', message: 'fehlt' },
      { field: 'role', message: 'fehlt' },
    ]);
  });

  it('names a bad e-mail address, an empty name and an unknown role', () => {
    const errors = fieldErrorsOf(() => parseAddStaffInput({ email: 'ayse.yilmaz', name: '  ', role: 'boss' }, profile));
    expect(errors.map((e) => e.field)).toEqual(['email', 'name', 'role']);
    expect(errors[0]?.message).toBe('muss eine gültige E-Mail-Adresse sein');
    expect(errors[1]?.message).toBe('darf nicht leer sein');
    expect(errors[2]?.message).toBe('muss eine der Rollen intake, casemanager, coordinator, admin, dpo sein');
  });

  it('requires a provider and focus areas for case managers', () => {
    const errors = fieldErrorsOf(() => parseAddStaffInput({ ...caseManager, providerId: undefined, focusAreas: undefined }, profile));
    expect(errors).toEqual([
      { field: 'providerId', message: 'ist für Case-Manager*innen erforderlich' },
      { field: 'focusAreas', message: 'ist für Case-Manager*innen erforderlich' },
    ]);
  });

  it('checks provider and focus areas against the district profile', () => {
    expect(fieldErrorsOf(() => parseAddStaffInput({ ...caseManager, providerId: 'traeger-z' }, profile))).toEqual([
      { field: 'providerId', message: expect.stringMatching(/^„traeger-z“ ist kein Träger des Profils \(Träger: traeger-a, traeger-b/) as unknown },
    ]);
    expect(fieldErrorsOf(() => parseAddStaffInput({ ...caseManager, providerId: 'traeger-e', focusAreas: ['psychosocial', 'welcome'] }, profile))).toEqual([
      { field: 'focusAreas[1]', message: 'der Träger „traeger-e“ bietet den Schwerpunkt „welcome“ nicht an (angeboten: psychosocial)' },
    ]);
    expect(fieldErrorsOf(() => parseAddStaffInput({ ...caseManager, focusAreas: ['sport'] }, profile))).toEqual([
      { field: 'focusAreas[0]', message: 'muss einer der Schwerpunkte welcome, labour, psychosocial sein' },
    ]);
  });

  it('gives focus areas to case managers only', () => {
    const input = { email: 'sabine.kraemer@kreis-dueren.example', name: 'Sabine Krämer', role: 'coordinator', focusAreas: ['welcome'] };
    expect(fieldErrorsOf(() => parseAddStaffInput(input, profile))).toEqual([{ field: 'focusAreas', message: 'nur Case-Manager*innen haben Schwerpunkte' }]);
  });

  it('keeps one spelling of the address and each focus area once', () => {
    const input = parseAddStaffInput({ ...caseManager, email: ' Ayse.Yilmaz@Traeger-A.example ', focusAreas: ['welcome', 'welcome'] }, profile);
    expect(input).toEqual({ ...caseManager, focusAreas: ['welcome'] });
  });

  it('reads the e-mail address of disable the same way', () => {
    expect(parseEmailInput({ email: 'Ayse.Yilmaz@traeger-a.example' })).toBe('ayse.yilmaz@traeger-a.example');
    expect(fieldErrorsOf(() => parseEmailInput({}))).toEqual([{ field: 'email', message: 'fehlt' }]);
  });
});

describe('provisioning staff', () => {
  let identities: FakeIdentityDirectory;
  let staff: FakeStaffDirectory;
  let deps: StaffProvisioning;
  const manager: AddStaffInput = parseAddStaffInput(caseManager, profile);

  beforeEach(() => {
    identities = new FakeIdentityDirectory();
    staff = new FakeStaffDirectory();
    deps = { identities, staff, profile, clock: { now: () => now } };
  });

  it('creates the account in its group and the staff item keyed by the sub', async () => {
    expect(await addStaff(deps, manager)).toEqual({ sub: 'sub-1', account: 'created', staffItem: 'created' });
    expect(identities.accounts.get(manager.email)).toMatchObject({ providerId: 'traeger-a', groups: new Set(['casemanager']), enabled: true });
    expect(await staff.get('sub-1')).toEqual({
      id: 'sub-1',
      name: 'Ayşe Yılmaz',
      email: manager.email,
      role: 'casemanager',
      providerId: 'traeger-a',
      focusAreas: ['welcome', 'labour'],
      version: 1,
      openCases: 0,
    });
  });

  it('changes nothing when run again with the same input', async () => {
    await addStaff(deps, manager);
    expect(await addStaff(deps, manager)).toEqual({ sub: 'sub-1', account: 'existing', staffItem: 'unchanged' });
    expect(identities.accounts.size).toBe(1);
    expect(staff.puts).toBe(1);
  });

  it('writes an item of an earlier key shape again, the person and the caseload as they were', async () => {
    await addStaff(deps, manager);
    const record = await staff.get('sub-1');
    if (record === undefined) throw new Error('no staff item');
    staff.items.set('sub-1', { ...record, openCases: 2, outdatedItem: true });
    expect(await addStaff(deps, manager)).toEqual({ sub: 'sub-1', account: 'existing', staffItem: 'updated' });
    expect(await staff.get('sub-1')).toEqual({ ...record, version: 2, openCases: 2 });
  });

  it('finishes a run that stopped after the account was created', async () => {
    // The account exists (in no KIM group yet), the staff item does not.
    await identities.createUser({ email: manager.email, name: manager.name, group: 'intake', providerId: 'traeger-a' });
    identities.accounts.get(manager.email)?.groups.clear();
    expect(await addStaff(deps, manager)).toEqual({ sub: 'sub-1', account: 'existing', staffItem: 'created' });
    expect(identities.accounts.get(manager.email)?.groups).toEqual(new Set(['casemanager']));
  });

  it('updates name and focus areas conditionally on the version, keeping the caseload', async () => {
    await addStaff(deps, manager);
    const record = await staff.get('sub-1');
    if (record === undefined) throw new Error('no staff item');
    staff.items.set('sub-1', { ...record, openCases: 3 });
    expect(await addStaff(deps, { ...manager, name: 'Ayşe Yılmaz-Kaya', focusAreas: ['welcome'] })).toMatchObject({ staffItem: 'updated' });
    expect(await staff.get('sub-1')).toMatchObject({ name: 'Ayşe Yılmaz-Kaya', focusAreas: ['welcome'], version: 2, openCases: 3 });
  });

  it('reports a concurrent change of the staff item instead of overwriting it', async () => {
    await addStaff(deps, manager);
    staff.beforePut = () => {
      const record = staff.items.get('sub-1');
      if (record !== undefined) staff.items.set('sub-1', { ...record, version: record.version + 1 });
    };
    expect(await rejectionOf(addStaff(deps, { ...manager, focusAreas: ['labour'] }))).toBeInstanceOf(StaffVersionConflict);
  });

  it('never changes the role or the provider of an existing person', async () => {
    await addStaff(deps, manager);
    const coordinator = parseAddStaffInput({ email: manager.email, name: manager.name, role: 'coordinator' }, profile);
    const roleChange = await rejectionOf(addStaff(deps, coordinator));
    expect(roleChange).toBeInstanceOf(StaffInputError);
    expect((roleChange as StaffInputError).fieldErrors).toEqual([
      { field: 'role', message: `${manager.email} ist bereits als Case-Management (casemanager) angelegt; die Rolle lässt sich mit „add“ nicht ändern` },
      { field: 'providerId', message: `${manager.email} ist bereits angelegt (Träger: „traeger-a“); der Träger lässt sich mit „add“ nicht ändern` },
    ]);
    const providerChange = await rejectionOf(addStaff(deps, { ...manager, providerId: 'traeger-b' }));
    expect((providerChange as StaffInputError).fieldErrors.map((e) => e.field)).toEqual(['providerId']);
    expect(identities.accounts.get(manager.email)?.groups).toEqual(new Set(['casemanager']));
    expect(staff.puts).toBe(1);
  });

  it('does not bring back a disabled account', async () => {
    await addStaff(deps, manager);
    await disableStaff(deps, manager.email);
    const error = await rejectionOf(addStaff(deps, manager));
    expect((error as StaffInputError).fieldErrors).toEqual([{ field: 'email', message: `das Konto ${manager.email} ist deaktiviert; „add“ aktiviert es nicht wieder` }]);
  });

  it('makes the item active again once the account was enabled again', async () => {
    await addStaff(deps, manager);
    await disableStaff(deps, manager.email);
    const account = identities.accounts.get(manager.email);
    if (account !== undefined) account.enabled = true;
    expect(await addStaff(deps, manager)).toMatchObject({ staffItem: 'updated' });
    expect((await staff.get('sub-1'))?.disabledAt).toBeUndefined();
  });

  it('disables the account and marks the staff item inactive, once', async () => {
    await addStaff(deps, manager);
    const record = await staff.get('sub-1');
    if (record === undefined) throw new Error('no staff item');
    staff.items.set('sub-1', { ...record, openCases: 2 });
    expect(await disableStaff(deps, manager.email)).toEqual({ sub: 'sub-1', staffItem: 'disabled', openCases: 2 });
    expect(identities.accounts.get(manager.email)?.enabled).toBe(false);
    expect(await staff.get('sub-1')).toMatchObject({ disabledAt: now.toISOString(), version: 2, openCases: 2 });
    expect(await disableStaff(deps, manager.email)).toEqual({ sub: 'sub-1', staffItem: 'unchanged', openCases: 2 });
    expect(staff.puts).toBe(2);
  });

  it('disables an account without a staff item, and names an unknown address', async () => {
    await identities.createUser({ email: 'elif.demir@kreis-dueren.example', name: 'Elif Demir', group: 'admin' });
    expect(await disableStaff(deps, 'elif.demir@kreis-dueren.example')).toEqual({ sub: 'sub-1', staffItem: 'missing', openCases: 0 });
    const error = await rejectionOf(disableStaff(deps, 'niemand@kreis-dueren.example'));
    expect((error as StaffInputError).fieldErrors).toEqual([{ field: 'email', message: 'zu niemand@kreis-dueren.example gibt es kein Konto' }]);
  });

  it('lists staff by role, then by name', async () => {
    const people = [
      { email: 'z@kreis-dueren.example', name: 'Zora Intake', role: 'intake' },
      { email: 'b@kreis-dueren.example', name: 'Björn Koordination', role: 'coordinator' },
      { email: 'a@kreis-dueren.example', name: 'Änne Koordination', role: 'coordinator' },
      caseManager,
    ];
    for (const person of people) await addStaff(deps, parseAddStaffInput(person, profile));
    expect((await listStaff(deps)).map((r) => `${r.role} ${r.name}`)).toEqual([
      'intake Zora Intake',
      'casemanager Ayşe Yılmaz',
      'coordinator Änne Koordination',
      'coordinator Björn Koordination',
    ]);
  });
});

describe('parseStaffConfig', () => {
  const env = { KIM_USER_POOL_ID: 'eu-central-1_AbC123xyz', KIM_TABLE_NAME: 'kim-flow-prod' };

  function messageOf(variables: NodeJS.ProcessEnv): string {
    try {
      parseStaffConfig(variables);
    } catch (error) {
      if (error instanceof StaffConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a StaffConfigError');
  }

  it('reads pool and table, in eu-central-1 unless AWS_REGION says otherwise', () => {
    expect(parseStaffConfig(env)).toEqual({ userPoolId: 'eu-central-1_AbC123xyz', tableName: 'kim-flow-prod', region: 'eu-central-1' });
    expect(parseStaffConfig({ ...env, KIM_USER_POOL_ID: 'eu-west-1_AbC123xyz', AWS_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  it('names each missing or bad variable in one German sentence', () => {
    expect(messageOf({ KIM_TABLE_NAME: '' })).toBe(
      'Umgebungsvariable KIM_USER_POOL_ID fehlt (die Ausgabe „UserPoolId“ des Stacks kim-flow-<stage>-api, z. B. eu-central-1_AbC123xyz); ' +
        'Umgebungsvariable KIM_TABLE_NAME fehlt (der Tabellenname des Stacks kim-flow-<stage>-data, z. B. kim-flow-prod).',
    );
    expect(messageOf({ ...env, KIM_TABLE_NAME: 'other-table' })).toMatch(/^Umgebungsvariable KIM_TABLE_NAME ist kein Tabellenname von KIM Flow/);
    expect(messageOf({ ...env, AWS_REGION: 'Frankfurt' })).toMatch(/^Umgebungsvariable AWS_REGION ist keine AWS-Region/);
    expect(messageOf({ ...env, KIM_USER_POOL_ID: 'eu-west-1_AbC123xyz' })).toBe('Umgebungsvariable KIM_USER_POOL_ID gehört nicht zur Region eu-central-1 (AWS_REGION).');
  });
});
