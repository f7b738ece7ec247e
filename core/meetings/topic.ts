/**
 * A topic for the Jour fixe (Themenvorschlag): a case manager's "current topic or problem" (DOMAIN.md) for the
 * coordination to put on a meeting's agenda or to decline with a reason. Anonymous by rule — a title and a short
 * text without case numbers or names, at most a link to a checked gap report — because the accepted topic travels
 * to every member in the invitation update.
 *
 * Its life: `proposed` → `accepted` (an agenda item of a coming meeting of its body, written in one transaction with
 * the meeting) or `declined` (with the reason the proposer reads). No node: imports: the page shows the status text.
 */
import { formatGerman } from '../calendar/german-format.ts';
import type { MeetingRecord } from './meeting.ts';
import type { MeetingChanges } from './ports.ts';

export const TOPIC_STATUSES = ['proposed', 'accepted', 'declined'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/** Where an accepted topic went: the meeting and the agenda item that carries it (AgendaItem.topicId points back). */
export interface TopicPlacement {
  readonly meetingId: string;
  readonly agendaItemId: string;
  /** The meeting's start when the topic was accepted (ISO instant), for the proposer's status line. */
  readonly meetingStart: string;
}

export interface MeetingTopic {
  readonly topicId: string;
  /** A body of kind `jourFixe` of the profile. */
  readonly bodyId: string;
  readonly title: string;
  readonly text: string;
  /** A gap report whose text the coordination checked (accepted or routed), and its agenda title when linked. */
  readonly gapReportId?: string;
  readonly gapReportTitle?: string;
  /** The staff id of the proposer: for "Meine Themenvorschläge" only, never on an agenda. */
  readonly proposedBy: string;
  /** ISO instant. */
  readonly createdAt: string;
  readonly status: TopicStatus;
  /** Optimistic locking: every change is conditional on it. */
  readonly version: number;
  /** Deletion date (epoch seconds, the table's TTL): profile retention.meetingTopicDays after proposal, then after the decision. */
  readonly expiresAt: number;
  readonly placement?: TopicPlacement;
  readonly declineReason?: string;
  /** The coordinator who decided, and when (ISO instant). */
  readonly decidedBy?: string;
  readonly decidedAt?: string;
}

/** One page of a list: the topics and the cursor of the next page, if there is one. */
export interface TopicPage {
  readonly topics: readonly MeetingTopic[];
  readonly next?: string;
}

export interface TopicPageRequest {
  readonly limit: number;
  readonly cursor?: string;
  /** Epoch seconds: topics past their deletion date are left out (TTL deletes late). */
  readonly now: number;
}

/** What the topic use cases need from the table; core/adapters/dynamo-topic-repository.ts implements it. */
export interface TopicRepository {
  /** A new topic (version 1); never overwrites one. */
  createTopic(topic: MeetingTopic): Promise<MeetingTopic>;
  /** Read consistently, with its version. */
  getTopic(topicId: string): Promise<MeetingTopic | undefined>;
  /** Topics of one status, oldest first (the coordination works through them in order). Throws InvalidCursor. */
  listTopicsByStatus(status: TopicStatus, page: TopicPageRequest): Promise<TopicPage>;
  /** One person's topics, newest first. Throws InvalidCursor. */
  listTopicsProposedBy(staffId: string, page: TopicPageRequest): Promise<TopicPage>;
  /** Changes a topic, conditional on the version it was read at; throws VersionConflict. */
  updateTopic(expected: MeetingTopic, changes: TopicChanges): Promise<MeetingTopic>;
  /**
   * Accepting: the topic's changes and the meeting's (its new agenda item) in one transaction, each conditional on
   * the version it was read at — both are written or neither. Throws VersionConflict when either changed meanwhile.
   */
  acceptTopic(topic: { readonly expected: MeetingTopic; readonly changes: TopicChanges }, meeting: { readonly expected: MeetingRecord; readonly changes: MeetingChanges }, now: Date): Promise<{ topic: MeetingTopic; meeting: MeetingRecord }>;
}

export type TopicChanges = Partial<Pick<MeetingTopic, 'status' | 'placement' | 'declineReason' | 'decidedBy' | 'decidedAt' | 'expiresAt'>>;

/** The status as the proposer reads it: "vorgeschlagen", "auf der Tagesordnung der Sitzung am …", "abgelehnt: …". */
export function topicStatusText(topic: Pick<MeetingTopic, 'status' | 'placement' | 'declineReason'>, timeZone: string): string {
  switch (topic.status) {
    case 'proposed':
      return 'vorgeschlagen';
    case 'accepted':
      return topic.placement === undefined ? 'auf der Tagesordnung' : `auf der Tagesordnung der Sitzung am ${formatGerman(new Date(topic.placement.meetingStart), 'date', timeZone)}`;
    case 'declined':
      return `abgelehnt: ${topic.declineReason ?? ''}`;
  }
}
