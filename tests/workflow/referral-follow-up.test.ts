/**
 * Following a referral after it was sent: the service's answer through the mail's signed link, its silence
 * (reminder, escalation) and a revoked consent.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

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

  /** The answer link of the referral mail the service got for this case. */
  async function answerLink(caseId: string): Promise<URL> {
    const mail = h.outbox.list().find((m) => m.subject === `Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${caseId}`);
    const parsed = await simpleParser(h.outbox.read(mail?.messageId ?? '') ?? Buffer.alloc(0));
    const href = /https?:\/\/\S+\/api\/referral-answer\?token=[A-Za-z0-9._%-]+/.exec(parsed.text ?? '')?.[0];
    if (href === undefined) throw new Error('no answer link in the referral mail');
    return new URL(href);
  }

  async function follow(link: URL): Promise<{ status: number; html: string }> {
    const response = await fetch(link);
    return { status: response.status, html: await response.text() };
  }

  async function answer(link: URL, fields: Record<string, string>, token = link.searchParams.get('token') ?? ''): Promise<{ status: number; html: string }> {
    const response = await fetch(new URL('/api/referral-answer', link), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, ...fields }).toString(),
    });
    return { status: response.status, html: await response.text() };
  }

  const answerEvents = async (caseId: string) => (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'referral-outcome' || e.kind === 'referral-appointment');

  it('lets the service decline through the link in its mail: following it records nothing, the coded answer ends the wait', async () => {
    const { caseId, referralId } = await sentReferral();
    const link = await answerLink(caseId);
    // A mail scanner following the link records nothing; the page names numbers, need and service, not the person.
    const page = await follow(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Rückmeldung zur Vermittlung');
    expect(page.html).toContain(referralId);
    expect(page.html).not.toMatch(/Haddad|Rana|1988/);
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('sent');
    expect(await answerEvents(caseId)).toEqual([]);

    const withoutCode = await answer(link, { outcome: 'declined' });
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.html).toContain('bei einer Ablehnung bitte den Grund wählen');
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('sent');

    const declined = await answer(link, { outcome: 'declined', reasonCode: 'no-capacity', reason: '' });
    expect(declined.status).toBe(200);
    expect(declined.html).toContain('Danke für Ihre Rückmeldung');
    expect(await h.deps.referrals.getReferral(referralId)).toMatchObject({ status: 'declined', outcomeReasonCode: 'no-capacity' });
    expect((await h.deps.referrals.getReferral(referralId))?.taskToken).toBeUndefined();
    expect(await answerEvents(caseId)).toEqual([expect.objectContaining({ actor: 'service:integrationskurs', details: { referralId, outcome: 'declined', reasonCode: 'no-capacity' } })]);
    // The workflow's wait ended: with nothing else open the case goes to monitoring.
    await h.waitForStage(caseId, 'monitoring', 'closure');
    const again = await answer(link, { outcome: 'declined', reasonCode: 'no-capacity' });
    expect(again.html).toContain('Bereits erfasst');
    expect(await answerEvents(caseId)).toHaveLength(1);
  });

  it('changes nothing for a tampered link', async () => {
    const { caseId, referralId } = await sentReferral();
    const link = await answerLink(caseId);
    const token = link.searchParams.get('token') ?? '';
    const [payload = '', signature = ''] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as object), x: 4_102_444_800 })).toString('base64url');
    for (const tampered of [`${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`, `${otherPayload}.${signature}`, 'kein-token']) {
      const page = await answer(link, { outcome: 'accepted' }, tampered);
      expect(page.status).toBe(400);
      expect(page.html).toContain('Link ungültig');
    }
    const followed = new URL(link);
    followed.searchParams.set('token', `${otherPayload}.${signature}`);
    expect((await follow(followed)).html).toContain('Link ungültig');
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('sent');
    expect(await answerEvents(caseId)).toEqual([]);
  });

  it('records one of 10 identical answers sent at once (the others: bereits erfasst), then the completion', async () => {
    const { caseId, referralId } = await sentReferral();
    const link = await answerLink(caseId);
    const pages = await Promise.all(Array.from({ length: 10 }, () => answer(link, { outcome: 'accepted', firstAppointment: '2027-01-12' })));
    expect(pages.map((p) => p.status)).toEqual(Array(10).fill(200));
    expect(pages.filter((p) => p.html.includes('Danke für Ihre Rückmeldung'))).toHaveLength(1);
    expect(pages.filter((p) => p.html.includes('Bereits erfasst'))).toHaveLength(9);
    expect(await h.deps.referrals.getReferral(referralId)).toMatchObject({ status: 'accepted', firstAppointment: '2027-01-12' });
    await h.waitForStage(caseId, 'monitoring', 'closure');

    const completed = await answer(link, { outcome: 'completed' });
    expect(completed.html).toContain('Danke für Ihre Rückmeldung');
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('completed');
    expect((await answerEvents(caseId)).map((e) => e.details?.outcome)).toEqual(['accepted', 'completed']);
    // Nothing more to answer; an answer that no longer fits changes nothing.
    expect((await follow(link)).html).toContain('Keine Rückmeldung mehr möglich');
    expect((await answer(link, { outcome: 'no-show' })).status).toBe(409);
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('completed');
  });

  it('takes a first appointment recorded by hand as the acceptance of a sent referral; a later one only moves the date', async () => {
    const { caseId, referralId, manager } = await sentReferral();
    const withoutDate = await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'appointment' });
    expect(withoutDate.body.errors).toEqual([{ field: 'firstAppointment', message: 'bitte das Datum des Ersttermins angeben' }]);
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'appointment', firstAppointment: '2027-01-12' })).body).toEqual({ referralId, status: 'accepted' });
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'appointment', firstAppointment: '2027-01-19' })).status).toBe(200);
    expect((await h.deps.referrals.getReferral(referralId))?.firstAppointment).toBe('2027-01-19');
    expect((await answerEvents(caseId)).map((e) => [e.kind, e.actor, e.details?.outcome])).toEqual([
      ['referral-outcome', manager, 'accepted'],
      ['referral-appointment', manager, undefined],
    ]);
  });

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
    // The reminder carries the same answer link (same referral, same expiry).
    const reminder = await simpleParser(h.outbox.read(reminders()[0]?.messageId ?? '') ?? Buffer.alloc(0));
    expect(reminder.text).toContain((await answerLink(caseId)).href);
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

  // Last: it moves the shared clock two months on.
  it('changes nothing for an expired link (60 days after the mail)', async () => {
    const { caseId, referralId } = await sentReferral();
    const link = await answerLink(caseId);
    await h.advanceAndSettle(61 * DAY);
    const page = await answer(link, { outcome: 'accepted' });
    expect(page.status).toBe(410);
    expect(page.html).toContain('Link abgelaufen');
    expect((await follow(link)).status).toBe(410);
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('sent');
    expect(await answerEvents(caseId)).toEqual([]);
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
