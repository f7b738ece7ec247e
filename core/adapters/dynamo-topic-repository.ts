/**
 * Jour fixe topics on the single table: by status from gsi1 (the coordination's), by proposer from gsi2, one by its
 * key, each list a page at a time by key condition. Every change is conditional on the version; accepting writes the
 * topic and the meeting's new agenda item in one transaction (as routing a gap report does).
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { MeetingRecord } from '../meetings/meeting.ts';
import type { MeetingChanges } from '../meetings/ports.ts';
import type { MeetingTopic, TopicChanges, TopicPage, TopicPageRequest, TopicRepository, TopicStatus } from '../meetings/topic.ts';
import { writeAll, writeVersioned } from './conditional-writes.ts';
import { meetingUpdate } from './dynamo-meeting-repository.ts';
import { fromTopicItem, toTopicItem } from './items/topic-item.ts';
import { withoutUndefined } from './items/table-attributes.ts';
import { decodeCursor, encodeCursor } from './json-cursor.ts';
import { tableKeys } from './table-keys.ts';

/** The index sort key of the last topic shown: `<createdAt>#<topicId>`. */
const ORDER = /^[^#]+#([0-9a-f-]{36})$/;
const cursorSchema = z.strictObject({ after: z.string().regex(ORDER) });

/** The index a list reads, its partition, and the order. */
interface TopicList {
  readonly index: 'gsi1' | 'gsi2';
  readonly partition: string;
  readonly newestFirst: boolean;
}

export class DynamoTopicRepository implements TopicRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createTopic(topic: MeetingTopic): Promise<MeetingTopic> {
    const created: MeetingTopic = { ...topic, version: 1 };
    await writeAll(this.documents, [{ Put: { TableName: this.tableName, Item: toTopicItem(created), ConditionExpression: 'attribute_not_exists(pk)' } }]);
    return created;
  }

  async getTopic(topicId: string): Promise<MeetingTopic | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.topicKey(topicId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromTopicItem(Item);
  }

  listTopicsByStatus(status: TopicStatus, page: TopicPageRequest): Promise<TopicPage> {
    return this.page({ index: 'gsi1', partition: tableKeys.topicsByStatus(status).gsi1pk, newestFirst: false }, page);
  }

  listTopicsProposedBy(staffId: string, page: TopicPageRequest): Promise<TopicPage> {
    return this.page({ index: 'gsi2', partition: tableKeys.topicsProposedBy(staffId).gsi2pk, newestFirst: true }, page);
  }

  /** One Query, key condition only; one item more than shown tells whether a next page exists. */
  private async page(list: TopicList, request: TopicPageRequest): Promise<TopicPage> {
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor, cursorSchema, 'the topics').after;
    const topicId = after === undefined ? undefined : ORDER.exec(after)?.[1];
    const answer = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: list.index,
        KeyConditionExpression: `${list.index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': list.partition },
        ScanIndexForward: !list.newestFirst,
        Limit: request.limit + 1,
        ...(after === undefined || topicId === undefined ? {} : { ExclusiveStartKey: { [`${list.index}pk`]: list.partition, [`${list.index}sk`]: after, ...tableKeys.topicKey(topicId) } }),
      }),
    );
    const items = (answer.Items ?? []).slice(0, request.limit);
    const last = items.at(-1);
    const more = (answer.Items ?? []).length > request.limit && last !== undefined;
    // TTL deletes late: a topic past its deletion date is not shown, though it still counts for the page's length.
    const topics = items.map(fromTopicItem).filter((topic) => topic.expiresAt > request.now);
    return { topics, ...(more ? { next: encodeCursor({ after: String(last[`${list.index}sk`]) }) } : {}) };
  }

  /** The topic as written and its put, conditional on the version it was read at. */
  private topicUpdate(expected: MeetingTopic, changes: TopicChanges) {
    // A change to undefined removes the attribute (a placement, once the topic is back to "vorgeschlagen").
    const merged = { ...expected, ...changes, version: expected.version + 1 };
    const topic = withoutUndefined(merged);
    const put = { TableName: this.tableName, Item: toTopicItem(topic), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expected.version } };
    return { topic, put };
  }

  async updateTopic(expected: MeetingTopic, changes: TopicChanges): Promise<MeetingTopic> {
    const { topic, put } = this.topicUpdate(expected, changes);
    await writeVersioned(this.documents, [{ Put: put }], `topic ${expected.topicId}`);
    return topic;
  }

  async acceptTopic(update: { readonly expected: MeetingTopic; readonly changes: TopicChanges }, meeting: { readonly expected: MeetingRecord; readonly changes: MeetingChanges }, now: Date): Promise<{ topic: MeetingTopic; meeting: MeetingRecord }> {
    const { topic, put } = this.topicUpdate(update.expected, update.changes);
    const agenda = meetingUpdate(this.tableName, meeting.expected, meeting.changes, now);
    await writeVersioned(this.documents, [{ Put: put }, { Put: agenda.put }], `topic ${topic.topicId} or meeting ${meeting.expected.meetingId}`);
    return { topic, meeting: agenda.record };
  }
}
