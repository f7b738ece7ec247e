/**
 * Every key of the single table is built here and nowhere else, so access patterns stay readable in one place.
 *
 * Access patterns so far:
 *  - get the district profile's settings            pk=DISTRICT            sk=PROFILE
 *  - get/list providers, services, bodies            pk=<KIND>#<id>         sk=<KIND>       gsi1: <KIND>S / <id>
 *  - get a staff member, list staff (by role)        pk=STAFF#<id>          sk=STAFF        gsi1: STAFF / <role>#<id>
 *      list staff of a provider (by role), e.g. its case managers for the assignment     gsi2: PROVIDER#<id>#STAFF / <role>#<id>
 *  - list members of a body                          pk=BODY#<id>           sk=MEMBER#<memberId>
 *  - get a case (no personal data)                   pk=CASE#<id>           sk=CASE
 *      list cases by stage, oldest first                                                   gsi1: CASES#<stage> / <createdAt>#<id>
 *      list a case manager's cases                                                         gsi2: CASEMANAGER#<staffId> / <createdAt>#<id>
 *  - the case list, a page at a time (core/adapters/case-list-entries.ts, dynamo-case-list.ts)
 *                                                    pk=CASELIST#<id>       sk=<dimension>  gsi1: LIST#<list>#<stage> / <rank>#<createdAt>#<id>
 *      one small entry per list a case is in (<list>: ALL | MUNICIPALITY#<id> | CASEMANAGER#<staffId> | ATTENTION |
 *      OVERDUE; <dimension> its first word), carrying the row the list shows; <rank> 0 parked, 1 open crisis, 2 open,
 *      3 closed, so the coordination's order is the index's order and every filter (with or without the stage) is a
 *      key condition; without a stage a page merges the stage partitions (the cursor keeps a position per stage).
 *      Entries, not a gsi3 on the case item: the case's gsi1/gsi2 keys stay as other readers need them, a case is in
 *      up to five lists at once (an item in one place per index), and no index is added to a deployed table. Their
 *      own partition, not CASE#<id>: the erasure empties that one (but for the case), the entries must stay with the
 *      tombstone. Written in the transaction of every case write; they expire with the case (TTL).
 *  - the open cases by their last activity ("Ruhende Fälle", core/adapters/case-activity-entries.ts)
 *                                                    pk=CASELIST#<id>       sk=ACTIVITY     gsi1: ACTIVITY / <lastActivityAt>#<id>
 *      one entry per open case, carrying the row the page shows; "quiet since before D" is one key condition
 *      (gsi1sk < D) read a page at a time, whatever the number of open cases. Put with the case in every case write
 *      (deleted when it closes); a record entry (contact, note, goal) moves it in its own transaction, as it sets
 *      the case's lastRecordAt. One partition: a district writes cases far below a partition's throughput.
 *  - how many cases a list holds, per stage         pk=CASECOUNT#<list>    sk=<stage>#<shard> | closed#<YYYY-MM>
 *      counters raised and lowered in the case write's transaction; an open stage in 8 shards (by case id) so
 *      concurrent intakes rarely write the same item; closed cases by the month their retention ends, so a key
 *      condition (sk >= closed#<this month>) leaves out those TTL has deleted (those ending this month still count)
 *  - get the client of a case (personal data)        pk=CASE#<id>           sk=CLIENT        never in an index
 *  - the cases of one person (duplicate warning at intake, search by name and date of birth)
 *                                                    pk=CASE#<id>           sk=PERSON       gsi1: PERSON#<personKey> / <createdAt>#<id>
 *      personKey: SHA-256 of the normalised family name and the date of birth (core/cases/person-key.ts); the
 *      marker carries no name, only the key, the case id and its creation, and expires with the case
 *  - read a case's history                           pk=CASE#<id>           sk=EVENT#<at>#<source>
 *      the data protection officer's audit: what people (not the system) did, by month and by person
 *                                                                                         gsi1: AUDIT#<YYYY-MM> / <at>#<caseId>   gsi2: AUDIT#STAFF#<actor> / <at>#<caseId>
 *  - the consents of a case                          pk=CASE#<id>           sk=CONSENT#<consentId>
 *  - a workflow notice's claim (at most once, core/mail/notice-ledger.ts)
 *                                                    pk=CASE#<id>           sk=NOTICE#<notice>
 *  - a case's record, newest first per list          pk=CASE#<id>           sk=CONTACT#<date>#<recordedAt>#<id> | NOTE#<level>#<createdAt>#<id>
 *      the support plan's goals, in agreed order     pk=CASE#<id>           sk=GOAL#<goalId>
 *  - the KPI counters of the case record, per day    pk=KPI#<YYYY-MM>       sk=<YYYY-MM-DD>#<counter>   (a period: key condition BETWEEN)
 *  - the KPI counters of the cases by intake day and by intake month (one item each, a counter per attribute)
 *                                                    pk=KPI#COHORT#<YYYY>   sk=<YYYY-MM-DD>     pk=KPI#COHORT   sk=<YYYY-MM>
 *      a period reads its whole months from the month items and the days of a month it covers in part from the day
 *      items: at most ~24 + 62 items, however many cases there are (core/adapters/kpi-aggregate-writes.ts)
 *  - a case's KPI facts as last counted (codes only)  pk=CASE#<id>           sk=KPI
 *  - the KPI counters of the gap reports by the day and month they were reported (their status as it is now)
 *                                                    pk=KPI#GAPS#<YYYY>     sk=<YYYY-MM-DD>     pk=KPI#GAPS     sk=<YYYY-MM>
 *  - get a referral, list the referrals of a case    pk=REFERRAL#<id>       sk=REFERRAL     gsi2: CASE#<caseId>#REFERRALS / <id>
 *  - replay an intake by its Idempotency-Key         pk=IDEMPOTENCY#<hash>  sk=IDEMPOTENCY
 *  - get a meeting; meetings by date; by body         pk=MEETING#<id>        sk=MEETING      gsi1: MEETINGS / <start>#<id>   gsi2: BODY#<id>#MEETINGS / <start>
 *  - what was sent for a meeting, RSVP answers       pk=MEETING#<id>        sk=SENT#<kind>#<seq>#<hash> | RSVP#<hash>
 *                                                                         (a reminder: SENT#reminder#<start>#<hash>)
 *  - schedule problems of a body                     pk=BODY#<id>           sk=PROBLEM#<ruleDate>
 *  - a meeting's minutes: the draft, each released edition
 *                                                    pk=MEETING#<id>        sk=DOC#MINUTES | DOC#MINUTES#<edition>
 *      its action items; the open ones of a body (later meetings list them), sorted by the origin meeting's start
 *                                                    pk=MEETING#<id>        sk=ACTION#<actionId>   gsi2: BODY#<id>#OPENACTIONS / <start>#<actionId>
 *      what the follow-up still has to send, by the day it is due: an action item's reminder (on the action item),
 *      the mail of a released edition (sk=FOLLOWUP#MINUTES)                          gsi1: FOLLOWUPS / <YYYY-MM-DD>#<meetingId>#<what>
 *      These sort before sk=MEETING, so the reconciler's read of a meeting and its markers (MEETING … SENT#) skips them.
 *  - get a gap report, list them newest last         pk=GAP#<id>            sk=GAP          gsi1: GAPS / <createdAt>#<id>
 *      list the reports a case manager raised                                           gsi2: STAFF#<staffId>#GAPS / <createdAt>#<id>
 *  - get a Jour fixe topic; topics by status (the coordination's, oldest first); one person's (newest first)
 *                                                    pk=TOPIC#<id>          sk=TOPIC        gsi1: TOPICS#<status> / <createdAt>#<id>
 *                                                                                         gsi2: STAFF#<staffId>#TOPICS / <createdAt>#<id>
 */
