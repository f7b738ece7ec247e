/** What the minutes use cases need from the table; core/adapters/dynamo-minutes-repository.ts implements it. */
import type { GapReportUpdate } from '../casework/gap-report-repository.ts';
import type { MinutesDraft, MinutesEdition, TrackedAction } from './minutes.ts';

/** One release, written as one transaction: all of it or nothing. */
export interface MinutesRelease {
  /** The draft as read (its version; 0: never saved) and as it is written with the new edition's number. */
  readonly expectedDraftVersion: number;
  readonly draft: MinutesDraft;
  readonly edition: MinutesEdition;
  /** Action items written (new ones with version 1), each conditional on the version it was read at. */
  readonly actions: readonly { readonly expectedVersion: number; readonly action: TrackedAction }[];
  /** Action items a correction removed. */
  readonly removedActions: readonly TrackedAction[];
  /** Decisions on routed gap reports, recorded as their outcome (conditional on the report's version). */
  readonly gapReports: readonly GapReportUpdate[];
  /** The day the edition's mail is due (YYYY-MM-DD). */
  readonly mailDue: string;
  /** The TTL (epoch seconds) of every item of the minutes. */
  readonly expiresAt: number;
}

export interface MinutesRepository {
  /** The draft and every edition, in one consistent read of the meeting's minutes. */
  getMinutes(meetingId: string): Promise<{ readonly draft?: MinutesDraft; readonly editions: readonly MinutesEdition[] }>;
  /** The last edition released (0: none), without reading the minutes themselves. */
  releasedEdition(meetingId: string): Promise<number>;
  /** One released edition. */
  getEdition(meetingId: string, edition: number): Promise<MinutesEdition | undefined>;
  /** Writes the draft, conditional on `expectedVersion` (0: none yet); throws VersionConflict. */
  saveDraft(expectedVersion: number, draft: MinutesDraft, expiresAt: number): Promise<MinutesDraft>;
  /** Throws VersionConflict when the draft, an action item or a gap report changed meanwhile. */
  release(release: MinutesRelease): Promise<void>;
  listActions(meetingId: string): Promise<TrackedAction[]>;
  /** A body's open action items from meetings that began before `before` (ISO): the newest `limit`, oldest meeting first. */
  openActionsOfBody(bodyId: string, before: string, limit: number): Promise<TrackedAction[]>;
  /** Marks it done (no longer open, no reminder), conditional on `expected.version`; throws VersionConflict. */
  markActionDone(expected: TrackedAction, doneAt: string, doneBy: string): Promise<TrackedAction>;
  /** Its reminder went out: it leaves the follow-up's index, conditional on `expected.version`; throws VersionConflict. */
  actionReminded(expected: TrackedAction): Promise<void>;
  /** The meetings whose follow-up is due on or before `day` (YYYY-MM-DD): an edition's mail or a reminder. */
  dueFollowUps(day: string, limit: number): Promise<string[]>;
  /** The edition whose mail is still to be sent, if any. */
  pendingMinutesMail(meetingId: string): Promise<number | undefined>;
  /** The edition's mail went to everyone: its follow-up entry goes (unless a newer edition took its place). */
  minutesMailDone(meetingId: string, edition: number): Promise<void>;
}
