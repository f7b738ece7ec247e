/**
 * The meeting repository's batched writes against DynamoDB Local: claims in conditional transactions (exactly once,
 * also when runs overlap or a claim lapsed), marks in batch writes, and the meeting read with its markers at once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoMeetingRepository } from '../../core/adapters/dynamo-meeting-repository.ts';
import { recipientHash, tableKeys } from '../../core/adapters/table-keys.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { SendKey } from '../../core/meetings/ports.ts';
import { ensureTable } from '../../local/ensure-table.ts';

const now = new Date('2026-11-24T09:00:00Z');
const MINUTE = 60_000;

const meeting = (meetingId: string): MeetingRecord => ({
  meetingId,
  bodyId: 'jour-fixe',
  version: 1,
  sequence: 0,
  ruleDate: '2026-12-08',
  start: '2026-12-08T09:00:00.000Z',
  end: '2026-12-08T11:00:00.000Z',
  location: 'Kreishaus',
  status: 'scheduled',
  agenda: [],
  guests: [],
  changeLog: [],
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

const invitations = (count: number, from = 0): SendKey[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'invitation' as const, sequence: 0, email: `person-${String(from + i)}@example.org` }));

describe('meeting repository: batched claims and marks', () => {
  const tableName = `meetings-${randomUUID()}`;
  let client: DynamoDBClient;
  let repository: DynamoMeetingRepository;

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    repository = new DynamoMeetingRepository(createDocumentClient(client), tableName);
  });
  afterAll(() => {
    client.destroy();
  });

  it('creates meetings once, in one go, and leaves existing ones as they are', async () => {
    const changed = { ...meeting('jour-fixe-2026-12-08'), location: 'Rathaus', version: 2 };
    expect(await repository.ensureMeeting(changed)).toBe('created');
    const all = [meeting('jour-fixe-2026-12-08'), meeting('jour-fixe-2026-12-22'), meeting('jour-fixe-2027-01-12')];
    expect(await repository.ensureMeetings(all)).toBe(2);
    expect(await repository.ensureMeetings(all)).toBe(0);
    expect((await repository.getMeeting('jour-fixe-2026-12-08'))?.location).toBe('Rathaus');
  });

  it('claims each send once, across more than one transaction, and gives the rest to whoever claims next', async () => {
    const meetingId = `m-${randomUUID()}`;
    // 130 sends: two transactions; another run holds ten of them already.
    expect(await repository.claimSends(meetingId, invitations(10, 50), now)).toHaveLength(10);
    const claimed = await repository.claimSends(meetingId, invitations(130), now);
    expect(claimed).toHaveLength(120);
    expect(claimed.some((send) => send.email === 'person-55@example.org')).toBe(false);
    expect(await repository.claimSends(meetingId, invitations(130), now)).toEqual([]);
  });

  it('lets two runs claiming at once share the sends without overlap', async () => {
    const meetingId = `m-${randomUUID()}`;
    const runs = await Promise.all([1, 2, 3].map(() => repository.claimSends(meetingId, invitations(60), now)));
    const all = runs.flat().map((send) => send.email);
    expect(all.sort()).toEqual(invitations(60).map((send) => send.email).sort());
  });

  it('takes over a claim whose lease ran out, never a sent one', async () => {
    const meetingId = `m-${randomUUID()}`;
    const earlier = new Date(now.getTime() - 11 * MINUTE);
    await repository.claimSends(meetingId, invitations(3), earlier);
    await repository.markSent(meetingId, invitations(1).map((send) => ({ ...send, messageId: 'sent-1' })), earlier);
    const again = await repository.claimSends(meetingId, invitations(3), now);
    expect(again.map((send) => send.email)).toEqual(['person-1@example.org', 'person-2@example.org']);
  });

  it('reads the meeting with what was sent for it, and counts a live claim as under way', async () => {
    const meetingId = 'jour-fixe-2026-12-22';
    const claimed = await repository.claimSends(meetingId, invitations(40), now);
    await repository.markSent(meetingId, claimed.slice(0, 30).map((send, i) => ({ ...send, messageId: `id-${String(i)}` })), now);
    await repository.recordRsvp(meetingId, { email: 'person-0@example.org', answer: 'accepted', sequence: 0, at: now.toISOString() });
    const { meeting: read, sent } = await repository.getMeetingWithSent(meetingId, now);
    expect(read?.meetingId).toBe(meetingId);
    expect(sent).toHaveLength(40);
    expect(sent).toEqual(await repository.listSent(meetingId, now));
    // Half an hour on: the ten claims that were never marked have lapsed; the thirty sent ones stay.
    expect((await repository.getMeetingWithSent(meetingId, new Date(now.getTime() + 30 * MINUTE))).sent).toHaveLength(30);
    expect(await repository.getMeetingWithSent('no-such-meeting', now)).toEqual({ meeting: undefined, sent: [] });
  });

  it('keys a reminder by the start it reminds of, and still reads a reminder marker keyed by the SEQUENCE', async () => {
    const meetingId = `m-${randomUUID()}`;
    const reminder = (sequence: number, start: string): SendKey => ({ kind: 'reminder', sequence, email: 'person-1@example.org', start });
    expect(await repository.claimSends(meetingId, [reminder(0, '2026-12-08T09:00:00.000Z')], now)).toHaveLength(1);
    // A raised SEQUENCE at the same start is the same reminder; another start is another one.
    expect(await repository.claimSends(meetingId, [reminder(1, '2026-12-08T09:00:00.000Z')], now)).toEqual([]);
    expect(await repository.claimSends(meetingId, [reminder(2, '2026-12-07T09:00:00.000Z')], now)).toHaveLength(1);
    // A marker as releases before wrote it: keyed by the SEQUENCE, no start.
    const old = { kind: 'reminder', sequence: 0, email: 'old@example.org' } as const;
    const item = { ...tableKeys.sentMarker(meetingId, 'reminder', 0, recipientHash(old.email)), type: 'sentMarker', meetingId, ...old, claimedAt: now.toISOString(), status: 'sent', sentAt: now.toISOString(), messageId: 'old', version: 2 };
    await createDocumentClient(client).send(new PutCommand({ TableName: tableName, Item: item }));
    // The two new ones are claimed, not yet marked sent: listed as under way (claimed), the old one as sent.
    expect(await repository.listSent(meetingId, now)).toEqual([old, { ...reminder(2, '2026-12-07T09:00:00.000Z'), claimed: true }, { ...reminder(0, '2026-12-08T09:00:00.000Z'), claimed: true }]);
    await repository.markSent(meetingId, [{ ...reminder(2, '2026-12-07T09:00:00.000Z'), messageId: 'new' }], now);
    expect(await repository.listSent(meetingId, now)).toContainEqual(reminder(2, '2026-12-07T09:00:00.000Z'));
  });
});
