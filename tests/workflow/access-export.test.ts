/**
 * The right of access and the data protection officer's audit view, on the real intake-to-referral ASL in the local
 * engine through the API against DynamoDB Local: a case with two referrals sent, contacts, a goal and notes is
 * exported — every recipient with the fields its mail carried and when, the read audit with names and roles — and
 * the export is itself audited; only the case's case manager and the coordination may export. The officer's audit
 * answers by person, by case and by period, a page of at most 50 at a time over more than 50 events, newest first,
 * without client data; nobody else may read it, and a period must be given and be at most twelve months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessExport } from '../../core/privacy/access-export.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import type { AuditAnswer, AuditEntry } from '../../core/privacy/audit-log.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const CANARY = 'Kanarienfeld';
const SERVICES = ['integrationskurs', 'kita-platzvergabe'];

describe('the access export and the audit view', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const coordinator = () => h.staff('coordinator');
  const dpo = () => h.staff('dpo');
  const audit = async (query: Record<string, string>, as = 'dpo') => h.api('GET', `/api/audit?${new URLSearchParams(query).toString()}`, as);

  /** A case with both referrals sent on written consents, two contacts, a goal, an ordinary and a psychosocial note. */
  async function documentedCase(): Promise<{ caseId: string; manager: string }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName: CANARY, phone: '+49 2421 55555' }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
      needs: [
        { category: 'language', serviceId: 'integrationskurs' },
        { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
      ],
      consents: SERVICES.map((serviceId) => ({ serviceId, form: 'written', givenAt: '2026-11-24' })),
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    const referralIds = assessed.body.referralIds as string[];
    await eventually(async () => {
      const referrals = await Promise.all(referralIds.map((id) => h.deps.referrals.getReferral(id)));
      return referrals.every((r) => r?.status === 'sent') ? true : undefined;
    });
    const contact = { date: '2026-11-24', durationMinutes: 45, form: 'in-person', needCategories: ['language'] };
    for (const body of [contact, { ...contact, form: 'phone', durationMinutes: 15 }]) expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, body)).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: 'Integrationskurs beginnen', needCategory: 'language', targetDate: '2027-02-01' })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'ordinary', text: 'Unterlagen angefragt.' })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'psychosocial', text: 'Schlafstörungen besprochen.' })).status).toBe(201);
    return { caseId, manager };
  }

  it('exports every recipient with its fields and date and the read audit, and audits the export itself', async () => {
    const { caseId, manager } = await documentedCase();
    expect((await h.api('GET', `/api/cases/${caseId}`, coordinator().id)).status).toBe(200);
    // The manual clock stands still otherwise: a second later, so the export is the newest read.
    await h.clock.advance(1000);

    const exported = await h.api('GET', `/api/cases/${caseId}/export`, manager);
    expect(exported.status, JSON.stringify(exported.body)).toBe(200);
    const data = exported.body as unknown as AccessExport;

    const referrals = await h.deps.referrals.listReferrals(caseId);
    const sentEvents = (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'referral-sent');
    expect(data.disclosures.map((d) => d.recipient.serviceId).sort()).toEqual([...SERVICES].sort());
    for (const disclosure of data.disclosures) {
      const service = h.profile.services.find((s) => s.id === disclosure.recipient.serviceId);
      const referral = referrals.find((r) => r.serviceId === service?.id);
      expect(disclosure).toMatchObject({ confirmed: true, at: referral?.sentAt, referralId: referral?.referralId, recipient: { name: service?.name, email: service?.contact.email } });
      // The fields are the workflow's own record of the mail, and only those the service's purpose allows.
      const sent = sentEvents.find((e) => e.details?.serviceId === service?.id);
      expect(disclosure.fields.map((f) => f.field).join(',')).toBe(sent?.details?.fields);
      expect(disclosure.fields.every((f) => (service?.dataFields as readonly string[] | undefined)?.includes(f.field))).toBe(true);
      expect(disclosure.fields.length).toBeGreaterThan(0);
    }
    expect(data.client?.familyName).toBe(CANARY);
    expect(data.contacts).toHaveLength(2);
    expect(data.goals).toHaveLength(1);
    expect(data.notes.map((n) => n.level).sort()).toEqual(['ordinary', 'psychosocial']);
    expect(data.consents).toHaveLength(2);
    expect(data.withheld).toEqual([]);

    const coordinatorRead = data.reads.find((r) => r.kind === 'case-read' && r.by.id === coordinator().id);
    expect(coordinatorRead?.by).toEqual({ id: coordinator().id, name: coordinator().name, role: 'Koordination' });
    expect(data.reads.at(-1)).toMatchObject({ kind: 'person-exported', by: { id: manager, role: 'Case-Management' } });
    const history = await h.deps.cases.listEvents(caseId);
    expect(history.filter((e) => e.kind === 'person-exported')).toEqual([expect.objectContaining({ actor: manager, details: { format: 'json' } })]);

    // The printable page asks for the same content; the coordination may export too (without psychosocial notes).
    expect((await h.api('GET', `/api/cases/${caseId}/export?format=document`, manager)).status).toBe(200);
    const byCoordination = await h.api('GET', `/api/cases/${caseId}/export`, coordinator().id);
    expect(byCoordination.status).toBe(200);
    expect((byCoordination.body as unknown as AccessExport).notes.map((n) => n.level)).toEqual(['ordinary']);
    expect((await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'person-exported').map((e) => String(e.details?.format)).sort()).toEqual(['document', 'json', 'json']);

    // Not the data protection officer (who never sees client data), not intake, not another case manager.
    expect((await h.api('GET', `/api/cases/${caseId}/export`, dpo().id)).status).toBe(403);
    expect((await h.api('GET', `/api/cases/${caseId}/export`, 'intake')).status).toBe(403);
    // Twelve exports at once by both who may: each answered in full, each audited once.
    const before = (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'person-exported').length;
    const concurrent = await Promise.all(Array.from({ length: 12 }, (_, i) => h.api('GET', `/api/cases/${caseId}/export`, i % 2 === 0 ? manager : coordinator().id)));
    expect(concurrent.map((a) => a.status)).toEqual(Array<number>(12).fill(200));
    expect(concurrent.every((a) => (a.body as unknown as AccessExport).disclosures.length === 2)).toBe(true);
    expect((await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'person-exported')).toHaveLength(before + 12);

    // The officer's role reads nothing of a person anywhere: every other read of the API refuses it (the meetings
    // of the committees hold members and agendas, never a client, and are for every signed-in person).
    const notAboutClients = new Set(['audit-log', 'processing-record', 'restrict-case', 'meetings-api']);
    const reads = API_ROUTES.filter((r) => r.method === 'GET' && r.public !== true && !notAboutClients.has(r.functionName));
    expect(reads.length).toBeGreaterThan(10);
    for (const route of reads) {
      const path = route.path.replace('{id}', route.path.startsWith('/api/staff/') ? manager : caseId);
      // A valid query where one is required, so the refusal is the role's, not the input's.
      const query = route.path.endsWith('/consent-form') ? '?service=integrationskurs' : '';
      expect([route.path, (await h.api('GET', `${path}${query}`, dpo().id)).status]).toEqual([route.path, 403]);
    }
    expect((await h.api('POST', '/api/case-search', dpo().id, { familyName: CANARY, dateOfBirth: '02.03.1988' })).status).toBe(403);
    const other = h.staff('casemanager', (s) => s.id !== manager);
    expect((await h.api('GET', `/api/cases/${caseId}/export`, other.id)).status).toBe(403);
    expect((await h.api('GET', `/api/cases/${caseId}/export?format=pdf`, manager)).body.errors).toEqual([{ field: 'format', message: 'muss „json“ oder „document“ sein' }]);
  });

  it('answers the officer by person, case and period, a page at a time, without client data; nobody else', async () => {
    const { caseId, manager } = await documentedCase();
    const reader = coordinator().id;
    const from = h.clock.now().toISOString().slice(0, 10);
    // 55 reads by the coordination, a second apart, the last ones in the next month.
    for (let i = 0; i < 55; i += 1) {
      if (i === 50) await h.clock.advance(8 * 24 * 60 * 60 * 1000);
      expect((await h.api('GET', `/api/cases/${caseId}`, reader)).status).toBe(200);
      await h.clock.advance(1000);
    }
    const to = h.clock.now().toISOString().slice(0, 10);
    expect(from.slice(0, 7)).not.toBe(to.slice(0, 7));

    /** Every page of a query, following the cursor. */
    const all = async (query: Record<string, string>): Promise<{ entries: AuditEntry[]; pages: number }> => {
      const entries: AuditEntry[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const answer = await audit({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const page = answer.body as unknown as AuditAnswer;
        expect(page.entries.length).toBeLessThanOrEqual(50);
        entries.push(...page.entries);
        cursor = page.next;
        pages += 1;
      } while (cursor !== undefined);
      return { entries, pages };
    };
    const newestFirst = (entries: readonly AuditEntry[]) => entries.every((e, i) => i === 0 || (entries[i - 1]?.at ?? '') >= e.at);

    const byPerson = await all({ actor: reader, case: caseId, from, to });
    expect(byPerson.entries).toHaveLength(55);
    expect(byPerson.pages).toBe(2);
    expect(newestFirst(byPerson.entries)).toBe(true);
    expect(new Set(byPerson.entries.map((e) => e.at)).size).toBe(55);
    expect(byPerson.entries[0]).toMatchObject({ caseId, kind: 'case-read', kindLabel: 'Fall angesehen', by: { id: reader, name: coordinator().name, role: 'Koordination' } });

    // By person alone (gsi2) the same reads, and by case the manager's work too, never the workflow's own steps.
    expect((await all({ actor: reader, from, to })).entries.filter((e) => e.caseId === caseId)).toHaveLength(55);
    const byCase = await all({ case: caseId, from, to });
    expect(byCase.entries.some((e) => e.by.id === manager && e.kind === 'note-written' && e.kindLabel === 'Notiz geschrieben')).toBe(true);
    expect(byCase.entries.some((e) => e.by.id === 'system')).toBe(false);
    expect(byCase.entries).toHaveLength(55 + (await h.deps.cases.listEvents(caseId)).filter((e) => e.actor !== 'system' && e.actor !== reader).length);

    // By period only: the month partitions, newest first across the month boundary.
    const byPeriod = await all({ from, to });
    expect(byPeriod.entries.filter((e) => e.caseId === caseId && e.by.id === reader)).toHaveLength(55);
    expect(newestFirst(byPeriod.entries)).toBe(true);
    const onlyFirstMonth = await all({ case: caseId, from, to: `${from.slice(0, 7)}-30` });
    expect(onlyFirstMonth.entries.filter((e) => e.by.id === reader)).toHaveLength(50);

    // Nothing of the person, anywhere in the answers.
    expect(JSON.stringify([byPerson, byCase, byPeriod])).not.toContain(CANARY);

    for (const as of [manager, reader, 'intake', 'admin']) expect((await audit({ from, to }, as)).status).toBe(403);
    expect((await h.api('GET', '/api/audit/staff', reader)).status).toBe(403);
    const staff = await h.api('GET', '/api/audit/staff', dpo().id);
    expect((staff.body.staff as { id: string }[]).map((s) => s.id)).toContain(reader);

    const tooLong = await audit({ from: '2026-01-01', to: '2027-01-01' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([{ field: 'to', message: 'der Zeitraum darf höchstens 12 Monate umfassen' }]);
    expect((await audit({ from: '2026-01-01', to: '2026-12-31' })).status).toBe(200);
    const noPeriod = await audit({ case: caseId });
    expect(noPeriod.status).toBe(400);
    expect((noPeriod.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['from', 'to']);
    expect((await audit({ from, to, cursor: 'abc' })).body.errors).toEqual([{ field: 'cursor', message: 'ist keine gültige Fortsetzung dieser Liste' }]);
    // A cursor of one person's list is not a continuation of another's.
    const first = (await audit({ actor: reader, from, to })).body as unknown as AuditAnswer;
    expect((await audit({ actor: manager, from, to, cursor: first.next ?? '' })).status).toBe(400);
  });
});
