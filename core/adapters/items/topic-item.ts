/** A Jour fixe topic: keyed by topic, in gsi1 by status and in gsi2 by its proposer, both by creation. */
import type { MeetingTopic } from '../../meetings/topic.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export const toTopicItem = (topic: MeetingTopic): DynamoItem => ({ ...tableKeys.topic(topic.topicId, topic.status, topic.createdAt, topic.proposedBy), type: 'meetingTopic', ...topic });

export const fromTopicItem = (item: DynamoItem): MeetingTopic => withoutTableAttributes(item) as unknown as MeetingTopic;
