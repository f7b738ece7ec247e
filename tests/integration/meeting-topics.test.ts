/**
 * Jour fixe topics (core/meetings/meeting-topics.ts) against DynamoDB Local, through the table adapter
 * (core/adapters/dynamo-topic-repository.ts): proposing with its checks, the lists a page at a time by key condition,
 * accepting onto the next or a chosen meeting (topic and agenda item in one transaction), declining with a reason —
 * and the races: many accepts at once give one agenda item, an accept racing a decline gives one winner and a German
 * 409 to the other.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { DynamoMeetingRepository } from '../../core/adapters/dynamo-meeting-repository.ts';
import { DynamoTopicRepository } from '../../core/adapters/dynamo-topic-repository.ts';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { DAY_MS, ManualClock } from '../../core/clock.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import { VersionConflict } from '../../core/cases/ports.ts';
import { Refusal } from '../../core/errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { agendaAddition } from '../../core/meetings/meeting-admin.ts';
import { acceptTopic, cancelMeetingWithTopics, declineTopic, linkableGapReports, listTopics, proposeTopic, removeAgendaItemWithTopic, type TopicDependencies } from '../../core/meetings/meeting-topics.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { topicStatusText, type MeetingTopic } from '../../core/meetings/topic.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { httpStatusOf } from '../../functions/_shared/http/http-errors.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { meetingRecord } from '../fixtures/meeting-fixtures.ts';

const profile = bundledProfile();
const coordinator: Caller = { userId: 'koordination-1', email: 'k@kreis-dueren.example', roles: ['coordinator'] };
const manager: Caller = { userId: 'cm-1', email: 'cm@traeger-a.example', roles: ['casemanager'] };
const otherManager: Caller = { userId: 'cm-2', email: 'cm2@traeger-b.example', roles: ['casemanager'] };
const BODY = 'jour-fixe';
const START = '2027-02-15T08:00:00.000Z';

const refusal = async (promise: Promise<unknown>): Promise<Refusal> => {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Refusal)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
};

describe('Jour fixe topics on the table', () => {
  let client: DynamoDBClient;
  let deps: TopicDependencies & { clock: ManualClock };
  let topics: DynamoTopicRepository;
  let meetings: DynamoMeetingRepository;
  let gapReports: DynamoGapReportReader;

  beforeAll(() => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
  });
  afterAll(() => {
    client.destroy();
  });
  // A table per test: "the next meeting" and the lists are each test's own.
  beforeEach(async () => {
    const tableName = `topics-${randomUUID()}`;
    await ensureTable(client, tableName);
    const documents = createDocumentClient(client);
    topics = new DynamoTopicRepository(documents, tableName);
    meetings = new DynamoMeetingRepository(documents, tableName);
    gapReports = new DynamoGapReportReader(documents, tableName);
    deps = { profile, clock: new ManualClock(START), calendar: createWorkingCalendar(profile), meetings, topics, gapReports };
  });

  async function meeting(date: string, bodyId = BODY, status: MeetingRecord['status'] = 'scheduled'): Promise<MeetingRecord> {
    const record = meetingRecord({ meetingId: `${bodyId}-${date}`, bodyId, version: 1, ruleDate: date, start: `${date}T09:00:00.000Z`, end: `${date}T11:00:00.000Z`, status, agenda: [], guests: [] });
    expect(await meetings.ensureMeeting(record)).toBe('created');
    return record;
  }

  const gapReport = (status: GapReport['status']): Promise<GapReport> =>
    gapReports.createGapReport({ gapReportId: randomUUID(), createdAt: '2027-02-01', source: 'case-manager', raisedBy: 'cm-9', reason: 'no-service-for-need', municipalityId: 'kreuzau', needCategory: 'housing', status, text: 'Geprüft.' });

  const propose = (title = 'Wartezeiten bei der Ausländerbehörde', caller = manager, extra: Record<string, unknown> = {}): Promise<MeetingTopic> =>
    proposeTopic(deps, caller, { title, text: 'Termine sind derzeit erst nach acht Wochen zu bekommen.', ...extra });

  it('refuses a case number in title or text, names the field in German, and keeps the rules on length and links', async () => {
    const inTitle = await refusal(propose('Fall KIM-2026-7QK3M2XD'));
    expect(inTitle.kind).toBe('invalid-input');
    expect(inTitle.errors).toEqual([{ field: 'title', message: expect.stringContaining('darf keine Fallnummer enthalten') as unknown }]);
    const inText = await refusal(proposeTopic(deps, manager, { title: 'Wohnen', text: 'Siehe kim 2026 7qk3m2xd, bitte besprechen.' }));
    expect(inText.errors?.map((e) => e.field)).toEqual(['text']);
    const long = await refusal(propose('x'.repeat(121)));
    expect(long.errors).toEqual([{ field: 'title', message: 'ist zu lang (höchstens 120 Zeichen)' }]);
    const unchecked = await gapReport('new');
    expect((await refusal(propose(undefined, manager, { gapReportId: unchecked.gapReportId }))).errors).toEqual([{ field: 'gapReportId', message: 'ist keine geprüfte Bedarfsmeldung' }]);
    expect((await refusal(propose(undefined, manager, { bodyId: 'lenkungsgruppe' }))).errors?.[0]?.field).toBe('bodyId');
    expect((await refusal(proposeTopic(deps, { ...manager, roles: ['intake'] }, { title: 'x', text: 'y' }))).kind).toBe('not-allowed');
  });

  it('links a checked gap report by its agenda title and gives the topic a deletion date', async () => {
    const checked = await gapReport('accepted');
    await gapReport('new');
    const offered = await linkableGapReports(deps, manager);
    expect(offered.gapReports).toEqual([{ gapReportId: checked.gapReportId, title: 'Bedarfsmeldung: Wohnen in Kreuzau (1)' }]);
    const topic = await propose(undefined, manager, { gapReportId: checked.gapReportId });
    expect(topic).toMatchObject({ bodyId: BODY, status: 'proposed', version: 1, proposedBy: 'cm-1', gapReportTitle: 'Bedarfsmeldung: Wohnen in Kreuzau (1)' });
    expect(topic.expiresAt).toBe(Math.floor(Date.parse(START) / 1000) + profile.retention.meetingTopicDays * 86_400);
    expect(await topics.getTopic(topic.topicId)).toEqual(topic);
  });

  it('lists a page at a time: one person’s newest first, the coordination’s by status oldest first; expired ones are left out', async () => {
    const titles = ['Eins', 'Zwei', 'Drei', 'Vier', 'Fünf'];
    for (const title of titles) {
      await propose(title);
      await deps.clock.advance(60_000);
    }
    await propose('Fremd', otherManager);
    const first = await listTopics(deps, manager, { mine: 'true', limit: '2' });
    expect(first.topics.map((t) => t.title)).toEqual(['Fünf', 'Vier']);
    const second = await listTopics(deps, manager, { mine: 'true', limit: '2', cursor: first.next });
    const third = await listTopics(deps, manager, { mine: 'true', limit: '2', cursor: second.next });
    expect([...second.topics, ...third.topics].map((t) => t.title)).toEqual(['Drei', 'Zwei', 'Eins']);
    expect(third.next).toBeUndefined();
    const proposed = await listTopics(deps, coordinator, { status: 'proposed', limit: '4' });
    expect(proposed.topics.map((t) => t.title)).toEqual(['Eins', 'Zwei', 'Drei', 'Vier']);
    expect((await listTopics(deps, coordinator, { cursor: proposed.next })).topics.map((t) => t.title)).toEqual(['Fünf', 'Fremd']);

    expect((await refusal(listTopics(deps, manager, {}))).kind).toBe('not-allowed');
    expect((await refusal(listTopics(deps, coordinator, { cursor: 'kaputt' }))).errors).toEqual([{ field: 'cursor', message: 'ist ungültig' }]);
    expect((await refusal(listTopics(deps, coordinator, { limit: '101' }))).errors?.[0]?.field).toBe('limit');

    await deps.clock.advance((profile.retention.meetingTopicDays + 1) * DAY_MS);
    expect((await listTopics(deps, manager, { mine: 'true' })).topics).toEqual([]);
  });

  it('accepts onto the body’s next meeting by default: topic and agenda item written together, the SEQUENCE raised', async () => {
    await meeting('2027-03-23');
    const next = await meeting('2027-03-09');
    await meeting('2027-03-02', BODY, 'cancelled');
    await meeting('2027-03-01', 'ak-migration');
    const topic = await propose();
    const decided = await acceptTopic(deps, coordinator, topic.topicId, { version: 1 });
    expect(decided.meeting).toMatchObject({ meetingId: next.meetingId, sequence: 1 });
    const written = await meetings.getMeeting(next.meetingId);
    expect(written?.agenda).toEqual([
      { itemId: expect.any(String) as unknown, title: 'Wartezeiten bei der Ausländerbehörde\nTermine sind derzeit erst nach acht Wochen zu bekommen.', addedBy: 'koordination-1', addedAt: START, topicId: topic.topicId },
    ]);
    expect(written?.changeLog).toEqual([{ sequence: 1, changes: ['agenda'] }]);
    const stored = await topics.getTopic(topic.topicId);
    expect(stored).toMatchObject({ status: 'accepted', version: 2, decidedBy: 'koordination-1', placement: { meetingId: next.meetingId, agendaItemId: written?.agenda[0]?.itemId, meetingStart: next.start } });
    expect(topicStatusText(stored ?? topic, 'Europe/Berlin')).toBe('auf der Tagesordnung der Sitzung am 09.03.2027');
    // Decided: off the coordination's list of proposals, on the list of accepted ones.
    expect((await listTopics(deps, coordinator, {})).topics).toEqual([]);
    expect((await listTopics(deps, coordinator, { status: 'accepted' })).topics.map((t) => t.topicId)).toEqual([topic.topicId]);
    const again = await refusal(acceptTopic(deps, coordinator, topic.topicId, {}));
    expect([again.kind, again.message]).toEqual(['conflict', 'Der Themenvorschlag wurde zwischenzeitlich auf die Tagesordnung gesetzt. Bitte laden Sie die Seite neu.']);
  });

  it('puts a topic back to "vorgeschlagen" when its agenda item is removed or its meeting cancelled, so it can be placed again', async () => {
    const first = await meeting('2027-03-09');
    const second = await meeting('2027-03-23');
    const topic = await propose();
    await acceptTopic(deps, coordinator, topic.topicId, { meetingId: first.meetingId });
    const item = (await meetings.getMeeting(first.meetingId))?.agenda[0];
    await removeAgendaItemWithTopic(deps, coordinator, first.meetingId, item?.itemId ?? '');
    const returned = await topics.getTopic(topic.topicId);
    expect(returned).toMatchObject({ status: 'proposed', version: 3 });
    expect(returned?.placement).toBeUndefined();
    expect((await listTopics(deps, coordinator, {})).topics.map((t) => t.topicId)).toEqual([topic.topicId]);

    await acceptTopic(deps, coordinator, topic.topicId, { meetingId: second.meetingId });
    await cancelMeetingWithTopics(deps, coordinator, second.meetingId);
    expect(await topics.getTopic(topic.topicId)).toMatchObject({ status: 'proposed', version: 5 });
    // Another item's removal or a cancellation without topics leaves topics alone.
    const third = await meeting('2027-04-06');
    await acceptTopic(deps, coordinator, topic.topicId, { meetingId: third.meetingId });
    const other = agendaAddition(deps, coordinator, (await meetings.getMeeting(third.meetingId)) as MeetingRecord, 'Verschiedenes');
    const withOther = await meetings.updateMeeting((await meetings.getMeeting(third.meetingId)) as MeetingRecord, other.changes, deps.clock.now());
    await removeAgendaItemWithTopic(deps, coordinator, third.meetingId, other.item.itemId);
    expect(withOther.agenda).toHaveLength(2);
    expect(await topics.getTopic(topic.topicId)).toMatchObject({ status: 'accepted', version: 6 });
  });

  it('accepts onto a coming meeting the coordination chose, of the topic’s body only', async () => {
    await meeting('2027-03-09');
    const later = await meeting('2027-03-23');
    const other = await meeting('2027-03-10', 'ak-migration');
    const report = await gapReport('routed');
    const topic = await propose(undefined, manager, { gapReportId: report.gapReportId });
    expect((await refusal(acceptTopic(deps, coordinator, topic.topicId, { meetingId: other.meetingId }))).errors).toEqual([{ field: 'meetingId', message: 'ist keine Sitzung dieses Jour fixe' }]);
    expect((await refusal(acceptTopic(deps, coordinator, topic.topicId, { meetingId: 'jour-fixe-2030-01-01' }))).kind).toBe('not-found');
    expect((await refusal(acceptTopic(deps, manager, topic.topicId, {}))).kind).toBe('not-allowed');
    await acceptTopic(deps, coordinator, topic.topicId, { meetingId: later.meetingId });
    const [item] = (await meetings.getMeeting(later.meetingId))?.agenda ?? [];
    expect(item?.topicId).toBe(topic.topicId);
    // The linked report travels by its agenda title (anonymous: category, municipality, count).
    expect(item?.title.split('\n').at(-1)).toBe('Bedarfsmeldung: Wohnen in Kreuzau (1)');
  });

  it('declines with a reason (required) that the proposer reads', async () => {
    const topic = await propose();
    expect((await refusal(declineTopic(deps, coordinator, topic.topicId, {}))).errors?.map((e) => e.field)).toEqual(['reason']);
    expect((await refusal(declineTopic(deps, coordinator, topic.topicId, { reason: 'Anders.', version: 7 }))).kind).toBe('conflict');
    await declineTopic(deps, coordinator, topic.topicId, { reason: 'Wird in der Lenkungsgruppe besprochen.', version: 1 });
    const [mine] = (await listTopics(deps, manager, { mine: 'true' })).topics;
    expect(mine === undefined ? '' : topicStatusText(mine, 'Europe/Berlin')).toBe('abgelehnt: Wird in der Lenkungsgruppe besprochen.');
    expect(mine?.expiresAt).toBe(Math.floor(Date.parse(START) / 1000) + profile.retention.meetingTopicDays * 86_400);
  });

  it('writes neither topic nor agenda item when one of them is stale', async () => {
    const target = await meeting('2027-03-09');
    const topic = await propose();
    await meetings.updateMeeting(target, { location: 'Rathaus' }, deps.clock.now());
    const { item, changes } = agendaAddition(deps, coordinator, target, 'Thema', { topicId: topic.topicId });
    const placement = { meetingId: target.meetingId, agendaItemId: item.itemId, meetingStart: target.start };
    await expect(topics.acceptTopic({ expected: topic, changes: { status: 'accepted', placement } }, { expected: target, changes }, deps.clock.now())).rejects.toBeInstanceOf(VersionConflict);
    expect(await topics.getTopic(topic.topicId)).toMatchObject({ status: 'proposed', version: 1 });
    expect((await meetings.getMeeting(target.meetingId))?.agenda).toEqual([]);
  });

  it('puts one agenda item on the meeting when the same topic is accepted eight times at once', async () => {
    const target = await meeting('2027-03-09');
    const topic = await propose();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acceptTopic(deps, coordinator, topic.topicId, {})));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused.every((error) => error instanceof Refusal && httpStatusOf(error) === 409 && /^Der Themenvorschlag wurde zwischenzeitlich/.test(error.message))).toBe(true);
    const written = await meetings.getMeeting(target.meetingId);
    expect(written?.agenda.map((item) => item.topicId)).toEqual([topic.topicId]);
    expect(written?.sequence).toBe(1);
  });

  it('lets an accept and a decline of the same topic race: one wins, the other gets a German 409', async () => {
    for (let round = 0; round < 6; round += 1) {
      const target = await meeting(`2027-03-${String(9 + round).padStart(2, '0')}`);
      const topic = await propose(`Thema ${String(round)}`);
      const [accepted, declined] = await Promise.allSettled([acceptTopic(deps, coordinator, topic.topicId, { meetingId: target.meetingId }), declineTopic(deps, coordinator, topic.topicId, { reason: 'Passt nicht.' })]);
      const outcomes = [accepted.status, declined.status].sort();
      expect(outcomes).toEqual(['fulfilled', 'rejected']);
      const loser = [accepted, declined].find((r) => r.status === 'rejected');
      const error = loser?.status === 'rejected' ? (loser.reason as unknown) : undefined;
      expect(error instanceof Refusal && httpStatusOf(error)).toBe(409);
      expect(error instanceof Error ? error.message : '').toMatch(/^Der Themenvorschlag wurde zwischenzeitlich (auf die Tagesordnung gesetzt|abgelehnt)\. Bitte laden Sie die Seite neu\.$/);
      const stored = await topics.getTopic(topic.topicId);
      const agenda = (await meetings.getMeeting(target.meetingId))?.agenda ?? [];
      // The winner's outcome, and only that: an agenda item exactly when the topic was accepted.
      expect(stored?.status).toBe(accepted.status === 'fulfilled' ? 'accepted' : 'declined');
      expect(agenda).toHaveLength(stored?.status === 'accepted' ? 1 : 0);
    }
  });
});
