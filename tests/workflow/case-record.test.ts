/**
 * The case record through the API against DynamoDB Local: contacts, notes on two levels, goals of the support plan.
 * Who may read and write what (the psychosocial notes only for the case's case manager: not the coordination, not
 * by cursor either), bad input changes nothing, lists come in bounded pages with a cursor that cannot be bent to
 * another list, every read is audited without text in the history, concurrent goals get distinct numbers, and a
 * closed case takes nothing new.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const COORDINATOR = 'sabine-kraemer';

describe('the case record: contacts, notes, goals', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function assignedCase(): Promise<{ caseId: string; manager: string }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    return { caseId, manager: record.caseManagerId ?? '' };
  }

  const contact = (overrides: Record<string, unknown> = {}) => ({ date: '2026-11-24', durationMinutes: 45, form: 'in-person', needCategories: ['language'], ...overrides });
  const partitionItems = async (caseId: string, prefix: string) =>
    (
      await h.documents.send(
        new QueryCommand({ TableName: h.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': tableKeys.case(caseId).pk, ':p': prefix } }),
      )
    ).Items ?? [];

  it('records contacts, both kinds of notes and goals; the coordination reads all but the psychosocial notes', async () => {
    const { caseId, manager } = await assignedCase();
    const logged = await h.api('POST', `/api/cases/${caseId}/contacts`, manager, contact({ interpreterLanguage: 'ar', note: 'Erstgespräch mit Dolmetscherin.' }));
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    await h.clock.advance(60_000);
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, contact({ form: 'phone', durationMinutes: 10 }))).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'ordinary', text: 'Unterlagen für den Integrationskurs angefragt.' })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'psychosocial', text: 'Schlafstörungen seit der Flucht.' })).status).toBe(201);
    const goal = await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: 'Integrationskurs beginnen', needCategory: 'language', targetDate: '2027-02-01', tasks: 'Person meldet sich an; Case-Management klärt die Kosten.' });
    expect(goal.status, JSON.stringify(goal.body)).toBe(201);
    expect(goal.body).toMatchObject({ goalId: 'Z01', status: 'open', version: 1 });

    const own = await h.api('GET', `/api/cases/${caseId}/record`, manager);
    expect(own.status).toBe(200);
    const ownBody = own.body as { contacts: { items: { form: string }[] }; notes: { items: unknown[] }; psychosocialNotes?: { items: { text: string }[] }; goals: unknown[] };
    // Newest first: both contacts are on the same day, the later-recorded one first.
    expect(ownBody.contacts.items.map((c) => c.form)).toEqual(['phone', 'in-person']);
    expect(ownBody.notes.items).toHaveLength(1);
    expect(ownBody.psychosocialNotes?.items.map((n) => n.text)).toEqual(['Schlafstörungen seit der Flucht.']);
    expect(ownBody.goals).toHaveLength(1);

    // The coordination: supervision reads contacts, ordinary notes and goals — never the psychosocial notes.
    const supervision = await h.api('GET', `/api/cases/${caseId}/record`, COORDINATOR);
    expect(supervision.status).toBe(200);
    expect(supervision.body).not.toHaveProperty('psychosocialNotes');
    expect(JSON.stringify(supervision.body)).not.toContain('Schlafstörungen');
    expect((supervision.body.contacts as { items: unknown[] }).items).toHaveLength(2);
    const cursor = Buffer.from('NOTE#psychosocial#', 'utf8').toString('base64url');
    expect((await h.api('GET', `/api/cases/${caseId}/record?psychosocialNotes=${cursor}`, COORDINATOR)).status).toBe(403);
    // A notes cursor bent to the psychosocial level is refused, not followed.
    const bent = await h.api('GET', `/api/cases/${caseId}/record?notes=${cursor}`, COORDINATOR);
    expect(bent.status).toBe(400);
    expect(bent.body.errors).toEqual([{ field: 'notes', message: 'ist keine gültige Fortsetzung dieser Liste' }]);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, COORDINATOR, { level: 'psychosocial', text: 'Versuch' })).status).toBe(403);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, COORDINATOR, { level: 'ordinary', text: 'Rücksprache im Jour fixe.' })).status).toBe(201);
    // Contacts and goals are the case manager's counselling.
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, COORDINATOR, contact())).status).toBe(403);

    // Other case managers and intake staff see nothing.
    const other = h.staff('casemanager', (s) => s.id !== manager).id;
    expect((await h.api('GET', `/api/cases/${caseId}/record`, other)).status).toBe(403);
    expect((await h.api('GET', `/api/cases/${caseId}/record`, 'intake')).status).toBe(403);

    // Every read that showed something is in the history (refused ones showed nothing), and no history line
    // carries the text of a note or contact.
    const events = await h.deps.cases.listEvents(caseId);
    expect(events.filter((e) => e.kind === 'record-read').map((e) => e.actor).sort()).toEqual([COORDINATOR, manager].sort());
    expect(events.filter((e) => e.kind === 'contact-logged').map((e) => e.details)).toEqual(
      expect.arrayContaining([{ form: 'in-person', minutes: 45, interpreter: true }, { form: 'phone', minutes: 10, interpreter: false }]),
    );
    expect(JSON.stringify(events)).not.toMatch(/Schlafstörungen|Dolmetscherin|Integrationskurs beginnen|Unterlagen/);
  });

  it('refuses bad input at its field in German and stores nothing', async () => {
    const { caseId, manager } = await assignedCase();
    const bad = await h.api('POST', `/api/cases/${caseId}/contacts`, manager, {
      date: '2026-12-24',
      durationMinutes: 0,
      form: 'fax',
      interpreterLanguage: 'Arabisch',
      needCategories: ['language', 'language'],
      note: 'a\u202Eb',
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['date', 'durationMinutes', 'form', 'interpreterLanguage', 'needCategories', 'note']);
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, contact({ date: '2025-11-01' }))).body.errors).toEqual([{ field: 'date', message: 'liegt mehr als ein Jahr zurück' }]);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'ordinary', text: '   ' })).status).toBe(400);
    expect((await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: 'Wohnung', needCategory: 'housing', targetDate: '2026-01-01' })).body.errors).toEqual([
      { field: 'targetDate', message: 'darf nicht in der Vergangenheit liegen' },
    ]);
    expect((await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: 'Wohnung', needCategory: 'moon', targetDate: '2027-01-01' })).status).toBe(400);
    for (const prefix of tableKeys.caseRecordPrefixes()) expect(await partitionItems(caseId, prefix)).toEqual([]);
  });

  it('pages long lists with a cursor: bounded answers, nothing lost, nothing twice', async () => {
    const { caseId, manager } = await assignedCase();
    for (let i = 0; i < 25; i += 1) {
      const day = `2026-11-${String(i + 1).padStart(2, '0')}`;
      expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, contact({ date: day > '2026-11-24' ? '2026-11-24' : day, durationMinutes: i + 1 }))).status).toBe(201);
    }
    const first = (await h.api('GET', `/api/cases/${caseId}/record`, manager)).body.contacts as { items: { durationMinutes: number }[]; next?: string };
    expect(first.items).toHaveLength(20);
    expect(first.next).toBeTypeOf('string');
    const second = (await h.api('GET', `/api/cases/${caseId}/record?contacts=${first.next ?? ''}`, manager)).body.contacts as { items: { durationMinutes: number }[]; next?: string };
    expect(second.items).toHaveLength(5);
    expect(second.next).toBeUndefined();
    const minutes = [...first.items, ...second.items].map((c) => c.durationMinutes).sort((a, b) => a - b);
    expect(minutes).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await h.api('GET', `/api/cases/${caseId}/record?contacts=%%%`, manager)).status).toBe(400);
  });

  it('numbers goals once under concurrency, reviews them by version, and a closed case takes nothing new', async () => {
    const { caseId, manager } = await assignedCase();
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: `Ziel ${String(i)}`, needCategory: 'language', targetDate: '2027-03-01' })),
    );
    expect(attempts.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const created = attempts.filter((a) => a.status === 201).map((a) => String(a.body.goalId));
    const stored = (await h.api('GET', `/api/cases/${caseId}/record`, manager)).body.goals as { goalId: string; text: string; version: number }[];
    // Every accepted goal is stored once under its own number; a lost race says so and stores nothing.
    expect(stored.map((g) => g.goalId).sort()).toEqual([...created].sort());
    expect(new Set(stored.map((g) => g.goalId)).size).toBe(stored.length);
    expect(created.length).toBeGreaterThanOrEqual(1);

    const [goal] = stored;
    if (goal === undefined) throw new Error('no goal');
    const reviewed = await h.api('POST', `/api/cases/${caseId}/goals/${goal.goalId}`, manager, { status: 'partly-achieved', version: goal.version });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'partly-achieved', version: goal.version + 1 });
    const stale = await h.api('POST', `/api/cases/${caseId}/goals/${goal.goalId}`, manager, { status: 'achieved', version: goal.version });
    expect(stale.status).toBe(409);
    expect((await h.api('POST', `/api/cases/${caseId}/goals/Z99`, manager, { status: 'achieved', version: 1 })).status).toBe(404);

    // Closed: the documentation can still be read, not written.
    await h.documents.send(
      new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({ TableName: h.tableName, Key: tableKeys.case(caseId), UpdateExpression: 'SET stage = :c', ExpressionAttributeValues: { ':c': 'closed' } }),
    );
    const late = await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'ordinary', text: 'zu spät' });
    expect(late.status).toBe(409);
    expect((await h.api('GET', `/api/cases/${caseId}/record`, manager)).status).toBe(200);
  });
});
