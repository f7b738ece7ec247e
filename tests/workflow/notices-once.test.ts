/**
 * The workflow's notices go out at most once (core/mail/notice-ledger.ts): a step that dies after its mail and before
 * recording it is retried without mailing again (the history says the mail is unconfirmed when the claim was not yet
 * marked sent, and sent when it was), a mail the mailer
 * refused is sent by the retry, and concurrent runs of one step mail once. The steps run against the real table and
 * the local SES outbox; the cases are put straight into the table (no execution), so nothing but the test runs them.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFromIntake, newCaseId, type CaseRecord } from '../../core/cases/case.ts';
import type { CaseRepository } from '../../core/cases/ports.ts';
import { intakeSchema } from '../../core/intake/intake-schema.ts';
import type { Mailer } from '../../core/mail/mail-message.ts';
import type { NoticeLedger } from '../../core/mail/notice-ledger.ts';
import type { CaseRecordRepository } from '../../core/counselling/ports.ts';
import type { GoalRecord } from '../../core/counselling/record.ts';
import { assessmentTimer } from '../../core/workflow/assessment-timer.ts';
import { monitoringTimer } from '../../core/workflow/monitoring-timer.ts';
import { assignCaseManager } from '../../core/workflow/assign-case-manager.ts';
import { notifyCaseManager } from '../../core/workflow/notify-case-manager.ts';
import { parkCase } from '../../core/workflow/park-case.ts';
import { triageCase } from '../../core/workflow/triage-case.ts';
import type { Dependencies } from '../../functions/_shared/dependencies/all.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const DAY = 86_400_000;

describe('workflow notices, at most once', () => {
  const h = new WorkflowHarness();

  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A case straight into the table, in stage intake. */
  async function seedCase(overrides: Record<string, unknown> = {}): Promise<string> {
    const now = h.clock.now();
    const { duplicateConfirmed: _confirmed, ...raw } = intakeFor(overrides);
    const intake = intakeSchema({ profile: h.profile, today: now.toISOString().slice(0, 10) }).parse(raw);
    const { case: record, client } = caseFromIntake(newCaseId(now), intake, 'lena-hoffmann', now);
    await h.deps.cases.createCase({ case: record, client, idempotency: { keyHash: randomUUID(), requestHash: randomUUID(), expiresAt: Math.floor(now.getTime() / 1000) + 86_400 } });
    return record.caseId;
  }

  /** The step dies after its mail: its case write never happens (the process ends there). */
  const crashingAtWrite = (): Dependencies => ({
    ...h.deps,
    cases: Object.create(h.deps.cases, { updateCase: { value: () => Promise.reject(new Error('Prozess beendet')) } }) as CaseRepository,
  });
  /** The step dies after its mail, before even marking its claim sent. */
  const crashingBeforeMark = (): Dependencies => ({
    ...crashingAtWrite(),
    notices: Object.create(h.deps.notices, { markSent: { value: () => Promise.reject(new Error('Prozess beendet')) } }) as NoticeLedger,
  });
  const refusingMailer = (): Dependencies => ({ ...h.deps, mailer: { send: () => Promise.reject(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' })) } satisfies Mailer });

  const mailsAbout = (caseId: string, subject: (s: string) => boolean) => h.outbox.list().filter((mail) => mail.subject.includes(caseId) && subject(mail.subject));
  const eventsOf = async (caseId: string, kind: string) => (await h.deps.cases.listEvents(caseId)).filter((event) => event.kind === kind);

  async function assignedCase(): Promise<string> {
    const caseId = await seedCase();
    await triageCase(h.deps, caseId);
    expect(await assignCaseManager(h.deps, caseId)).toEqual({ assigned: true });
    return caseId;
  }

  it('does not tell the case manager twice when the step died after the mail; the history says it is unconfirmed', async () => {
    const caseId = await assignedCase();
    await expect(notifyCaseManager(crashingBeforeMark(), caseId)).rejects.toThrow('Prozess beendet');
    expect(mailsAbout(caseId, (s) => s.startsWith('Neuer Fall'))).toHaveLength(1);

    await notifyCaseManager(h.deps, caseId);
    await notifyCaseManager(h.deps, caseId);
    expect(mailsAbout(caseId, (s) => s.startsWith('Neuer Fall'))).toHaveLength(1);
    const record: CaseRecord = await h.case(caseId);
    expect(record.stage).toBe('awaiting-assessment');
    const [notified, ...more] = await eventsOf(caseId, 'case-manager-notified');
    expect(more).toHaveLength(0);
    expect(notified?.details).toMatchObject({ mail: 'unconfirmed' });
  });

  it('records the notice as sent when the step died after marking its claim', async () => {
    const caseId = await assignedCase();
    await expect(notifyCaseManager(crashingAtWrite(), caseId)).rejects.toThrow('Prozess beendet');
    await notifyCaseManager(h.deps, caseId);
    expect(mailsAbout(caseId, (s) => s.startsWith('Neuer Fall'))).toHaveLength(1);
    const [notified, ...more] = await eventsOf(caseId, 'case-manager-notified');
    expect(more).toHaveLength(0);
    expect(notified?.details).toEqual({ caseManagerId: (await h.case(caseId)).caseManagerId });
  });

  it('sends the notice on the retry when the mailer refused it, and then records it as sent', async () => {
    const caseId = await assignedCase();
    await expect(notifyCaseManager(refusingMailer(), caseId)).rejects.toThrow('not verified');
    expect(mailsAbout(caseId, (s) => s.startsWith('Neuer Fall'))).toHaveLength(0);

    await notifyCaseManager(h.deps, caseId);
    expect(mailsAbout(caseId, (s) => s.startsWith('Neuer Fall'))).toHaveLength(1);
    const [notified] = await eventsOf(caseId, 'case-manager-notified');
    expect(notified?.details?.mail).toBeUndefined();
  });

  it('mails once when 20 runs of the step race on one case', async () => {
    const caseId = await assignedCase();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => notifyCaseManager(h.deps, caseId)));
    expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
    expect(mailsAbout(caseId, (s) => s.startsWith('Neuer Fall'))).toHaveLength(1);
    expect(await eventsOf(caseId, 'case-manager-notified')).toHaveLength(1);
  });

  it('reports a gap at triage to the coordination once across a crash', async () => {
    const caseId = await seedCase({ municipalityId: 'juelich', requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } });
    const coordination = h.profile.district.coordination.contact.email;
    const gapMails = () => h.outbox.list().filter((mail) => mail.recipients.includes(coordination) && mail.subject.startsWith('Bedarfs-/Lückenmeldung'));
    const before = gapMails().length;
    await expect(triageCase(crashingBeforeMark(), caseId)).rejects.toThrow('Prozess beendet');
    await triageCase(h.deps, caseId);
    expect(gapMails().length - before).toBe(1);
    const [triaged] = await eventsOf(caseId, 'triaged');
    expect(triaged?.details).toMatchObject({ eligible: false, mail: 'unconfirmed' });
  });

  it('reminds and escalates an overdue assessment once each across crashes', async () => {
    const caseId = await assignedCase();
    await notifyCaseManager(h.deps, caseId);
    await h.clock.advance(30 * DAY); // past the reminder and the escalation (working days)
    await expect(assessmentTimer(crashingAtWrite(), caseId)).rejects.toThrow('Prozess beendet');
    await assessmentTimer(h.deps, caseId);
    await assessmentTimer(h.deps, caseId);
    expect(mailsAbout(caseId, (s) => s.startsWith('Erinnerung'))).toHaveLength(1);
    expect(mailsAbout(caseId, (s) => s.startsWith('Eskalation'))).toHaveLength(1);
    // The reminder's claim was marked before the crash, the escalation's attempt was the retry's: both confirmed.
    expect((await eventsOf(caseId, 'assessment-reminder-sent'))[0]?.details?.mail).toBeUndefined();
    expect((await eventsOf(caseId, 'assessment-escalated'))[0]?.details?.mail).toBeUndefined();
  });

  it('tells the coordination once about a parked case, however often the step is run again', async () => {
    const caseId = await seedCase();
    const parkedMails = () => mailsAbout(caseId, (s) => s.startsWith('Technische Störung'));
    await parkCase(h.deps, caseId, 'KimTransientError');
    await parkCase(h.deps, caseId, 'KimTransientError');
    await Promise.all(Array.from({ length: 10 }, () => parkCase(h.deps, caseId, 'KimTransientError')));
    expect(parkedMails()).toHaveLength(1);

    // Parked again after "Fortsetzen": a new occasion, a new mail.
    const parked = await h.case(caseId);
    await h.deps.cases.updateCase(parked, { attention: undefined }, undefined, h.clock.now());
    await h.clock.advance(60_000);
    await parkCase(h.deps, caseId, 'KimTransientError');
    expect(parkedMails()).toHaveLength(2);
  });

  it('reminds of overdue goals once per goal and target date across a crash; a goal due later gets its own mail', async () => {
    const caseId = await assignedCase();
    const now = h.clock.now().toISOString();
    const goal = (goalId: string, targetDate: string): GoalRecord => ({ goalId, caseId, version: 1, text: 'Sprachkurs anmelden', needCategory: 'language', targetDate, status: 'open', createdAt: now, createdBy: 'x', updatedAt: now });
    const add = (record: GoalRecord) => h.deps.records.addGoal(record, { kind: 'goal-added', actor: 'test', details: { goalId: record.goalId } }, []);
    const today = now.slice(0, 10);
    await add(goal('Z01', today));
    await add(goal('Z02', today));
    await add(goal('Z03', new Date(h.clock.now().getTime() + 20 * DAY).toISOString().slice(0, 10)));
    const reminders = () => mailsAbout(caseId, (s) => s.startsWith('Erinnerung: Ziele'));
    await h.clock.advance(7 * DAY);

    const crashing: Dependencies = { ...h.deps, records: Object.create(h.deps.records, { updateGoal: { value: () => Promise.reject(new Error('Prozess beendet')) } }) as CaseRecordRepository };
    await expect(monitoringTimer(crashing, caseId)).rejects.toThrow('Prozess beendet');
    await monitoringTimer(h.deps, caseId);
    await monitoringTimer(h.deps, caseId);
    expect(reminders()).toHaveLength(1);
    const marked = (await h.deps.records.listGoals(caseId)).filter((g) => g.reminderSentAt !== undefined).map((g) => g.goalId);
    expect(marked.sort()).toEqual(['Z01', 'Z02']);

    await h.clock.advance(30 * DAY);
    await monitoringTimer(h.deps, caseId);
    expect(reminders()).toHaveLength(2);
    const texts = await Promise.all(reminders().map(async (mail) => (await simpleParser(h.outbox.read(mail.messageId) ?? Buffer.alloc(0))).text ?? ''));
    // The outbox lists in its own order: the later mail is the one that names Z03, and it names nothing else.
    const later = texts.filter((text) => text.includes('Ziel Z03'));
    expect(later).toHaveLength(1);
    expect(later[0]).not.toContain('Ziel Z01');
    expect(later[0]).not.toContain('Ziel Z02');
  });
});
