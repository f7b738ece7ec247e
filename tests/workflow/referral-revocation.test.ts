/**
 * Sending a referral exactly once, and revocation fenced against sending (issue 13), on the real ASL in the local
 * engine: revocations racing the referral sends they stop, a send waited for while its mail is in flight, and a
 * send retried after a crash between mailing and marking.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../core/mail/mail-message.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

const referralSubject = (caseId: string): string => `Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${caseId}`;
const noticeSubject = (referralId: string): string => `Einwilligung widerrufen: Vermittlung ${referralId} beendet`;

describe('referral sending and consent revocation', () => {
  const h = new WorkflowHarness();
  /** Every mail handed to the mailer, with the real time the hand-over began. */
  const mails: { subject: string; startedAt: number }[] = [];
  /** Every saved revocation, with the real time its transaction was issued. */
  const revocations = new Map<string, number>();
  /** Holds a mail before it goes out, when set for its subject. */
  const holds = new Map<string, Promise<void>>();
  /** Fails the mark of the send of this case's referral once, after its mail went out. */
  let crashBeforeMark: string | undefined;

  beforeAll(async () => {
    await h.start();
    const { mailer, referrals } = h.deps;
    const send = mailer.send.bind(mailer);
    mailer.send = async (mail: OutgoingMail) => {
      await holds.get(mail.subject);
      mails.push({ subject: mail.subject, startedAt: performance.now() });
      return send(mail);
    };
    const revoke = referrals.revokeConsent.bind(referrals);
    referrals.revokeConsent = async (...args) => {
      const issuedAt = performance.now();
      const saved = await revoke(...args);
      revocations.set(saved.caseId, issuedAt);
      return saved;
    };
    const update = referrals.updateReferral.bind(referrals);
    referrals.updateReferral = (expected, changes, event, now, gap) => {
      if (expected.caseId === crashBeforeMark && event?.kind === 'referral-sent') {
        crashBeforeMark = undefined;
        // What a crash of the step between the mail and its mark looks like to the ASL: a failure a retry may fix.
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $retryable: { throttling: true },
        });
      }
      return update(expected, changes, event, now, gap);
    };
  });
  afterAll(async () => {
    await h.stop();
  });

  async function awaitingAssessment(): Promise<{ caseId: string; manager: string }> {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    const caseId = String(answer.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    return { caseId, manager: record.caseManagerId ?? '' };
  }

  async function assess(caseId: string, manager: string): Promise<{ referralId: string; consentId: string }> {
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
      needs: [{ category: 'language', serviceId: 'integrationskurs' }],
      consents: [{ serviceId: 'integrationskurs', form: 'electronic', givenAt: '2026-11-24' }],
    });
    expect(assessed.status).toBe(200);
    const [referralId = ''] = assessed.body.referralIds as string[];
    const [consent] = await h.deps.cases.listConsents(caseId);
    return { referralId, consentId: consent?.consentId ?? '' };
  }

  const sent = (subject: string) => mails.filter((m) => m.subject === subject);
  const revoke = (caseId: string, consentId: string, manager: string) => h.api('POST', `/api/cases/${caseId}/consents/${consentId}/revoke`, manager);

  it('50 revocations racing 50 referral sends: no 5xx, nothing sent after a revocation, every referral stopped, the service told once', async () => {
    const cases: { caseId: string; manager: string }[] = [];
    // Set up in batches: only the race itself needs to be concurrent.
    for (let batch = 0; batch < 5; batch += 1) cases.push(...(await Promise.all(Array.from({ length: 10 }, () => awaitingAssessment()))));
    const raced = await Promise.all(
      cases.map(async ({ caseId, manager }, i) => {
        // The assessment releases the workflow, which sends at once. A third of the revocations follow at once
        // (mostly before the send's claim), a third once the claim is seen (while its mail is out, or just after),
        // a third once the referral is marked sent — all while the other cases' sends and revocations run.
        const { referralId, consentId } = await assess(caseId, manager);
        const moment = i % 3;
        if (moment > 0) {
          await eventually(async () => {
            const referral = await h.deps.referrals.getReferral(referralId);
            if (referral === undefined) return undefined;
            const claimed = referral.sendClaimedAt !== undefined || referral.status !== 'planned';
            return (moment === 1 ? claimed : referral.status !== 'planned') ? true : undefined;
          }, 30_000);
        }
        return { caseId, manager, referralId, consentId, answer: await revoke(caseId, consentId, manager) };
      }),
    );

    for (const { answer, referralId } of raced) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ stoppedReferrals: [referralId] });
    }
    // Every workflow settles its referral (held, or stopped and the service told) and moves on.
    await Promise.all(raced.map(({ caseId }) => h.waitForStage(caseId, 'monitoring', 'closure')));

    const outcomes = { held: 0, stopped: 0 };
    for (const { caseId, referralId } of raced) {
      const referral = await h.deps.referrals.getReferral(referralId);
      const revokedAt = revocations.get(caseId);
      expect(revokedAt).toBeDefined();
      const referralMails = sent(referralSubject(caseId));
      const history = (await h.deps.cases.listEvents(caseId)).filter((e) => e.details?.referralId === referralId).map((e) => e.kind);
      expect(history).toContain('referral-stopped');
      if (referral?.status === 'held-no-consent') {
        outcomes.held += 1;
        expect(referralMails).toHaveLength(0);
        expect(sent(noticeSubject(referralId))).toHaveLength(0);
      } else {
        outcomes.stopped += 1;
        expect(referral?.status).toBe('stopped');
        expect(referralMails).toHaveLength(1);
        // The mail was handed over before the revocation's transaction was even issued.
        expect(referralMails[0]?.startedAt).toBeLessThan(revokedAt ?? 0);
        expect(sent(noticeSubject(referralId))).toHaveLength(1);
        expect(history.filter((kind) => kind === 'referral-service-told')).toHaveLength(1);
        expect(referral?.serviceToldAt).toBeDefined();
      }
    }
    expect(outcomes.held + outcomes.stopped).toBe(50);
    console.info(`revocation race: ${outcomes.held} held before sending, ${outcomes.stopped} stopped after sending`);

    // Revoking again, all at once: the same answers, and no one is told twice.
    const repeated = await Promise.all(raced.map(({ caseId, consentId, manager }) => revoke(caseId, consentId, manager)));
    expect(repeated.map((a) => a.status)).toEqual(raced.map(() => 200));
    expect(repeated.map((a) => a.body)).toEqual(raced.map(({ answer }) => answer.body));
    for (const { referralId } of raced) expect(sent(noticeSubject(referralId)).length).toBeLessThanOrEqual(1);
  }, 180_000);

  it('waits for a referral mail in flight, then stops the referral and tells the service', async () => {
    const { caseId, manager } = await awaitingAssessment();
    let release = (): void => undefined;
    holds.set(referralSubject(caseId), new Promise<void>((resolve) => (release = resolve)));
    const { referralId, consentId } = await assess(caseId, manager);
    // The send is claimed and its mail held at the mailer: the revocation must not be saved before it is out.
    await eventually(async () => ((await h.deps.referrals.getReferral(referralId))?.sendClaimedAt !== undefined ? true : undefined));
    let answered = false;
    const revoking = revoke(caseId, consentId, manager).then((answer) => {
      answered = true;
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    expect(revocations.has(caseId)).toBe(false);
    holds.delete(referralSubject(caseId));
    release();

    const answer = await revoking;
    expect(answer).toEqual({ status: 200, body: { stoppedReferrals: [referralId] } });
    expect(sent(referralSubject(caseId))[0]?.startedAt).toBeLessThan(revocations.get(caseId) ?? 0);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('stopped');
    expect(sent(noticeSubject(referralId))).toHaveLength(1);
  }, 30_000);

  it('sends one mail when the send is retried after a crash between mailing and marking', async () => {
    const { caseId, manager } = await awaitingAssessment();
    crashBeforeMark = caseId;
    const { referralId } = await assess(caseId, manager);
    // The retry finds the claim, does not send again, and the referral waits for the service's answer.
    const waiting = await eventually(async () => {
      const referral = await h.deps.referrals.getReferral(referralId);
      return referral?.taskToken === undefined ? undefined : referral;
    });
    expect(crashBeforeMark).toBeUndefined(); // the crash did happen
    expect(waiting.status).toBe('sent');
    expect(waiting.sentAt).toBe(waiting.sendClaimedAt);
    expect(sent(referralSubject(caseId))).toHaveLength(1);
    expect(h.outbox.list().filter((m) => m.subject === referralSubject(caseId))).toHaveLength(1);
    const history = (await h.deps.cases.listEvents(caseId)).map((e) => e.kind);
    expect(history).toContain('referral-sent-unconfirmed');
    expect(history).not.toContain('referral-sent');

    const arn = `arn:aws:states:eu-central-1:000000000000:execution:intake-to-referral:${caseId}-1`;
    const failures = h.engine.describeExecution(arn).history.filter((e) => e.type === 'TaskFailed');
    expect(failures.map((e) => (e.taskFailedEventDetails as { error: string }).error)).toEqual(['KimTransientError']);
  }, 30_000);

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
