/**
 * The case record's use cases: log a contact, write a note, agree and review goals of the support plan, and read
 * it all back. Who may do what (DOMAIN.md, field rules):
 *  - contacts and goals are the counselling of the case's case manager: they record them; the coordination reads;
 *  - ordinary notes: the case manager and the coordination write and read;
 *  - psychosocial notes (health data): the case's case manager only — the coordination neither reads nor writes
 *    them, and they never reach an export or a KPI.
 * Every read is audited in the case's history like every read of the person's data; history events carry no text.
 */
import { auditRead } from '../casework/read-audit.ts';
import { randomUUID } from 'node:crypto';
import { addCalendarDays, localDate } from '../calendar/local-date.ts';
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict } from '../cases/ports.ts';
import { caseForCaller, isCoordinator, type CaseworkDependencies } from '../casework/casework-dependencies.ts';
import { conflict, forbidden, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { CaseClosed, type CaseRecordRepository } from './ports.ts';
import type { ContactRecord, GoalRecord, NoteRecord, Page } from './record.ts';
import { contactCounts, supportPlanCounts } from './record-counts.ts';
import { CONTACT_BACKDATE_DAYS, contactSchema, goalReviewSchema, goalSchema, noteSchema, type RecordQuery } from './record-input.ts';
import { DAY_MS } from '../clock.ts';

export interface CaseRecordDependencies extends Pick<CaseworkDependencies, 'cases' | 'clock' | 'profile'> {
  readonly records: CaseRecordRepository;
}

/** A support plan stays readable: more goals than this are a sign to close some first. */
export const MAX_GOALS = 30;
/** Entries per page of a list on the case page. */
export const RECORD_PAGE_SIZE = 20;

const goalIdOf = (index: number): string => `Z${String(index + 1).padStart(2, '0')}`;
const GOAL_ID = /^Z\d{2}$/;

function parse<T>(schema: { safeParse: (raw: unknown) => { success: true; data: T } | { success: false; error: { issues: Parameters<typeof formatIssues>[0] } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  return parsed.data;
}

/** The case, if the caller may write to its record; `ownOnly`: only its case manager (not the coordination). */
async function openCaseFor(deps: CaseRecordDependencies, caller: Caller, caseId: string, ownOnly: boolean): Promise<CaseRecord> {
  const record = await caseForCaller(deps, caller, caseId);
  if (ownOnly && record.caseManagerId !== caller.userId) throw forbidden();
  if (record.stage === 'closed') throw conflict('Der Fall ist abgeschlossen; seine Dokumentation lässt sich nur noch lesen.');
  return record;
}

async function written<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof CaseClosed) throw conflict('Der Fall wurde zwischenzeitlich abgeschlossen; seine Dokumentation lässt sich nur noch lesen.');
    if (error instanceof VersionConflict) throw conflict('Die Angaben wurden zwischenzeitlich geändert. Bitte laden Sie den Fall neu.');
    throw error;
  }
}

export async function logContact(deps: CaseRecordDependencies, caller: Caller, caseId: string, raw: unknown): Promise<ContactRecord> {
  await openCaseFor(deps, caller, caseId, true);
  const now = deps.clock.now();
  const today = localDate(now, deps.profile.district.timeZone);
  const input = parse(contactSchema(deps.profile, today, addCalendarDays(today, -CONTACT_BACKDATE_DAYS)), raw);
  const contact: ContactRecord = { contactId: randomUUID(), caseId, ...input, recordedBy: caller.userId, recordedAt: now.toISOString() };
  const details = { form: input.form, minutes: input.durationMinutes, interpreter: input.interpreterLanguage !== undefined };
  const firstOfMonth = !(await deps.records.hasContactInMonth(caseId, input.date.slice(0, 7)));
  await written(() => deps.records.addContact(contact, { kind: 'contact-logged', actor: caller.userId, details }, contactCounts(contact, firstOfMonth)));
  return contact;
}

export async function writeNote(deps: CaseRecordDependencies, caller: Caller, caseId: string, raw: unknown): Promise<NoteRecord> {
  const input = parse(noteSchema, raw);
  await openCaseFor(deps, caller, caseId, input.level === 'psychosocial');
  const note: NoteRecord = { noteId: randomUUID(), caseId, ...input, author: caller.userId, createdAt: deps.clock.now().toISOString() };
  await written(() => deps.records.addNote(note, { kind: 'note-written', actor: caller.userId, details: { level: input.level } }));
  return note;
}

