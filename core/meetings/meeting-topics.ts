/**
 * Topics for the Jour fixe (core/meetings/topic.ts): case managers (and coordinators) propose them, the coordination
 * puts one on a coming meeting of its body — the body's next scheduled one unless it names another — or declines it
 * with a reason.
 *
 * Accepting writes the topic and the meeting's new agenda item in one transaction, each conditional on its version,
 * exactly as routing a gap report does (core/casework/review-gap-report.ts): the agenda change raises the meeting's
 * SEQUENCE, so the next reconciler run sends the members an invitation update carrying the topic. The agenda item
 * carries title, text and the linked gap report's agenda title — never who proposed it. Two decisions at once on the
 * same topic: one wins, the other is a conflict.
 */
import { parseInput } from '../validation/parse-input.ts';
import { randomUUID } from 'node:crypto';
import '../validation/zod-german.ts';
import type { GapReport } from '../cases/gap-report.ts';
import { InvalidCursor, VersionConflict } from '../cases/ports.ts';
import type { GapReportRepository } from '../casework/gap-report-repository.ts';
import { agendaTitle } from '../casework/review-gap-report.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import { expiresAfterDays } from '../privacy/retention.ts';
import { fittedAgendaText } from './agenda-text.ts';
import { agendaAddition, cancelMeeting, meetingFor, removeAgendaItem, requireCoordinator, upcomingMeetings, type MeetingDependencies } from './meeting-admin.ts';
import type { AgendaItem, MeetingRecord } from './meeting.ts';
import { acceptTopicInput, declineTopicInput, proposeTopicInput, topicsQuery } from './topic-inputs.ts';
import type { MeetingTopic, TopicChanges, TopicPage, TopicRepository } from './topic.ts';

export interface TopicDependencies extends MeetingDependencies {
  readonly topics: TopicRepository;
  readonly gapReports: Pick<GapReportRepository, 'getGapReport' | 'listGapReports'>;
}

export interface TopicDecision {
  readonly topic: MeetingTopic;
  /** accept: the meeting the topic is on the agenda of. */
  readonly meeting?: Pick<MeetingRecord, 'meetingId' | 'bodyId' | 'start' | 'sequence'>;
}

