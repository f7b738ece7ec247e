/** What the meeting use cases need from the outside world; core/adapters implements it on the single table. */
import type { BodyMember } from '../profile/demo-data-schema.ts';
import type { MeetingRecord, ScheduleProblem } from './meeting.ts';
import type { NotificationKind, SentRecord } from './notification-plan.ts';

export type MeetingChanges = Partial<Pick<MeetingRecord, 'start' | 'end' | 'location' | 'status' | 'agenda' | 'guests' | 'sequence' | 'changeLog'>>;

export interface RsvpRecord {
  readonly email: string;
  readonly answer: 'accepted' | 'declined';
  readonly sequence: number;
  readonly at: string;
}

export interface MeetingRepository {
  /** Creates the meeting unless it exists (materialising a horizon twice changes nothing). */
  ensureMeeting(record: MeetingRecord): Promise<'created' | 'exists'>;
  getMeeting(meetingId: string): Promise<MeetingRecord | undefined>;
  listMeetings(from: Date, to: Date, bodyId?: string): Promise<MeetingRecord[]>;
  /** Conditional on the version; throws VersionConflict. */
  updateMeeting(expected: MeetingRecord, changes: MeetingChanges, now: Date): Promise<MeetingRecord>;
  listMembers(bodyId: string): Promise<BodyMember[]>;
  saveMember(member: BodyMember, now: Date): Promise<void>;
  /** Sends that went out, or are under way and not stale (a stale claim may be sent again). */
  listSent(meetingId: string, now: Date): Promise<SentRecord[]>;
  /** Claims one (meeting, kind, sequence, recipient) send; false when another run has it (or had it). */
  claimSend(meetingId: string, kind: NotificationKind, sequence: number, email: string, now: Date): Promise<boolean>;
  markSent(meetingId: string, kind: NotificationKind, sequence: number, email: string, messageId: string, now: Date): Promise<void>;
  /** 'stale' when the recipient already answered a newer version of the invitation (that answer stands). */
  recordRsvp(meetingId: string, rsvp: RsvpRecord): Promise<'recorded' | 'stale'>;
  listRsvps(meetingId: string): Promise<RsvpRecord[]>;
  recordProblem(problem: ScheduleProblem, now: Date): Promise<void>;
}
