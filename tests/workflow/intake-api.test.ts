/**
 * The intake API under pressure and abuse: concurrent submissions (idempotency, exact caseloads), bad input
 * (400 with German field messages, nothing stored, nothing started), and a canary name that must never leave
 * the client item (execution input/output/history, log lines, mail subjects).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../fixtures/eventually.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('intake API', () => {
  const h = new WorkflowHarness();
  const logged: string[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.name} ${a.message} ${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }
    await h.start();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await h.stop();
  });

  const caseCount = async (): Promise<number> => {
    const { Items } = await h.documents.send(new ScanCommand({ TableName: h.tableName, FilterExpression: '#t = :case', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':case': 'case' } }));
    return Items?.length ?? 0;
  };
  const executions = () => h.engine.listExecutions(INTAKE_MACHINE_ARN, undefined);

  it('turns 20 concurrent submissions with one Idempotency-Key into exactly one case and one execution', async () => {
    const casesBefore = await caseCount();
    const executionsBefore = executions().length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.api('POST', '/api/intakes', 'intake', intakeFor(), { 'idempotency-key': 'same-key-for-all-20' })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 202));
    expect(new Set(answers.map((a) => a.body.caseId)).size).toBe(1);
    expect(await caseCount()).toBe(casesBefore + 1);
    expect(executions().length).toBe(executionsBefore + 1);
    // The same key with a different intake is a conflict, not a silent replay.
    const other = await h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName: 'Anders' }), { 'idempotency-key': 'same-key-for-all-20' });
    expect(other.status).toBe(409);
  });

  it('turns 20 concurrent different intakes into 20 cases with caseloads counted exactly', async () => {
    const managers = h.demo.staff.filter((s) => s.role === 'casemanager');
    const loadBefore = new Map(await Promise.all(managers.map(async (m) => [m.id, await h.openCasesOf(m.id, 'casemanager', m.providerId)] as const)));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => h.api('POST', '/api/intakes', 'intake', intakeFor({ givenNames: `Person ${String.fromCharCode(65 + i)}` }))));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const caseIds = answers.map((a) => String(a.body.caseId));
    expect(new Set(caseIds).size).toBe(20);
    const assigned = await Promise.all(caseIds.map((id) => h.waitForStage(id, 'awaiting-assessment')));
    const perManager = new Map<string, number>();
    for (const record of assigned) perManager.set(record.caseManagerId ?? '', (perManager.get(record.caseManagerId ?? '') ?? 0) + 1);
    for (const manager of managers) {
      expect(await h.openCasesOf(manager.id, 'casemanager', manager.providerId), manager.id).toBe((loadBefore.get(manager.id) ?? 0) + (perManager.get(manager.id) ?? 0));
    }
    // Least-loaded first: the welcome case managers covering Kreuzau share the 20 (plus the earlier case) evenly.
    const counts = [...perManager.values()];
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('answers bad input with 400 and German field messages, storing and starting nothing', async () => {
    const casesBefore = await caseCount();
    const executionsBefore = executions().length;
    const { municipalityId: _m, ...withoutMunicipality } = intakeFor();
    const cases: [string, unknown, string][] = [
      ['missing municipality', withoutMunicipality, 'municipalityId'],
      ['unknown municipality', intakeFor({ municipalityId: 'aachen' }), 'municipalityId'],
      ['birth date in the future', intakeFor({ dateOfBirth: '2027-01-01' }), 'dateOfBirth'],
      ['CR/LF in a name', intakeFor({ familyName: 'Haddad\r\nBcc: x@y.example' }), 'familyName'],
      ['U+202E in a name', intakeFor({ givenNames: 'Rana\u202Etxt.exe' }), 'givenNames'],
      ['1 MB body', intakeFor({ needs: { categories: ['language'], description: 'x'.repeat(1_000_000) } }), '(gesamt)'],
    ];
    for (const [what, body, field] of cases) {
      const answer = await h.api('POST', '/api/intakes', 'intake', body);
      expect(answer.status, what).toBe(400);
      const errors = answer.body.errors as { field: string; message: string }[];
      expect(errors.map((e) => e.field), what).toContain(field);
      for (const error of errors) expect(error.message, what).toMatch(/[a-zäöüß]/);
    }
    const malformed = await h.api('POST', '/api/intakes', 'intake', '{"familyName": "Haddad",');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: '(gesamt)', message: 'ist kein gültiges JSON' }]);
    expect(await caseCount()).toBe(casesBefore);
    expect(executions().length).toBe(executionsBefore);
  });

  it('accepts the HTML form encoding, with the form token as idempotency key', async () => {
    const form = new URLSearchParams({
      familyName: 'Kowalska',
      givenNames: 'Marta',
      dateOfBirth: '1979-07-07',
      nationality: 'PL',
      municipalityId: 'dueren',
      residenceStatus: 'eu-free-movement',
      arrivalDate: '2026-10-10',
      requestedFocusArea: 'labour',
      consentToProcessing: 'on',
      formToken: 'form-token-0001',
    });
    form.append('languages', 'pl');
    form.append('languages', 'de');
    form.append('needs.categories', 'employment');
    const send = () => h.api('POST', '/api/intakes', 'intake', form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const first = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect((await send()).body.caseId).toBe(first.body.caseId);
  });

  it('never lets a canary client name out of the client item', async () => {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName: 'Zwitscherling', givenNames: 'Kanarienvogel', needs: { categories: ['language'] } }));
    const caseId = String(answer.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, record.caseManagerId ?? '', {
      needs: [{ category: 'language', serviceId: 'integrationskurs' }],
      consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: '2026-11-24' }],
    });
    expect(assessed.status).toBe(200);
    await h.waitForStage(caseId, 'referring');
    // The referral mail to the course provider carries the name in its body (consented, purpose-bound)…
    const referralMail = await eventually(() => h.outbox.list().find((m) => m.subject.includes(caseId) && m.subject.startsWith('Vermittlung')));
    expect(h.outbox.read(referralMail.messageId)?.toString('utf8')).toMatch(/Kanarienvogel/);
    // …but nowhere else: no execution input, output or history, no log line, no subject.
    for (const execution of executions()) {
      expect(JSON.stringify(execution)).not.toMatch(/Kanarienvogel|Zwitscherling/);
    }
    expect(logged.join('\n')).not.toMatch(/Kanarienvogel|Zwitscherling/);
    expect(h.outbox.list().map((m) => m.subject).join('\n')).not.toMatch(/Kanarienvogel|Zwitscherling/);
  });
});
