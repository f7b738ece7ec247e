/**
 * A send's identity as its marker has it — kind, what it is for, recipient — for a planned send (SendKey) and for a
 * marker read back (SentRecord) alike: a reminder is per start, an action item's reminder per action and due day,
 * everything else per SEQUENCE (the minutes: per edition).
 */
import type { SentRecord } from './notification-plan.ts';
import type { SendKey } from './ports.ts';

/** Marks are written in batches as mails go out: a crash leaves at most this many sent but unmarked (sent again after the lease). */
export const MARK_BATCH = 25;

const keyOf = (kind: string, which: string, email: string): string => `${kind}#${which}#${email.trim().toLowerCase()}`;

export const sendKey = (send: SendKey): string =>
  keyOf(send.kind, send.kind === 'reminder' ? send.start : send.kind === 'action' ? `${send.actionId}#${send.due}` : String(send.sequence), send.email);

export const sentKey = (record: SentRecord): string =>
  keyOf(record.kind, record.kind === 'reminder' ? (record.start ?? '') : record.kind === 'action' ? `${record.actionId ?? ''}#${record.due ?? ''}` : String(record.sequence), record.email);
