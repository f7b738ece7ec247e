/**
 * What should have been sent for a meeting by now, per recipient — the heart of the reconciler. Pure: the
 * reconciler compares this with the markers of what was sent and sends only the difference, so running it twice
 * (or two runs at once, thanks to conditional markers) sends nothing twice.
 */
import type { MeetingRecord } from './meeting.ts';

export type NotificationKind = 'invitation' | 'update' | 'cancellation' | 'reminder';
/** What a sent-marker may record: the notifications, and the minutes' follow-up (minutes-follow-up.ts): an edition's mail, an action item's reminder. */
export type SentKind = NotificationKind | 'minutes' | 'action';

export interface Recipient {
  readonly name: string;
  readonly email: string;
}

/** What was sent to one recipient of a meeting, as the markers record it. */
export interface SentRecord {
  readonly kind: SentKind;
  readonly sequence: number;
  readonly email: string;
  /** The meeting's start (ISO) when it was sent; markers written before December 2026 lack it. */
  readonly start?: string;
  /** An action item's reminder: which action, for which due day. */
  readonly actionId?: string;
  readonly due?: string;
  /** Claimed by a run and not marked sent yet (within the claim's lease): under way, not done. */
  readonly claimed?: true;
}

export interface PlannedNotification {
  readonly kind: NotificationKind;
  readonly sequence: number;
  readonly recipient: Recipient;
}

export interface PlanTimes {
  readonly now: Date;
  /** From when invitations go out (meeting start minus the body's invitation lead time). */
  readonly invitationFrom: Date;
  /** From when the reminder goes out (meeting start minus the body's reminder lead in working days). */
  readonly reminderFrom: Date;
}

const normalise = (email: string): string => email.trim().toLowerCase();

/**
 * Whether a reminder sent earlier reminds of the meeting's current start. A reminder is one per (meeting, recipient,
 * start): a new SEQUENCE for a change of place, agenda or guests is told by the update, not by reminding again.
 * Reminder markers written before they carried the start know only their SEQUENCE: such a one counts as long as no
 * change after it moved the meeting (the change log says which raised sequence changed the time).
 */
export function remindsOfCurrentStart(meeting: Pick<MeetingRecord, 'start' | 'changeLog'>, reminder: SentRecord): boolean {
  if (reminder.start !== undefined) return new Date(reminder.start).getTime() === new Date(meeting.start).getTime();
  return !meeting.changeLog.some((change) => change.sequence > reminder.sequence && change.changes.includes('time'));
}

export function planNotifications(meeting: MeetingRecord, recipients: readonly Recipient[], sent: readonly SentRecord[], times: PlanTimes): PlannedNotification[] {
  const start = new Date(meeting.start);
  if (times.now >= start) return []; // the past is not notified
  const plan: PlannedNotification[] = [];
  const current = new Map(recipients.map((r) => [normalise(r.email), r]));
  const byEmail = new Map<string, SentRecord[]>();
  for (const record of sent) byEmail.set(normalise(record.email), [...(byEmail.get(normalise(record.email)) ?? []), record]);

  // Everyone who holds the meeting in their calendar (a request without a later cancellation).
  for (const [email, records] of byEmail) {
    const lastRequest = Math.max(-1, ...records.filter((r) => r.kind === 'invitation' || r.kind === 'update').map((r) => r.sequence));
    const lastCancel = Math.max(-1, ...records.filter((r) => r.kind === 'cancellation').map((r) => r.sequence));
    const holdsEntry = lastRequest > lastCancel;
    const stillInvited = meeting.status === 'scheduled' && current.has(email);
    if (holdsEntry && !stillInvited) {
      const recipient = current.get(email) ?? { name: email, email: records[0]?.email ?? email };
      plan.push({ kind: 'cancellation', sequence: meeting.sequence, recipient });
    }
  }
  if (meeting.status !== 'scheduled' || times.now < times.invitationFrom) return plan;

  for (const [email, recipient] of current) {
    const records = byEmail.get(email) ?? [];
    const lastRequest = Math.max(-1, ...records.filter((r) => r.kind === 'invitation' || r.kind === 'update').map((r) => r.sequence));
    const lastCancel = Math.max(-1, ...records.filter((r) => r.kind === 'cancellation').map((r) => r.sequence));
    if (lastRequest < 0 || lastCancel >= lastRequest) {
      // Never invited, or their entry was cancelled (they left and came back): a fresh invitation.
      if (!records.some((r) => r.kind === 'invitation' && r.sequence === meeting.sequence)) plan.push({ kind: 'invitation', sequence: meeting.sequence, recipient });
    } else if (lastRequest < meeting.sequence) {
      plan.push({ kind: 'update', sequence: meeting.sequence, recipient });
    }
    if (times.now >= times.reminderFrom && !records.some((r) => r.kind === 'reminder' && remindsOfCurrentStart(meeting, r))) {
      plan.push({ kind: 'reminder', sequence: meeting.sequence, recipient });
    }
  }
  return plan;
}
