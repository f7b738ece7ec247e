/** What the meeting use cases need from the outside world; core/adapters implements it on the single table. */
import type { BodyMember } from '../profile/demo-data-schema.ts';
import type { MeetingRecord, ScheduleProblem } from './meeting.ts';
import type { NotificationKind, SentRecord } from './notification-plan.ts';
import type { RsvpAnswer } from './rsvp-token.ts';

/** A meeting's changes; a field set to undefined is removed (movedBecause, once a meeting is on its rule date again). */
export type MeetingChanges = Partial<Pick<MeetingRecord, 'start' | 'end' | 'location' | 'status' | 'agenda' | 'guests' | 'sequence' | 'changeLog' | 'ruleDate' | 'movedBecause'>>;

export interface RsvpRecord {
  readonly email: string;
  readonly answer: RsvpAnswer;
  readonly sequence: number;
  readonly at: string;
}

/**
 * One send of a meeting: what a sent-marker is kept for. Invitations, updates and cancellations are one per
 * (kind, sequence, recipient); a reminder is one per (start, recipient) — `start` is the meeting's start it reminds
 * of (notification-plan.ts, remindsOfCurrentStart), so only a change of date or time reminds again.
 */
export type SendKey =
  | { readonly kind: Exclude<NotificationKind, 'reminder'>; readonly sequence: number; readonly email: string; readonly start?: string }
  | { readonly kind: 'reminder'; readonly sequence: number; readonly email: string; readonly start: string }
  /** A released edition of the minutes: `sequence` is the edition. */
  | { readonly kind: 'minutes'; readonly sequence: number; readonly email: string; readonly start?: undefined }
  /** An action item's reminder, one per (action, due day, owner). */
  | { readonly kind: 'action'; readonly sequence: 0; readonly email: string; readonly start?: undefined; readonly actionId: string; readonly due: string };

export interface MeetingRepository {
  /** Creates the meeting unless it exists (materialising a horizon twice changes nothing). */
  ensureMeeting(record: MeetingRecord): Promise<'created' | 'exists'>;
  /** The same for many (in transactions of up to 100 conditional puts); answers how many were created. */
  ensureMeetings(records: readonly MeetingRecord[]): Promise<number>;
  getMeeting(meetingId: string): Promise<MeetingRecord | undefined>;
  /** The meeting and what was sent for it (as `listSent`), in one consistent read of its partition. */
  getMeetingWithSent(meetingId: string, now: Date): Promise<{ meeting: MeetingRecord | undefined; sent: SentRecord[] }>;
  listMeetings(from: Date, to: Date, bodyId?: string): Promise<MeetingRecord[]>;
  /** Conditional on the version; throws VersionConflict. */
  updateMeeting(expected: MeetingRecord, changes: MeetingChanges, now: Date): Promise<MeetingRecord>;
  listMembers(bodyId: string): Promise<BodyMember[]>;
  saveMember(member: BodyMember, now: Date): Promise<void>;
  /** Sends that went out, or are under way and not stale (a stale claim may be sent again). */
  listSent(meetingId: string, now: Date): Promise<SentRecord[]>;
  /**
   * Claims sends before they are made: each send (SendKey) with a conditional marker, so only one
   * run gets it (a claim older than the lease counts as a crashed run's and may be taken over). Written in
   * transactions of up to 100 markers; answers the sends this run got — without those another run has or had.
   */
  claimSends(meetingId: string, sends: readonly SendKey[], now: Date): Promise<SendKey[]>;
  /** Marks claimed sends as sent (batch writes; a marker only ever goes from claimed to sent). */
  markSent(meetingId: string, sent: readonly (SendKey & { readonly messageId: string })[], now: Date): Promise<void>;
  /** 'stale' when the recipient already answered a newer version of the invitation (that answer stands). */
  recordRsvp(meetingId: string, rsvp: RsvpRecord): Promise<'recorded' | 'stale'>;
  listRsvps(meetingId: string): Promise<RsvpRecord[]>;
  recordProblem(problem: ScheduleProblem, now: Date): Promise<void>;
}
