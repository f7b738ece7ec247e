/** The meeting repository on the single table. Key shapes come from table-keys.ts only. */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '../cases/ports.ts';
import type { MeetingRecord, ScheduleProblem } from '../meetings/meeting.ts';
import type { SentRecord } from '../meetings/notification-plan.ts';
import type { MeetingChanges, MeetingRepository, RsvpRecord, SendKey } from '../meetings/ports.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import { BODY_MEMBER_TYPE, bodyMemberKey, fromBodyMemberItem } from './items/body-member-item.ts';
import { fromMeetingItem, toMeetingItem } from './items/meeting-item.ts';
import { fromRsvpItem, toRsvpItem } from './items/rsvp-item.ts';
import { toScheduleProblemItem } from './items/schedule-problem-item.ts';
import { fromSentMarkerItem, toSentMarkerItem } from './items/sent-marker-item.ts';
import { withoutUndefined } from './items/table-attributes.ts';
import { batchWrite } from './batch-writes.ts';
import { tableKeys } from './table-keys.ts';
import { queryAll, queryPrefix } from './query-all.ts';

/** A claim older than this is taken to be a crashed run's: the send may be tried again. */
const CLAIM_LEASE_MS = 10 * 60 * 1000;

/** DynamoDB's limit: actions per TransactWriteItems. */
const TRANSACTION_ITEMS = 100;
/** Another run writing the same items at the same moment: a few short, random pauses before giving up. */
const CONFLICT_ATTEMPTS = 8;

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const pause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));

interface ConditionalPut {
  readonly TableName: string;
  readonly Item: Record<string, unknown>;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/**
 * A meeting changed: the record as written and its put, conditional on the version it was read at — sent alone
 * (updateMeeting) or inside a transaction with another item (a gap report routed onto the agenda).
 */
export function meetingUpdate(tableName: string, expected: MeetingRecord, changes: MeetingChanges, now: Date): { readonly record: MeetingRecord; readonly put: ConditionalPut } {
  const merged: MeetingRecord = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
  // A change to undefined removes the attribute (DynamoDB stores no undefined).
  const record = withoutUndefined(merged);
  return {
    record,
    put: { TableName: tableName, Item: toMeetingItem(record), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expected.version } },
  };
}

