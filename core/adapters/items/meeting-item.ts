/** A meeting: keyed by meeting, in gsi1 by start (all meetings) and in gsi2 by body and start. */
import type { MeetingRecord } from '../../meetings/meeting.ts';
import { tableKeys } from '../table-keys.ts';
import { partOf, withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export const toMeetingItem = (record: MeetingRecord): DynamoItem => ({ ...tableKeys.meeting(record.meetingId, record.bodyId, record.start), type: 'meeting', ...record });

export const fromMeetingItem = (item: DynamoItem): MeetingRecord => withoutTableAttributes(item) as unknown as MeetingRecord;

/** A meeting item read with only `attributes` projected (reports). */
export const fromMeetingItemPart = <K extends keyof MeetingRecord>(item: DynamoItem, attributes: readonly K[]): Pick<MeetingRecord, K> =>
  partOf<MeetingRecord, K>(item, attributes);