export async function addGoal(deps: CaseRecordDependencies, caller: Caller, caseId: string, raw: unknown): Promise<GoalRecord> {
  const record = await openCaseFor(deps, caller, caseId, true);
  const now = deps.clock.now();
  const today = localDate(now, deps.profile.district.timeZone);
  const input = parse(goalSchema(deps.profile, today), raw);
  const goals = await deps.records.listGoals(caseId);
  if (goals.length >= MAX_GOALS) throw conflict(`Ein Hilfeplan hat höchstens ${String(MAX_GOALS)} Ziele. Bitte schließen Sie erledigte Ziele ab.`);
  const at = now.toISOString();
  const goal: GoalRecord = { goalId: goalIdOf(goals.length), caseId, version: 1, ...input, status: 'open', createdAt: at, createdBy: caller.userId, updatedAt: at };
  // The first goal is where the support plan begins: the KPI report counts the time from the intake to it.
  const counts = goals.length === 0 ? supportPlanCounts(today, Math.floor((now.getTime() - Date.parse(record.createdAt)) / DAY_MS)) : [];
  await written(() => deps.records.addGoal(goal, { kind: 'goal-agreed', actor: caller.userId, details: { goalId: goal.goalId, needCategory: input.needCategory } }, counts));
  return goal;
}

export async function reviewGoal(deps: CaseRecordDependencies, caller: Caller, caseId: string, goalId: string, raw: unknown): Promise<GoalRecord> {
  await openCaseFor(deps, caller, caseId, true);
  const input = parse(goalReviewSchema, raw);
  const goal = GOAL_ID.test(goalId) ? (await deps.records.listGoals(caseId)).find((g) => g.goalId === goalId) : undefined;
  if (goal === undefined) throw notFound('Das Ziel');
  if (goal.version !== input.version) throw conflict('Das Ziel wurde zwischenzeitlich geändert. Bitte laden Sie den Fall neu.');
  const now = deps.clock.now();
  const today = localDate(now, deps.profile.district.timeZone);
  if (input.targetDate !== undefined && input.targetDate !== goal.targetDate && input.targetDate < today) {
    throw validationFailed([{ field: 'targetDate', message: 'darf nicht in der Vergangenheit liegen' }]);
  }
  const moved = input.targetDate !== undefined && input.targetDate !== goal.targetDate;
  // A new target date gets its own reminder once it has passed.
  const { reminderSentAt: _reminder, ...unreminded } = goal;
  const base = moved ? unreminded : goal;
  return written(() =>
    deps.records.updateGoal(
      base,
      { status: input.status, ...(moved ? { targetDate: input.targetDate } : {}) },
      { kind: 'goal-reviewed', actor: caller.userId, details: { goalId, status: input.status, ...(moved ? { targetDateMoved: true } : {}) } },
      now,
    ),
  );
}

export interface CaseRecordView {
  readonly contacts: Page<ContactRecord>;
  readonly notes: Page<NoteRecord>;
  /** Only for the case's case manager; absent for everyone else. */
  readonly psychosocialNotes?: Page<NoteRecord>;
  readonly goals: readonly GoalRecord[];
}

/** GET /api/cases/{id}/record: the first page of each list (or the next, by cursor); the read is audited. */
export async function readRecord(deps: CaseRecordDependencies, caller: Caller, caseId: string, query: RecordQuery): Promise<CaseRecordView> {
  const record = await caseForCaller(deps, caller, caseId);
  const own = record.caseManagerId === caller.userId;
  if (query.psychosocialNotes !== undefined && !own) throw forbidden();
  const page = (cursor: string | undefined) => ({ limit: RECORD_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
  const [contacts, notes, psychosocialNotes, goals] = await Promise.all([
    deps.records.listContacts(caseId, page(query.contacts)),
    deps.records.listNotes(caseId, 'ordinary', page(query.notes)),
    own ? deps.records.listNotes(caseId, 'psychosocial', page(query.psychosocialNotes)) : undefined,
    deps.records.listGoals(caseId),
  ]);
  await auditRead(deps, caller, caseId, 'record-read', isCoordinator(caller) && !own ? { supervision: true } : undefined);
  return { contacts, notes, ...(psychosocialNotes === undefined ? {} : { psychosocialNotes }), goals };
}