/** A gap report a topic may link to, by its agenda title only. */
export interface LinkableGapReport {
  readonly gapReportId: string;
  readonly title: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_LIMIT = 50;
/** Gap reports offered for a link: the newest checked ones (a few per week are raised). */
const LINKABLE_LIMIT = 100;
/** Other changes of the same meeting at the same moment: each try reads the meeting again. */
const ACCEPT_ATTEMPTS = 5;
const DECIDED: Readonly<Record<MeetingTopic['status'], string>> = { proposed: 'geändert', accepted: 'auf die Tagesordnung gesetzt', declined: 'abgelehnt' };


/** Only checked gap reports may travel with a topic: their text passed the coordination. */
const isLinkable = (report: GapReport): boolean => report.status === 'accepted' || report.status === 'routed';

const topicFor = async (deps: Pick<TopicDependencies, 'topics'>, topicId: string): Promise<MeetingTopic | undefined> => (UUID.test(topicId) ? deps.topics.getTopic(topicId) : undefined);

/** Someone else decided meanwhile (or the page showed an older version): say what became of it. */
const changedMeanwhile = (now: MeetingTopic | undefined): Error =>
  conflict(`Der Themenvorschlag wurde zwischenzeitlich ${now === undefined ? 'geändert' : DECIDED[now.status]}. Bitte laden Sie die Seite neu.`);

function jourFixeOf(deps: Pick<TopicDependencies, 'profile'>, bodyId: string | undefined): string {
  const bodies = deps.profile.bodies.filter((body) => body.kind === 'jourFixe');
  if (bodyId !== undefined) {
    if (!bodies.some((body) => body.id === bodyId)) throw validationFailed([{ field: 'bodyId', message: 'ist kein Jour fixe des Profils' }]);
    return bodyId;
  }
  const [only, ...others] = bodies;
  if (only === undefined) throw validationFailed([{ field: 'bodyId', message: 'das Profil hat keinen Jour fixe' }]);
  if (others.length > 0) throw validationFailed([{ field: 'bodyId', message: 'bitte den Jour fixe wählen' }]);
  return only.id;
}

export async function proposeTopic(deps: TopicDependencies, caller: Caller, raw: unknown): Promise<MeetingTopic> {
  requireRole(caller, 'casemanager', 'coordinator');
  const input = parseInput(proposeTopicInput, raw);
  const bodyId = jourFixeOf(deps, input.bodyId);
  let gapReportTitle: string | undefined;
  if (input.gapReportId !== undefined) {
    const report = await deps.gapReports.getGapReport(input.gapReportId);
    if (report === undefined || !isLinkable(report)) throw validationFailed([{ field: 'gapReportId', message: 'ist keine geprüfte Bedarfsmeldung' }]);
    gapReportTitle = agendaTitle(deps.profile, report);
  }
  const now = deps.clock.now();
  return deps.topics.createTopic({
    topicId: randomUUID(),
    bodyId,
    title: input.title,
    text: input.text,
    ...(input.gapReportId === undefined ? {} : { gapReportId: input.gapReportId, gapReportTitle }),
    proposedBy: caller.userId,
    createdAt: now.toISOString(),
    status: 'proposed',
    version: 1,
    expiresAt: expiresAfterDays(now, deps.profile.retention.meetingTopicDays),
  });
}

/** The checked gap reports a topic may link to, newest first, by their agenda title. */
export async function linkableGapReports(deps: Pick<TopicDependencies, 'gapReports' | 'profile'>, caller: Caller): Promise<{ gapReports: LinkableGapReport[] }> {
  requireRole(caller, 'casemanager', 'coordinator');
  const reports = (await deps.gapReports.listGapReports()).filter(isLinkable).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { gapReports: reports.slice(0, LINKABLE_LIMIT).map((report) => ({ gapReportId: report.gapReportId, title: agendaTitle(deps.profile, report) })) };
}

/** `mine=true`: one's own topics, newest first; otherwise (coordination) the topics of a status, oldest first. */
export async function listTopics(deps: Pick<TopicDependencies, 'topics' | 'clock'>, caller: Caller, query: unknown): Promise<TopicPage> {
  const input = parseInput(topicsQuery, query);
  const page = { limit: input.limit ?? DEFAULT_LIMIT, now: Math.floor(deps.clock.now().getTime() / 1000), ...(input.cursor === undefined ? {} : { cursor: input.cursor }) };
  try {
    if (input.mine === 'true') {
      requireRole(caller, 'casemanager', 'coordinator');
      return await deps.topics.listTopicsProposedBy(caller.userId, page);
    }
    requireCoordinator(caller);
    return await deps.topics.listTopicsByStatus(input.status ?? 'proposed', page);
  } catch (error) {
    if (error instanceof InvalidCursor) throw validationFailed([{ field: 'cursor', message: 'ist ungültig' }]);
    throw error;
  }
}

/** The topic to decide on: it exists, the page's version is current, and nobody decided yet. */
async function openTopic(deps: Pick<TopicDependencies, 'topics'>, topicId: string, version: number | undefined): Promise<MeetingTopic> {
  const topic = await topicFor(deps, topicId);
  if (topic === undefined) throw notFound('Der Themenvorschlag');
  if ((version !== undefined && version !== topic.version) || topic.status !== 'proposed') throw changedMeanwhile(topic);
  return topic;
}

function decision(deps: TopicDependencies, caller: Caller, changes: TopicChanges): TopicChanges {
  const now = deps.clock.now();
  return { ...changes, decidedBy: caller.userId, decidedAt: now.toISOString(), expiresAt: expiresAfterDays(now, deps.profile.retention.meetingTopicDays) };
}

/** The meeting the coordination chose, or the body's next: a coming, scheduled meeting of the topic's body. */
async function targetMeeting(deps: TopicDependencies, topic: MeetingTopic, meetingId: string | undefined): Promise<string> {
  if (meetingId === undefined) {
    const [next] = await upcomingMeetings(deps, topic.bodyId);
    const body = deps.profile.bodies.find((b) => b.id === topic.bodyId);
    if (next === undefined) throw conflict(`Für „${body?.name ?? topic.bodyId}“ ist keine kommende Sitzung geplant.`);
    return next.meetingId;
  }
  const meeting = await meetingFor(deps, meetingId);
  if (meeting.bodyId !== topic.bodyId) throw validationFailed([{ field: 'meetingId', message: 'ist keine Sitzung dieses Jour fixe' }]);
  return meeting.meetingId;
}

/** The agenda item: the topic's title and text, and the linked gap report's agenda title as it reads now. */
async function agendaTextOf(deps: TopicDependencies, topic: MeetingTopic): Promise<string> {
  const report = topic.gapReportId === undefined ? undefined : await deps.gapReports.getGapReport(topic.gapReportId);
  return fittedAgendaText(topic.title, topic.text, report === undefined ? topic.gapReportTitle : agendaTitle(deps.profile, report));
}

export async function acceptTopic(deps: TopicDependencies, caller: Caller, topicId: string, raw: unknown): Promise<TopicDecision> {
  requireCoordinator(caller);
  const input = parseInput(acceptTopicInput, raw);
  const topic = await openTopic(deps, topicId, input.version);
  const meetingId = await targetMeeting(deps, topic, input.meetingId);
  const text = await agendaTextOf(deps, topic);
  for (let attempt = 1; ; attempt += 1) {
    const meeting = await meetingFor(deps, meetingId);
    const { item, changes } = agendaAddition(deps, caller, meeting, text, { topicId: topic.topicId });
    const placement = { meetingId, agendaItemId: item.itemId, meetingStart: meeting.start };
    try {
      const written = await deps.topics.acceptTopic({ expected: topic, changes: decision(deps, caller, { status: 'accepted', placement }) }, { expected: meeting, changes }, deps.clock.now());
      return { topic: written.topic, meeting: { meetingId, bodyId: written.meeting.bodyId, start: written.meeting.start, sequence: written.meeting.sequence } };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      // The topic decides: changed means someone else decided; unchanged means only the meeting moved meanwhile.
      const now = await deps.topics.getTopic(topic.topicId);
      if (now?.version !== topic.version) throw changedMeanwhile(now);
      if (attempt >= ACCEPT_ATTEMPTS) throw conflict('Die Sitzung wurde zwischenzeitlich geändert. Bitte versuchen Sie es erneut.');
    }
  }
}

export async function declineTopic(deps: TopicDependencies, caller: Caller, topicId: string, raw: unknown): Promise<TopicDecision> {
  requireCoordinator(caller);
  const input = parseInput(declineTopicInput, raw);
  const topic = await openTopic(deps, topicId, input.version);
  try {
    return { topic: await deps.topics.updateTopic(topic, decision(deps, caller, { status: 'declined', declineReason: input.reason })) };
  } catch (error) {
    if (error instanceof VersionConflict) throw changedMeanwhile(await deps.topics.getTopic(topic.topicId));
    throw error;
  }
}

/**
 * A topic whose agenda item leaves its meeting — the item removed, or the meeting cancelled — goes back to
 * "vorgeschlagen", so the coordination places it again instead of it staying on a meeting that will not take it up.
 * Written after the meeting's change: one that another decision changed meanwhile is left as that decision made it.
 */
async function returnTopics(deps: Pick<TopicDependencies, 'topics'>, items: readonly AgendaItem[]): Promise<void> {
  for (const item of items) {
    const topic = item.topicId === undefined ? undefined : await deps.topics.getTopic(item.topicId);
    if (topic?.status !== 'accepted' || topic.placement?.agendaItemId !== item.itemId) continue;
    try {
      await deps.topics.updateTopic(topic, { status: 'proposed', placement: undefined, decidedBy: undefined, decidedAt: undefined });
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
}

/** Cancels the meeting (meeting-admin.ts); the topics on its agenda go back to "vorgeschlagen". */
export async function cancelMeetingWithTopics(deps: TopicDependencies, caller: Caller, meetingId: string): Promise<MeetingRecord> {
  const cancelled = await cancelMeeting(deps, caller, meetingId);
  await returnTopics(deps, cancelled.agenda);
  return cancelled;
}

/** Removes an agenda item (meeting-admin.ts); a topic it carried goes back to "vorgeschlagen". */
export async function removeAgendaItemWithTopic(deps: TopicDependencies, caller: Caller, meetingId: string, itemId: string): Promise<MeetingRecord> {
  const before = await meetingFor(deps, meetingId);
  const changed = await removeAgendaItem(deps, caller, meetingId, itemId);
  await returnTopics(deps, before.agenda.filter((item) => item.itemId === itemId));
  return changed;
}
