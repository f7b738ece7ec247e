/**
 * What was sent for a meeting: one marker per (kind, sequence, recipient) — a reminder's per (start, recipient) —
 * in the meeting's partition. A send is first claimed (version 1), then marked sent (version 2); a claim's time lets
 * a crashed run's claim expire. Markers carry the meeting's start when sent (those written before do not).
 */
import type { SentRecord } from '../../meetings/notification-plan.ts';
import type { SendKey } from '../../meetings/ports.ts';
import { recipientHash, tableKeys, type ItemKey } from '../table-keys.ts';
import type { DynamoItem } from './table-attributes.ts';

export type SentMarkerState = { readonly status: 'claimed' } | { readonly status: 'sent'; readonly sentAt: string; readonly messageId: string };

export interface SentMarker {
  readonly sent: SentRecord;
  readonly status: string;
  readonly claimedAt: string;
}

function markerKey(meetingId: string, send: SendKey): ItemKey {
  const hash = recipientHash(send.email);
  if (send.kind === 'reminder') return tableKeys.reminderMarker(meetingId, send.start, hash);
  if (send.kind === 'action') return tableKeys.actionReminderMarker(meetingId, send.actionId, send.due, hash);
  return tableKeys.sentMarker(meetingId, send.kind, send.sequence, hash);
}

export function toSentMarkerItem(meetingId: string, send: SendKey, claimedAt: Date, state: SentMarkerState): DynamoItem {
  const { kind, sequence, email, start } = send;
  return {
    ...markerKey(meetingId, send),
    type: 'sentMarker',
    meetingId,
    kind,
    sequence,
    email,
    ...(start === undefined ? {} : { start }),
    ...(send.kind === 'action' ? { actionId: send.actionId, due: send.due } : {}),
    claimedAt: claimedAt.toISOString(),
    ...state,
    version: state.status === 'claimed' ? 1 : 2,
  };
}

export const fromSentMarkerItem = (item: DynamoItem): SentMarker => ({
  sent: {
    kind: item.kind as SentRecord['kind'],
    sequence: Number(item.sequence),
    email: String(item.email),
    ...(typeof item.start === 'string' ? { start: item.start } : {}),
    ...(typeof item.actionId === 'string' && typeof item.due === 'string' ? { actionId: item.actionId, due: item.due } : {}),
  },
  status: String(item.status),
  claimedAt: String(item.claimedAt),
});
