/**
 * Issue 8, the acceptance test: gap reports travel to the committees. On the real system (local engine, DynamoDB
 * Local, outbox): a need without a service in one case and psychosocial counselling asked for in Jülich in another
 * produce gap reports; the case manager also reports the housing gap by hand; a coordinator checks the text,
 * merges the workflow's report into it and routes it to the AK „Migration“; the reconciler's next run sends the
 * members the invitation UPDATE (same UID, higher SEQUENCE) carrying the agenda item; the body's outcome is recorded
 * and the case manager who raised it sees it under "Meine Meldungen".
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapReport } from '../../core/cases/gap-report.ts';
import type { GapReportList } from '../../core/casework/list-gap-reports.ts';
import { reconcileAll } from '../../core/meetings/reconcile-all.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const AK = 'ak-migration';

interface CalendarMail {
  readonly to: string;
  readonly method?: string;
  readonly uid?: string;
  readonly sequence?: number;
  readonly description: string;
  readonly html: string;
}

describe('gap reports travel to the committees', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function calendarMails(): Promise<CalendarMail[]> {
    return Promise.all(
      h.outbox.list().map(async (entry) => {
        const parsed = await simpleParser(h.outbox.read(entry.messageId) ?? Buffer.alloc(0));
        // Unfolded (RFC 5545 3.1) before reading properties.
        const ics = (parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? '').replace(/\r?\n[ \t]/g, '');
        const field = (name: string): string | undefined => new RegExp(`^${name}[:;](?:[^:\\r\\n]*:)?(.*)$`, 'm').exec(ics)?.[1]?.trim();
        const method = field('METHOD');
        const uid = field('UID');
        const sequence = field('SEQUENCE');
        return {
          to: entry.recipients.join(','),
          ...(method === undefined ? {} : { method }),
          ...(uid === undefined ? {} : { uid }),
          ...(sequence === undefined ? {} : { sequence: Number(sequence) }),
          description: (field('DESCRIPTION') ?? '').replaceAll('\\n', '\n').replaceAll('\\,', ',').replaceAll('\\;', ';'),
          html: typeof parsed.html === 'string' ? parsed.html : '',
        };
      }),
    );
  }
  const list = async (as: string, query = ''): Promise<GapReport[]> => {
    const answer = await h.api('GET', `/api/gap-reports${query}`, as);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body as unknown as GapReportList).gapReports as GapReport[];
  };
  const review = (id: string, body: Record<string, unknown>) => h.api('POST', `/api/gap-reports/${id}/review`, 'coordinator', body);

  it('routes a case manager’s checked report to the AK „Migration“, sends the update and shows the outcome to its author', async () => {
    // The meetings of the coming year exist (the reconciler materialises its horizon).
    await reconcileAll(h.deps);

    // Psychosocial counselling asked for in Jülich, where it is not offered: a gap report from triage.
    const juelich = await h.api('POST', '/api/intakes', 'intake', intakeFor({ municipalityId: 'juelich', requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } }));
    expect(juelich.status, JSON.stringify(juelich.body)).toBe(202);
    // A housing need in Kreuzau with no service for it: a gap report when the referral cannot be sent.
    const kreuzau = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['housing'] } }));
    const caseId = String(kreuzau.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = record.caseManagerId ?? '';
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, { needs: [{ category: 'housing' }], consents: [] });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    const workflowReports = await eventually(async () => {
      const all = await list('coordinator');
      return all.some((r) => r.reason === 'no-service-for-need') && all.some((r) => r.reason === 'focus-area-not-offered') ? all : undefined;
    }, 15_000);
    const noService = workflowReports.find((r) => r.reason === 'no-service-for-need');
    expect(noService).toMatchObject({ municipalityId: 'kreuzau', needCategory: 'housing', status: 'new', source: 'workflow' });
    expect(workflowReports.find((r) => r.reason === 'focus-area-not-offered')).toMatchObject({ municipalityId: 'juelich', focusArea: 'psychosocial' });

    // The case manager reports the gap by hand, with a text — never a case number.
    const withCase = await h.api('POST', '/api/gap-reports', manager, { reason: 'no-service-for-need', municipalityId: 'kreuzau', needCategory: 'housing', text: `Siehe ${caseId}` });
    expect(withCase.status).toBe(400);
    expect(withCase.body.errors).toEqual([{ field: 'text', message: 'darf keine Fallnummer enthalten (die Meldung bleibt ohne Bezug zu einem Fall)' }]);
    const raised = await h.api('POST', '/api/gap-reports', manager, {
      reason: 'no-service-for-need',
      municipalityId: 'kreuzau',
      needCategory: 'housing',
      text: 'Für Familien mit mehreren Kindern gibt es in Kreuzau keine Wohnungsberatung; Frau M. wartet seit Wochen.',
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const own = raised.body as unknown as GapReport;
    expect(own).toMatchObject({ status: 'new', source: 'case-manager', raisedBy: manager, count: 1, version: 1 });
    expect(JSON.stringify(own)).not.toContain(caseId);

    // Not routable before its text is checked.
    const early = await review(own.gapReportId, { action: 'route', bodyId: AK });
    expect(early.status).toBe(409);
    // Checked: the name is taken out of the text.
    const accepted = await review(own.gapReportId, { action: 'accept', version: 1, text: 'Für Familien mit mehreren Kindern gibt es in Kreuzau keine Wohnungsberatung; Betroffene warten seit Wochen.' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // The workflow's report of the same gap is merged into it: the counts add up.
    const merged = await review(noService?.gapReportId ?? '', { action: 'merge', targetId: own.gapReportId });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.gapReport).toMatchObject({ status: 'merged', mergedInto: own.gapReportId });
    expect(merged.body.target).toMatchObject({ count: 2, status: 'accepted' });

    // Four weeks before the AK meets (11 March 2027) its invitations go out.
    await h.clock.advance(Date.parse('2027-02-15T08:00:00Z') - h.clock.now().getTime());
    await reconcileAll(h.deps);
    const meetingId = `${AK}-2027-03-11`;
    const ofMeeting = (mails: CalendarMail[]) => mails.filter((m) => m.uid?.startsWith(`${meetingId}@`) === true);
    const invitations = ofMeeting(await calendarMails());
    const members = h.demo.members.filter((m) => m.bodyId === AK && m.from <= '2027-03-11' && (m.to === undefined || m.to >= '2027-03-11'));
    expect(members.length).toBeGreaterThan(0);
    expect(invitations.map((m) => m.to).sort()).toEqual(members.map((m) => m.email).sort());
    expect(invitations.every((m) => m.method === 'REQUEST' && m.sequence === 0 && !m.description.includes('Bedarfsmeldung'))).toBe(true);

    // Routed to the AK: an agenda item on its next scheduled meeting.
    const routed = await review(own.gapReportId, { action: 'route', bodyId: AK });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body.meeting).toMatchObject({ meetingId, sequence: 1 });
    expect(routed.body.gapReport).toMatchObject({ status: 'routed', routing: { bodyId: AK, meetingId } });

    // The next run sends the update, carrying the item — and nothing of who raised it.
    await reconcileAll(h.deps);
    const updates = ofMeeting(await calendarMails()).filter((m) => m.sequence === 1);
    expect(updates.map((m) => m.to).sort()).toEqual(members.map((m) => m.email).sort());
    for (const update of updates) {
      expect(update.method).toBe('REQUEST');
      expect(update.description).toContain('Bedarfsmeldung: Wohnen in Kreuzau (2)');
      expect(update.description).toContain('keine Wohnungsberatung; Betroffene warten seit Wochen.');
      expect(update.description).not.toContain('Frau M.');
      expect(update.description).not.toContain(manager);
      expect(update.html).toContain('Bedarfsmeldung: Wohnen in Kreuzau (2)');
    }

    // After the meeting, the coordination records what the AK did.
    await h.clock.advance(Date.parse('2027-03-12T08:00:00Z') - h.clock.now().getTime());
    const outcome = await review(own.gapReportId, { action: 'outcome', outcome: 'forwarded-to-steering-group', text: 'Der AK gibt die Lücke an die Lenkungsgruppe weiter.', close: true });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);

    // The case manager sees their report with status and outcome; the coordinators' list stays theirs.
    const mine = await list(manager, '?mine=true');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      gapReportId: own.gapReportId,
      status: 'closed',
      count: 2,
      routing: { bodyId: AK, meetingId },
      outcomes: [{ outcome: 'forwarded-to-steering-group', text: 'Der AK gibt die Lücke an die Lenkungsgruppe weiter.', recordedAt: '2027-03-12', bodyId: AK }],
    });
    expect((await h.api('GET', '/api/gap-reports', manager)).status).toBe(403);
  });
});
