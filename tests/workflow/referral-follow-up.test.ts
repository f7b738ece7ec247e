/** Following a referral after it was sent: the service's silence (reminder, escalation) and a revoked consent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('referral follow-up', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A case with one referral to the language course, sent and waiting for the course provider's answer. */
  async function sentReferral(): Promise<{ caseId: string; referralId: string; manager: string; consentId: string }> {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    const caseId = String(answer.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = record.caseManagerId ?? '';
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
      needs: [{ category: 'language', serviceId: 'integrationskurs' }],
      consents: [{ serviceId: 'integrationskurs', form: 'electronic', givenAt: '2026-11-24' }],
    });
    const [referralId = ''] = assessed.body.referralIds as string[];
    await eventually(async () => ((await h.deps.referrals.getReferral(referralId))?.taskToken !== undefined ? true : undefined));
    const [consent] = await h.deps.cases.listConsents(caseId);
    return { caseId, referralId, manager, consentId: consent?.consentId ?? '' };
  }

  it('reminds a silent service after 10 working days and tells the coordination after 20', async () => {
    const { caseId, referralId } = await sentReferral();
    const service = h.profile.services.find((s) => s.id === 'integrationskurs')?.contact.email ?? '';
    const coordination = h.profile.district.coordination.contact.email;
    const reminders = () => h.outbox.list().filter((m) => m.recipients.includes(service) && m.subject === `Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${caseId}`);
    const escalations = () => h.outbox.list().filter((m) => m.recipients.includes(coordination) && m.subject === `Eskalation: Keine Rückmeldung zur Vermittlung – Fall ${caseId}`);

    await h.advanceAndSettle(13 * DAY); // 9 working days
    expect(reminders()).toHaveLength(0);
    await h.advanceAndSettle(2 * DAY); // 10 working days and more
    expect(reminders()).toHaveLength(1);
    expect(escalations()).toHaveLength(0);
    await h.advanceAndSettle(16 * DAY); // 20 working days and more (Christmas holidays on the way)
    expect(escalations()).toHaveLength(1);
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('sent'); // still followed, not dropped
  });

  it('stops a sent referral when the client revokes the consent it rested on', async () => {
    const { caseId, referralId, manager, consentId } = await sentReferral();
    const revoked = await h.api('POST', `/api/cases/${caseId}/consents/${consentId}/revoke`, manager);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ stoppedReferrals: [referralId] });
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('stopped');
    // The workflow's wait for that referral ends; with nothing else open the case goes to monitoring.
    await h.waitForStage(caseId, 'monitoring', 'closure');
    // Revoking again is idempotent (it was 409 before issue 13): the same answer, nothing changes.
    const repeated = await h.api('POST', `/api/cases/${caseId}/consents/${consentId}/revoke`, manager);
    expect(repeated.status).toBe(200);
    expect(repeated.body).toEqual({ stoppedReferrals: [referralId] });
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'completed' })).status).toBe(409);
  });

  it('settles a referral whose outcome came in while no one waited for it (the timer finds it settled)', async () => {
    const { caseId, referralId } = await sentReferral();
    // The outcome reached the referral, but its answer never reached the workflow (e.g. SendTaskSuccess failed).
    const referral = await h.deps.referrals.getReferral(referralId);
    if (referral === undefined) throw new Error('referral missing');
    await h.deps.referrals.updateReferral(referral, { status: 'completed' }, undefined, h.clock.now());
    await h.advanceAndSettle(30 * DAY); // the outcome wait times out (10 working days, holidays on the way); the timer sees it settled
    await h.waitForStage(caseId, 'monitoring', 'closure');
  });
});