export class DynamoMeetingRepository implements MeetingRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ensureMeeting(record: MeetingRecord): Promise<'created' | 'exists'> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: toMeetingItem(record), ConditionExpression: 'attribute_not_exists(pk)' }));
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  /**
   * Conditional puts in transactions of up to 100: all of a transaction or none. When some conditions fail (the item
   * is there: another run was first), the transaction is tried again without them; answers the indexes written.
   */
  private async putAllIfAllowed(puts: readonly ConditionalPut[]): Promise<Set<number>> {
    const written = new Set<number>();
    for (const [chunkIndex, chunk] of chunks(puts, TRANSACTION_ITEMS).entries()) {
      let pending = chunk.map((put, i) => ({ put, index: chunkIndex * TRANSACTION_ITEMS + i }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        try {
          // One item alone needs no transaction (and DynamoDB answers a failed condition of a single put more cheaply).
          const [only] = pending;
          if (pending.length === 1 && only !== undefined) await this.documents.send(new PutCommand(only.put));
          else await this.documents.send(new TransactWriteCommand({ TransactItems: pending.map(({ put }) => ({ Put: put })) }));
          for (const { index } of pending) written.add(index);
          pending = [];
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException && pending.length === 1) break;
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = error.CancellationReasons ?? [];
          const refused = new Set(reasons.flatMap((reason, i) => (reason.Code === 'ConditionalCheckFailed' ? [i] : [])));
          if (refused.size > 0) {
            pending = pending.filter((_, i) => !refused.has(i));
            continue;
          }
          // TransactionConflict: another transaction is writing one of these items right now.
          if (attempt >= CONFLICT_ATTEMPTS) throw error;
          await pause(attempt);
        }
      }
    }
    return written;
  }

  /** Unconditional puts in batches, with what DynamoDB leaves unprocessed sent again. */
  private async putAll(items: readonly Record<string, unknown>[]): Promise<void> {
    await batchWrite(this.documents, this.tableName, items.map((Item) => ({ PutRequest: { Item } })), {
      attempts: CONFLICT_ATTEMPTS,
      failure: (left) => new Error(`BatchWriteItem left ${String(left)} items unprocessed`),
    });
  }

  async ensureMeetings(records: readonly MeetingRecord[]): Promise<number> {
    const written = await this.putAllIfAllowed(records.map((record) => ({ TableName: this.tableName, Item: toMeetingItem(record), ConditionExpression: 'attribute_not_exists(pk)' })));
    return written.size;
  }

  async getMeetingWithSent(meetingId: string, now: Date): Promise<{ meeting: MeetingRecord | undefined; sent: SentRecord[] }> {
    const { pk, sk } = tableKeys.meetingKey(meetingId);
    const { skPrefix } = tableKeys.sentMarkersPrefix(meetingId);
    // The meeting item and its sent-markers share the partition; RSVP answers lie between them (few, and skipped).
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :meeting AND :sentEnd',
      ExpressionAttributeValues: { ':pk': pk, ':meeting': sk, ':sentEnd': `${skPrefix}\uffff` },
      ConsistentRead: true,
    });
    const meetingItem = items.find((item) => item.sk === sk);
    return {
      meeting: meetingItem === undefined ? undefined : fromMeetingItem(meetingItem),
      sent: this.sentRecords(items.filter((item) => String(item.sk).startsWith(skPrefix)), now),
    };
  }

  private sentRecords(items: readonly Record<string, unknown>[], now: Date): SentRecord[] {
    const staleBefore = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    return items
      .map(fromSentMarkerItem)
      .filter((marker) => marker.status === 'sent' || marker.claimedAt >= staleBefore)
      .map((marker) => (marker.status === 'sent' ? marker.sent : { ...marker.sent, claimed: true as const }));
  }

  async getMeeting(meetingId: string): Promise<MeetingRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.meetingKey(meetingId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromMeetingItem(Item);
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
    return items.map(fromMeetingItem);
  }

  async updateMeeting(expected: MeetingRecord, changes: MeetingChanges, now: Date): Promise<MeetingRecord> {
    const { record, put } = meetingUpdate(this.tableName, expected, changes, now);
    try {
      await this.documents.send(new PutCommand(put));
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
    return (await this.queryPrefix(pk, skPrefix)).map(fromBodyMemberItem);
  }

  async saveMember(member: BodyMember, now: Date): Promise<void> {
    // Memberships change by API; the version guards against two coordinators editing the same one at once.
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: bodyMemberKey(member),
        UpdateExpression: 'SET #data = :data, #type = :type, updatedAt = :now, version = if_not_exists(version, :zero) + :one',
        ExpressionAttributeNames: { '#data': 'data', '#type': 'type' },
        ExpressionAttributeValues: { ':data': member, ':type': BODY_MEMBER_TYPE, ':now': now.toISOString(), ':zero': 0, ':one': 1 },
      }),
    );
  }

  async listSent(meetingId: string, now: Date): Promise<SentRecord[]> {
    const { pk, skPrefix } = tableKeys.sentMarkersPrefix(meetingId);
    return this.sentRecords(await this.queryPrefix(pk, skPrefix), now);
  }

  async claimSends(meetingId: string, sends: readonly SendKey[], now: Date): Promise<SendKey[]> {
    const stale = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    const written = await this.putAllIfAllowed(
      sends.map((send) => ({
        TableName: this.tableName,
        Item: toSentMarkerItem(meetingId, send, now, { status: 'claimed' }),
        // Exactly once: only the first run gets the claim; a claim that was never completed expires after its lease.
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :claimed AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':stale': stale },
      })),
    );
    return sends.filter((_, i) => written.has(i));
  }

  async markSent(meetingId: string, sent: readonly (SendKey & { readonly messageId: string })[], now: Date): Promise<void> {
    // No condition needed: only the run holding the claim sends and marks, and a marker once sent stays sent.
    await this.putAll(sent.map(({ messageId, ...send }) => toSentMarkerItem(meetingId, send, now, { status: 'sent', sentAt: now.toISOString(), messageId })));
  }

  async recordRsvp(meetingId: string, rsvp: RsvpRecord): Promise<'recorded' | 'stale'> {
    try {
      await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toRsvpItem(meetingId, rsvp),
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
    return (await this.queryPrefix(pk, skPrefix)).map(fromRsvpItem);
  }

  async recordProblem(problem: ScheduleProblem, now: Date): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toScheduleProblemItem(problem, now),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
