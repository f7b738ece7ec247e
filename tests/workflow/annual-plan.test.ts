/**
 * The annual plan (issue 18): in December the meetings of the whole next calendar year exist — in the repository and
 * in a body's calendar feed — while a reconciling run still looks only at the year ahead and at meetings changed
 * since they were planned. On the local runtime with DynamoDB Local, from the harness's 24 November 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/clock.ts';
import { feedUrl } from '../../core/meetings/body-feed.ts';
import { planMeetingNotifications } from '../../core/meetings/plan-meetings.ts';
import { WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('the annual plan', () => {
  const h = new WorkflowHarness();
  let planned: { meetingIds: string[] };

  beforeAll(async () => {
    await h.start();
    // 1 December 2026: twelve months ahead would end on 2 December 2027 and leave most of that December out.
    await h.clock.advance(7 * DAY_MS);
    planned = await planMeetingNotifications(h.deps);
  });
  afterAll(() => h.stop());

  const jourFixe = async (): Promise<string[]> =>
    (await h.deps.meetings.listMeetings(new Date('2026-12-01T00:00:00Z'), new Date('2029-01-01T00:00:00Z'), 'jour-fixe')).map((m) => m.meetingId);

  it('holds every Jour fixe of the next calendar year, none of the year after', async () => {
    const ids = await jourFixe();
    // Second and fourth Tuesday (FREQ=MONTHLY;BYDAY=2TU,4TU): 14 and 28 December 2027 are the year's last two.
    expect(ids).toContain('jour-fixe-2027-12-14');
    expect(ids).toContain('jour-fixe-2027-12-28');
    expect(ids.filter((id) => id.startsWith('jour-fixe-2027-'))).toHaveLength(24);
    expect(ids.filter((id) => id.startsWith('jour-fixe-2028-'))).toEqual([]);
  });

  it('lets a run look at the year ahead only, and at a later meeting once it changed', async () => {
    expect(planned.meetingIds).toContain('jour-fixe-2027-11-23');
    expect(planned.meetingIds).not.toContain('jour-fixe-2027-12-14');
    const cancelled = await h.api('POST', '/api/meetings/jour-fixe-2027-12-14/cancel', 'coordinator');
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const again = await planMeetingNotifications(h.deps);
    expect(again.meetingIds).toContain('jour-fixe-2027-12-14');
    expect(again.meetingIds).not.toContain('jour-fixe-2027-12-28');
  });

  it('publishes the whole plan in the body’s calendar feed', async () => {
    const feed = await fetch(feedUrl(await h.apiUrl(), 'jour-fixe', h.linkSecret));
    expect(feed.status).toBe(200);
    const text = await feed.text();
    expect(text).toContain('UID:jour-fixe-2027-12-28@kreis-dueren.kim-flow');
    expect(text).not.toMatch(/UID:jour-fixe-2028-/);
  });

  it('plans a year further once the district’s new year has begun (00:30 in Düren, still 31 December in UTC)', async () => {
    await h.clock.advance(Date.parse('2026-12-31T23:30:00Z') - h.clock.now().getTime());
    await planMeetingNotifications(h.deps);
    expect((await jourFixe()).filter((id) => id.startsWith('jour-fixe-2028-'))).toHaveLength(24);
  });
});
