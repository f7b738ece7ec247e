/** A recipient's answer to a meeting's invitation, in the meeting's partition, one per recipient. */
import type { RsvpRecord } from '../../meetings/ports.ts';
import { recipientHash, tableKeys } from '../table-keys.ts';
import type { DynamoItem } from './table-attributes.ts';

export const toRsvpItem = (meetingId: string, rsvp: RsvpRecord): DynamoItem => ({ ...tableKeys.rsvp(meetingId, recipientHash(rsvp.email)), type: 'rsvp', meetingId, ...rsvp });

export const fromRsvpItem = (item: DynamoItem): RsvpRecord => ({
  email: String(item.email),
  answer: item.answer as RsvpRecord['answer'],
  sequence: Number(item.sequence),
  at: String(item.at),
});