import { createHash } from 'node:crypto';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export interface IndexedItemKey extends ItemKey {
  readonly gsi1pk?: string;
  readonly gsi1sk?: string;
  readonly gsi2pk?: string;
  readonly gsi2sk?: string;
}

/** Keeps an address's spelling (and the address) out of a key; the item carries the address itself. */
export const recipientHash = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);

export type CatalogueKind = 'PROVIDER' | 'SERVICE' | 'BODY';

export const tableKeys = {
  districtProfile: (): ItemKey => ({ pk: 'DISTRICT', sk: 'PROFILE' }),

  catalogueEntry: (kind: CatalogueKind, id: string): IndexedItemKey => ({
    pk: `${kind}#${id}`,
    sk: kind,
    gsi1pk: `${kind}S`,
    gsi1sk: id,
  }),
  catalogueList: (kind: CatalogueKind): { readonly gsi1pk: string } => ({ gsi1pk: `${kind}S` }),

  staff: (id: string, role: string, providerId: string | undefined): IndexedItemKey => ({
    pk: `STAFF#${id}`,
    sk: 'STAFF',
    gsi1pk: 'STAFF',
    gsi1sk: `${role}#${id}`,
    // The role leads the sort key so one provider's case managers are a key condition, not a read of all staff.
    // Items written with the earlier `gsi2sk: <id>` get it when written again (see items/staff-item.ts).
    ...(providerId === undefined ? {} : { gsi2pk: `PROVIDER#${providerId}#STAFF`, gsi2sk: `${role}#${id}` }),
  }),
  /** Reading a person by id alone: role and provider, which only place the item in the indexes, are not known yet. */
  staffKey: (id: string): ItemKey => ({ pk: `STAFF#${id}`, sk: 'STAFF' }),
  staffList: (): { readonly gsi1pk: string } => ({ gsi1pk: 'STAFF' }),
  /** The staff of one role, those who left included (the hand-over page lists case managers who still own cases). */
  staffOfRole: (role: string): { readonly gsi1pk: string; readonly gsi1skPrefix: string } => ({ gsi1pk: 'STAFF', gsi1skPrefix: `${role}#` }),
  caseManagersOfProvider: (providerId: string): { readonly gsi2pk: string; readonly gsi2skPrefix: string } => ({
    gsi2pk: `PROVIDER#${providerId}#STAFF`,
    gsi2skPrefix: 'casemanager#',
  }),

  case: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  caseIndexes: (caseId: string, stage: string, createdAt: string, caseManagerId: string | undefined) => ({
    gsi1pk: `CASES#${stage}`,
    gsi1sk: `${createdAt}#${caseId}`,
    ...(caseManagerId === undefined ? {} : { gsi2pk: `CASEMANAGER#${caseManagerId}`, gsi2sk: `${createdAt}#${caseId}` }),
  }),
  casesInStage: (stage: string): { readonly gsi1pk: string } => ({ gsi1pk: `CASES#${stage}` }),
  casesOfCaseManager: (staffId: string): { readonly gsi2pk: string } => ({ gsi2pk: `CASEMANAGER#${staffId}` }),
  caseListEntry: (caseId: string, dimension: string): ItemKey => ({ pk: `CASELIST#${caseId}`, sk: dimension }),
  caseListIndex: (list: string, stage: string, order: string): { readonly gsi1pk: string; readonly gsi1sk: string } => ({ gsi1pk: `LIST#${list}#${stage}`, gsi1sk: order }),
  caseListOrder: (rank: number, createdAt: string, caseId: string): string => `${String(rank)}#${createdAt}#${caseId}`,
  caseActivityEntry: (caseId: string): ItemKey => ({ pk: `CASELIST#${caseId}`, sk: 'ACTIVITY' }),
  caseActivityIndex: (lastActivityAt: string, caseId: string): { readonly gsi1pk: string; readonly gsi1sk: string } => ({ gsi1pk: 'ACTIVITY', gsi1sk: `${lastActivityAt}#${caseId}` }),
  caseCount: (list: string, bucket: string): ItemKey => ({ pk: `CASECOUNT#${list}`, sk: bucket }),
  caseCounts: (list: string): { readonly pk: string } => ({ pk: `CASECOUNT#${list}` }),
  client: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'CLIENT' }),
  personMarker: (caseId: string, personKey: string, createdAt: string): IndexedItemKey => ({
    pk: `CASE#${caseId}`,
    sk: 'PERSON',
    gsi1pk: `PERSON#${personKey}`,
    gsi1sk: `${createdAt}#${caseId}`,
  }),
  personMarkerKey: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'PERSON' }),
  casesOfPerson: (personKey: string): { readonly gsi1pk: string } => ({ gsi1pk: `PERSON#${personKey}` }),
  /** `source` makes the key unique: the case version, or a referral id and its version. */
  caseEvent: (caseId: string, at: string, source: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: `EVENT#${at}#${source}` }),
  /**
   * A person's event (a read, a change) also lands in the audit indexes: a period is a few month partitions, one
   * person's actions one partition, each with BETWEEN on the time — never a read of all cases.
   */
  auditIndexes: (caseId: string, at: string, actor: string) => ({
    gsi1pk: `AUDIT#${at.slice(0, 7)}`,
    gsi1sk: `${at}#${caseId}`,
    gsi2pk: `AUDIT#STAFF#${actor}`,
    gsi2sk: `${at}#${caseId}`,
  }),
  auditMonth: (month: string): { readonly gsi1pk: string } => ({ gsi1pk: `AUDIT#${month}` }),
  auditOfActor: (actor: string): { readonly gsi2pk: string } => ({ gsi2pk: `AUDIT#STAFF#${actor}` }),
  consent: (caseId: string, consentId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: `CONSENT#${consentId}` }),
  notice: (caseId: string, notice: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: `NOTICE#${notice}` }),
  consentsPrefix: (caseId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `CASE#${caseId}`, skPrefix: 'CONSENT#' }),
  referral: (referralId: string, caseId: string): IndexedItemKey => ({
    pk: `REFERRAL#${referralId}`,
    sk: 'REFERRAL',
    gsi2pk: `CASE#${caseId}#REFERRALS`,
    gsi2sk: referralId,
  }),
  referralKey: (referralId: string): ItemKey => ({ pk: `REFERRAL#${referralId}`, sk: 'REFERRAL' }),
  referralsOfCase: (caseId: string): { readonly gsi2pk: string } => ({ gsi2pk: `CASE#${caseId}#REFERRALS` }),
  contact: (caseId: string, date: string, recordedAt: string, contactId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: `CONTACT#${date}#${recordedAt}#${contactId}` }),
  contactsPrefix: (caseId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `CASE#${caseId}`, skPrefix: 'CONTACT#' }),
  // The level leads, so reading one level's notes is a key condition: a coordinator's read never touches the others.
  note: (caseId: string, level: string, createdAt: string, noteId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: `NOTE#${level}#${createdAt}#${noteId}` }),
  notesPrefix: (caseId: string, level: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `CASE#${caseId}`, skPrefix: `NOTE#${level}#` }),
  goal: (caseId: string, goalId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: `GOAL#${goalId}` }),
  goalsPrefix: (caseId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `CASE#${caseId}`, skPrefix: 'GOAL#' }),
  /** A KPI counter of one day: the month is the partition, so a period is a BETWEEN on the day in a few partitions. */
  kpiCounter: (day: string, counter: string): ItemKey => ({ pk: `KPI#${day.slice(0, 7)}`, sk: `${day}#${counter}` }),
  kpiCounterMonth: (month: string): { readonly pk: string } => ({ pk: `KPI#${month}` }),
  /** The facts of a case the KPI counters were last moved with: the next write counts the difference. */
  kpiFacts: (caseId: string): ItemKey => ({ pk: `CASE#${caseId}`, sk: 'KPI' }),
  kpiCohortDay: (day: string): ItemKey => ({ pk: `KPI#COHORT#${day.slice(0, 4)}`, sk: day }),
  kpiCohortDaysOfYear: (year: string): { readonly pk: string } => ({ pk: `KPI#COHORT#${year}` }),
  kpiCohortMonth: (month: string): ItemKey => ({ pk: 'KPI#COHORT', sk: month }),
  kpiCohortMonths: (): { readonly pk: string } => ({ pk: 'KPI#COHORT' }),
  kpiGapDay: (day: string): ItemKey => ({ pk: `KPI#GAPS#${day.slice(0, 4)}`, sk: day }),
  kpiGapDaysOfYear: (year: string): { readonly pk: string } => ({ pk: `KPI#GAPS#${year}` }),
  kpiGapMonth: (month: string): ItemKey => ({ pk: 'KPI#GAPS', sk: month }),
  kpiGapMonths: (): { readonly pk: string } => ({ pk: 'KPI#GAPS' }),
  /** The record's sort-key prefixes: everything in them expires with the case (core/workflow/apply-retention.ts). */
  caseRecordPrefixes: (): readonly string[] => ['CONTACT#', 'NOTE#', 'GOAL#'],
  /** The notices' claims of a case (syncRetention gives them the closed case's retention). */
  noticesPrefix: (): string => 'NOTICE#',
  caseEventsPrefix: (caseId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `CASE#${caseId}`, skPrefix: 'EVENT#' }),
  /** A case's history between two instants (ISO, `to` exclusive): a BETWEEN on the sort key, for the officer's audit by case. */
  caseEventsBetween: (caseId: string, from: string, to: string): { readonly pk: string; readonly skFrom: string; readonly skTo: string } => ({
    pk: `CASE#${caseId}`,
    skFrom: `EVENT#${from}`,
    skTo: `EVENT#${to}`,
  }),
  /** `raisedBy` (a case manager's own report) also places it in gsi2, for that person's "Meine Meldungen". */
  gapReport: (gapReportId: string, createdAt: string, raisedBy?: string): IndexedItemKey => ({
    pk: `GAP#${gapReportId}`,
    sk: 'GAP',
    gsi1pk: 'GAPS',
    gsi1sk: `${createdAt}#${gapReportId}`,
    ...(raisedBy === undefined ? {} : { gsi2pk: `STAFF#${raisedBy}#GAPS`, gsi2sk: `${createdAt}#${gapReportId}` }),
  }),
  gapReportKey: (gapReportId: string): ItemKey => ({ pk: `GAP#${gapReportId}`, sk: 'GAP' }),
  gapReports: (): { readonly gsi1pk: string } => ({ gsi1pk: 'GAPS' }),
  gapReportsRaisedBy: (staffId: string): { readonly gsi2pk: string } => ({ gsi2pk: `STAFF#${staffId}#GAPS` }),
  /** A Jour fixe topic (core/meetings/topic.ts): its status places it in gsi1, its proposer in gsi2. */
  topic: (topicId: string, status: string, createdAt: string, proposedBy: string): IndexedItemKey => ({
    pk: `TOPIC#${topicId}`,
    sk: 'TOPIC',
    gsi1pk: `TOPICS#${status}`,
    gsi1sk: `${createdAt}#${topicId}`,
    gsi2pk: `STAFF#${proposedBy}#TOPICS`,
    gsi2sk: `${createdAt}#${topicId}`,
  }),
  topicKey: (topicId: string): ItemKey => ({ pk: `TOPIC#${topicId}`, sk: 'TOPIC' }),
  topicsByStatus: (status: string): { readonly gsi1pk: string } => ({ gsi1pk: `TOPICS#${status}` }),
  topicsProposedBy: (staffId: string): { readonly gsi2pk: string } => ({ gsi2pk: `STAFF#${staffId}#TOPICS` }),
  idempotency: (keyHash: string): ItemKey => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' }),

  meeting: (meetingId: string, bodyId: string, start: string): IndexedItemKey => ({
    pk: `MEETING#${meetingId}`,
    sk: 'MEETING',
    gsi1pk: 'MEETINGS',
    gsi1sk: `${start}#${meetingId}`,
    gsi2pk: `BODY#${bodyId}#MEETINGS`,
    gsi2sk: start,
  }),
  meetingKey: (meetingId: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: 'MEETING' }),
  meetings: (): { readonly gsi1pk: string } => ({ gsi1pk: 'MEETINGS' }),
  meetingsOfBody: (bodyId: string): { readonly gsi2pk: string } => ({ gsi2pk: `BODY#${bodyId}#MEETINGS` }),
  /** `recipientHash`: see recipientHash above. */
  sentMarker: (meetingId: string, kind: string, sequence: number, recipientHash: string): ItemKey => ({
    pk: `MEETING#${meetingId}`,
    sk: `SENT#${kind}#${String(sequence).padStart(4, '0')}#${recipientHash}`,
  }),
  /**
   * A reminder's marker, keyed by the start it reminds of (ISO) instead of the SEQUENCE: a change of place or agenda
   * must not remind again. Markers of reminders written before keep `sentMarker`'s shape and still count (plan).
   */
  reminderMarker: (meetingId: string, start: string, recipientHash: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: `SENT#reminder#${start}#${recipientHash}` }),
  sentMarkersPrefix: (meetingId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `MEETING#${meetingId}`, skPrefix: 'SENT#' }),
  rsvp: (meetingId: string, recipientHash: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: `RSVP#${recipientHash}` }),
  rsvpsPrefix: (meetingId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `MEETING#${meetingId}`, skPrefix: 'RSVP#' }),
  scheduleProblem: (bodyId: string, ruleDate: string): ItemKey => ({ pk: `BODY#${bodyId}`, sk: `PROBLEM#${ruleDate}` }),

  minutesDraft: (meetingId: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: 'DOC#MINUTES' }),
  minutesEdition: (meetingId: string, edition: number): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: `DOC#MINUTES#${String(edition).padStart(3, '0')}` }),
  /** Draft and editions in one query: the draft's key is the prefix of the editions'. */
  minutesPrefix: (meetingId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `MEETING#${meetingId}`, skPrefix: 'DOC#MINUTES' }),
  /** `open`: listed for the body's later meetings; `remindOn`: in the follow-up's index until its reminder went out. */
  action: (meetingId: string, actionId: string, bodyId: string, meetingStart: string, state: { readonly open: boolean; readonly remindOn?: string }): IndexedItemKey => ({
    pk: `MEETING#${meetingId}`,
    sk: `ACTION#${actionId}`,
    ...(state.open && state.remindOn !== undefined ? { gsi1pk: 'FOLLOWUPS', gsi1sk: `${state.remindOn}#${meetingId}#${actionId}` } : {}),
    ...(state.open ? { gsi2pk: `BODY#${bodyId}#OPENACTIONS`, gsi2sk: `${meetingStart}#${actionId}` } : {}),
  }),
  actionKey: (meetingId: string, actionId: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: `ACTION#${actionId}` }),
  actionsPrefix: (meetingId: string): { readonly pk: string; readonly skPrefix: string } => ({ pk: `MEETING#${meetingId}`, skPrefix: 'ACTION#' }),
  openActionsOfBody: (bodyId: string): { readonly gsi2pk: string } => ({ gsi2pk: `BODY#${bodyId}#OPENACTIONS` }),
  minutesMailDue: (meetingId: string, day: string): IndexedItemKey => ({ pk: `MEETING#${meetingId}`, sk: 'FOLLOWUP#MINUTES', gsi1pk: 'FOLLOWUPS', gsi1sk: `${day}#${meetingId}#minutes` }),
  followUps: (): { readonly gsi1pk: string } => ({ gsi1pk: 'FOLLOWUPS' }),
  /** An action item's reminder: one per (action, due day, owner), so a new due date reminds again. */
  actionReminderMarker: (meetingId: string, actionId: string, due: string, recipientHash: string): ItemKey => ({ pk: `MEETING#${meetingId}`, sk: `SENT#action#${actionId}#${due}#${recipientHash}` }),

  bodyMember: (bodyId: string, memberId: string): ItemKey => ({ pk: `BODY#${bodyId}`, sk: `MEMBER#${memberId}` }),
  bodyMembersPrefix: (bodyId: string): { readonly pk: string; readonly skPrefix: string } => ({
    pk: `BODY#${bodyId}`,
    skPrefix: 'MEMBER#',
  }),
} as const;
