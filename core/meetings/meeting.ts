/**
 * Meetings of the bodies (Gremien): occurrences of a body's recurrence, materialised as items so that changes
 * (reschedule, cancel, agenda, guests) can be made to one meeting and sent to its recipients.
 */
import type { DistrictProfile } from '../profile/schema.ts';

/** One date the body's rule produced, after moving it off weekends, holidays and closing days. */
export interface Occurrence {
  readonly bodyId: string;
  /** The date the recurrence rule produced (YYYY-MM-DD, Europe/Berlin); identifies the occurrence for good. */
  readonly ruleDate: string;
  readonly start: Date;
  readonly end: Date;
  /** Why the meeting is not on its rule date, in German (e.g. "Fronleichnam"); undefined when it is. */
  readonly movedBecause?: string;
}

/** A rule date that cannot be met (no working day in reach, outside office hours): reported, never bent. */
export interface ScheduleProblem {
  readonly bodyId: string;
  readonly ruleDate: string;
  readonly problem: string;
}

export interface AgendaItem {
  readonly itemId: string;
  readonly title: string;
  readonly addedBy: string;
  readonly addedAt: string;
  /** The Jour fixe topic (core/meetings/topic.ts) this item carries, when it came from one. */
  readonly topicId?: string;
  /** The gap report routed onto the agenda with this item: a decision on it in the minutes becomes its outcome. */
  readonly gapReportId?: string;
}

export interface Guest {
  readonly guestId: string;
  readonly name: string;
  readonly email: string;
  readonly topic?: string;
}

export interface MeetingRecord {
  /** `<bodyId>-<ruleDate>`: stable, so materialising the same horizon twice finds the same meetings. */
  readonly meetingId: string;
  readonly bodyId: string;
  readonly version: number;
  /** iCalendar SEQUENCE: raised on every change the recipients must learn about (time, place, agenda, guests). */
  readonly sequence: number;
  readonly ruleDate: string;
  /** ISO instants (UTC). */
  readonly start: string;
  readonly end: string;
  readonly location: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly movedBecause?: string;
  readonly agenda: readonly AgendaItem[];
  readonly guests: readonly Guest[];
  /** What each raised sequence changed, so an update can tell each recipient what is new since their last mail. */
  /** `by: 'profile'`: the change followed the profile (follow-profile.ts); otherwise the coordination made it. */
  readonly changeLog: readonly { readonly sequence: number; readonly changes: readonly ('time' | 'location' | 'agenda' | 'guests')[]; readonly by?: 'profile' }[];
  /** A one-off meeting (createOneOffMeeting), outside the body's series: the profile's schedule never moves or drops it. */
  readonly oneOff?: true;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const meetingIdOf = (bodyId: string, ruleDate: string): string => `${bodyId}-${ruleDate}`;

/** A body's name from the profile; its id for a body the profile no longer has (its meetings stay readable). */
export const bodyNameOf = (profile: Pick<DistrictProfile, 'bodies'>, bodyId: string): string => profile.bodies.find((b) => b.id === bodyId)?.name ?? bodyId;

type ChangeLogEntry = MeetingRecord['changeLog'][number];

/**
 * A change the recipients must learn about: the SEQUENCE raised and the change logged under it (`by: 'profile'` when
 * the profile made it, follow-profile.ts). Generic in the other fields, so it fits the repository's change type.
 */
export function sequencedChange<C extends object>(meeting: Pick<MeetingRecord, 'sequence' | 'changeLog'>, changes: C, kinds: ChangeLogEntry['changes'], by?: 'profile'): C & Pick<MeetingRecord, 'sequence' | 'changeLog'> {
  const sequence = meeting.sequence + 1;
  return { ...changes, sequence, changeLog: [...meeting.changeLog, { sequence, changes: [...kinds], ...(by === undefined ? {} : { by }) }] };
}

/**
 * A meeting id: `<bodyId>-<date>`, with `-<n>` when a meeting the profile moved (follow-profile.ts) still holds the
 * plain id of the date a new meeting is created on.
 */
export const MEETING_ID = /^[a-z0-9-]{1,80}-\d{4}-\d{2}-\d{2}(?:-\d{1,2})?$/;

/** The id for a new meeting of `bodyId` on `ruleDate`: the plain one, or the first free `-<n>` after it. */
export function freeMeetingId(bodyId: string, ruleDate: string, taken: ReadonlySet<string>): string {
  const plain = meetingIdOf(bodyId, ruleDate);
  for (let n = 1; n < 100; n += 1) {
    const id = n === 1 ? plain : `${plain}-${String(n)}`;
    if (!taken.has(id)) return id;
  }
  throw new Error(`no free meeting id for ${plain}`);
}

/** The UID every calendar entry of a meeting carries, forever: updates and cancellations replace that entry. */
export const meetingUid = (meetingId: string, districtId: string): string => `${meetingId}@${districtId}.kim-flow`;
