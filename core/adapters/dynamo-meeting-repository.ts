/** The meeting repository on the single table. Key shapes come from table-keys.ts only. */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '../cases/ports.ts';
import type { MeetingRecord, ScheduleProblem } from '../meetings/meeting.ts';
import type { NotificationKind, SentRecord } from '../meetings/notification-plan.ts';
import type { MeetingChanges, MeetingRepository, RsvpRecord } from '../meetings/ports.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import { tableKeys } from './table-keys.ts';
import { queryAll, queryPrefix } from './query-all.ts';

/** A claim older than this is taken to be a crashed run's: the send may be tried again. */
const CLAIM_LEASE_MS = 10 * 60 * 1000;

const recipientHash = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

function meetingOf(item: Record<string, unknown>): MeetingRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, type: _type, ...record } = item;
  return record as unknown as MeetingRecord;
}

export class DynamoMeetingRepository implements MeetingRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(record: MeetingRecord): Record<string, unknown> {
    return { ...tableKeys.meeting(record.meetingId, record.bodyId, record.start), type: 'meeting', ...record };
  }

  async ensureMeeting(record: MeetingRecord): Promise<'created' | 'exists'> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: this.item(record), ConditionExpression: 'attribute_not_exists(pk)' }));
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async getMeeting(meetingId: string): Promise<MeetingRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.meetingKey(meetingId), ConsistentRead: true }));
    return Item === undefined ? undefined : meetingOf(Item);
  }

  async listMeetings(from: Date, to: Date, bodyId?: string): Promise<MeetingRecord[]> {
    const [index, partition, sortFrom, sortTo] =
      bodyId === undefined
        ? (['gsi1', tableKeys.meetings().gsi1pk, from.toISOString(), `${to.toISOString()}~`] as const)
        : (['gsi2', tableKeys.meetingsOfBody(bodyId).gsi2pk, from.toISOString(), to.toISOString()] as const);
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': `${index}pk`, '#sk': `${index}sk` },
      ExpressionAttributeValues: { ':pk': partition, ':from': sortFrom, ':to': sortTo },
    });
    return items.map(meetingOf);
  }

  async updateMeeting(expected: MeetingRecord, changes: MeetingChanges, now: Date): Promise<MeetingRecord> {
    const record: MeetingRecord = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(record),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expected.version },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflict(`meeting ${expected.meetingId} changed meanwhile`);
      throw error;
    }
    return record;
  }

  private queryPrefix(pk: string, skPrefix: string): Promise<Record<string, unknown>[]> {
    return queryPrefix(this.documents, this.tableName, pk, skPrefix);
  }

  async listMembers(bodyId: string): Promise<BodyMember[]> {
    const { pk, skPrefix } = tableKeys.bodyMembersPrefix(bodyId);
    return (await this.queryPrefix(pk, skPrefix)).map((item) => item.data as BodyMember);
  }

  async saveMember(member: BodyMember, now: Date): Promise<void> {
    const key = tableKeys.bodyMember(member.bodyId, member.id);
    // Memberships change by API; the version guards against two coordinators editing the same one at once.
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET #data = :data, #type = :type, updatedAt = :now, version = if_not_exists(version, :zero) + :one',
        ExpressionAttributeNames: { '#data': 'data', '#type': 'type' },
        ExpressionAttributeValues: { ':data': member, ':type': 'bodyMember', ':now': now.toISOString(), ':zero': 0, ':one': 1 },
      }),
    );
  }

  async listSent(meetingId: string, now: Date): Promise<SentRecord[]> {
    const { pk, skPrefix } = tableKeys.sentMarkersPrefix(meetingId);
    const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    return (await this.queryPrefix(pk, skPrefix))
      .filter((item) => item.status === 'sent' || String(item.claimedAt) >= staleBefore)
      .map((item) => ({ kind: item.kind as NotificationKind, sequence: Number(item.sequence), email: String(item.email) }));
  }

  async claimSend(meetingId: string, kind: NotificationKind, sequence: number, email: string, now: Date): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tableKeys.sentMarker(meetingId, kind, sequence, recipientHash(email)), type: 'sentMarker', meetingId, kind, sequence, email, status: 'claimed', claimedAt: now.toISOString(), version: 1 },
          // Exactly once: only the first run gets the claim; a claim that was never completed expires after its lease.
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': new Date(now.getTime() - CLAIM_LEASE_MS).toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markSent(meetingId: string, kind: NotificationKind, sequence: number, email: string, messageId: string, now: Date): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: tableKeys.sentMarker(meetingId, kind, sequence, recipientHash(email)),
        UpdateExpression: 'SET #status = :sent, sentAt = :now, messageId = :messageId, version = version + :one',
        ConditionExpression: '#status = :claimed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':claimed': 'claimed', ':now': now.toISOString(), ':messageId': messageId, ':one': 1 },
      }),
    );
  }

  async recordRsvp(meetingId: string, rsvp: RsvpRecord): Promise<'recorded' | 'stale'> {
    try {
      await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...tableKeys.rsvp(meetingId, recipientHash(rsvp.email)), type: 'rsvp', meetingId, ...rsvp },
        // An answer to an older version of the invitation never overwrites one to a newer.
        ConditionExpression: 'attribute_not_exists(pk) OR #sequence <= :sequence',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':sequence': rsvp.sequence },
      }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  async listRsvps(meetingId: string): Promise<RsvpRecord[]> {
    const { pk, skPrefix } = tableKeys.rsvpsPrefix(meetingId);
    return (await this.queryPrefix(pk, skPrefix)).map((item) => ({
      email: String(item.email),
      answer: item.answer as RsvpRecord['answer'],
      sequence: Number(item.sequence),
      at: String(item.at),
    }));
  }

  async recordProblem(problem: ScheduleProblem, now: Date): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tableKeys.scheduleProblem(problem.bodyId, problem.ruleDate), type: 'scheduleProblem', version: 1, ...problem, reportedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
