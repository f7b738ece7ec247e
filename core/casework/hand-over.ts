/**
 * Hand-over (issue 13): the coordination moves a case from its case manager to another one of a provider covering
 * the case's municipality and focus area — chosen by hand or by the assignment's rule (least open cases). In one
 * transaction the case gets its new case manager, both caseloads move (old −1, new +1, conditional like the
 * assignment's) and the history says who handed over what and why (CaseRepository.handOverCase).
 *
 * A waiting step keeps waiting: its task token stays on the case (assessment, closure) or the referral (outcome),
 * and the APIs that answer it authorize by the case's `caseManagerId`, so from now on only the new case manager
 * can. Reminders read the case manager when they are due, so they reach the new one too; the assessment clock starts
 * again for them (a reminder "due since" a date before they had the case would read as their delay).
 *
 * The new case manager gets a mail — except in stage `assigned`, where the workflow's next step tells them anyway.
 * At least once, and normally exactly once: the transaction leaves a marker (`handoverNotice`) that is removed after
 * the mail; only the call that won the transaction sends, so concurrent calls send one mail. A call that died between
 * transaction and removal leaves the marker, and the next call for the case (a retry, a re-run of the bulk hand-over)
 * sends it again once the marker is older than any call can last. A mail to staff without personal data is better
 * sent twice after a crash than never (the opposite of a referral, which carries personal data).
 */
import { chooseCaseManager, coveringProviderIds, mayTakeCase } from '../cases/assignment.ts';
import type { CaseRecord, CaseStage } from '../cases/case.ts';
import { CASE_ID_PATTERN } from '../cases/case.ts';
import { VersionConflict, type CaseManagerLoad } from '../cases/ports.ts';
import { conflict, notFound, Refusal, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { requireRole } from '../identity/caller.ts';
import { caseHandedOver } from '../mail/notifications.ts';
import type { Mailer } from '../mail/mail-message.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseUrl, nameOf } from '../workflow/workflow-dependencies.ts';
import { caseRestricted, isExpired, type CaseworkDependencies } from './casework-dependencies.ts';
import { MUNICIPALITY_CHANGED } from './correct-client-fields.ts';
import { AUTO_TARGET, caseHandoverSchema, type CaseHandoverInput } from './hand-over-input.ts';

export interface HandOverDependencies extends Pick<CaseworkDependencies, 'profile' | 'clock' | 'cases'> {
  readonly mailer: Mailer;
  readonly appUrl: string;
}

/** The stages with a case manager and a case still open: only these are handed over. */
export const HANDOVER_STAGES = ['assigned', 'awaiting-assessment', 'referring', 'monitoring'] as const satisfies readonly CaseStage[];
type HandoverStage = (typeof HANDOVER_STAGES)[number];
const isHandoverStage = (stage: CaseStage): stage is HandoverStage => (HANDOVER_STAGES as readonly CaseStage[]).includes(stage);

const ATTEMPTS = 25;
/** A marker older than this belongs to a call that is over (API Gateway ends every call after 30 s). */
const NOTICE_LEASE_MS = 2 * 60 * 1000;

export interface HandOverResult {
  readonly caseId: string;
  readonly stage: CaseStage;
  /** Who owns the case now. */
  readonly caseManagerId: string;
  /** false when the case had already moved (a retried call, or another hand-over first): nothing changed now. */
  readonly handedOver: boolean;
}

/** POST /api/cases/{id}/handover: one case, by the coordination. */
export async function handOverCase(deps: HandOverDependencies, caller: Caller, caseId: string, raw: unknown): Promise<HandOverResult> {
  requireRole(caller, 'coordinator');
  const parsed = caseHandoverSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  return moveCase(deps, caller.userId, caseId, parsed.data);
}

/** The case, open or closed, within its retention period; anything else is not found, as for every read. */
async function readCase(deps: Pick<HandOverDependencies, 'cases' | 'clock'>, caseId: string): Promise<CaseRecord> {
  const record = CASE_ID_PATTERN.test(caseId) ? await deps.cases.getCase(caseId) : undefined;
  if (record === undefined || isExpired(record, deps.clock.now())) throw notFound('Der Fall');
  if (record.restrictedAt !== undefined) throw caseRestricted();
  return record;
}

const targetProblem = (message: string): Refusal => validationFailed([{ field: 'target', message }], `Übergabe nicht möglich: ${message}.`);

/** Moves one case from `input.from` (idempotent: a case no longer theirs is answered, not moved again). */
export async function moveCase(deps: HandOverDependencies, actor: string, caseId: string, input: CaseHandoverInput): Promise<HandOverResult> {
  for (let attempt = 1; ; attempt += 1) {
    const record = await readCase(deps, caseId);
    const { stage, caseManagerId } = record;
    if (stage === 'closed') throw conflict('Ein abgeschlossener Fall wird nicht übergeben. Soll weiter an ihm gearbeitet werden, eröffnen Sie ihn zuerst wieder.');
    if (!isHandoverStage(stage) || caseManagerId === undefined || record.focusArea === undefined) {
      throw conflict('Der Fall hat noch keine zuständige Person; er wird automatisch zugewiesen, sobald jemand frei ist.');
    }
    if (caseManagerId !== input.from) {
      // Moved already — by an earlier attempt of this very call, or by the winner of concurrent ones.
      if (input.target === AUTO_TARGET || input.target === caseManagerId) {
        await deliverOwedNotice(deps, record);
        return { caseId, stage, caseManagerId, handedOver: false };
      }
      throw conflict('Der Fall wurde inzwischen an eine andere Person übergeben. Bitte laden Sie die Seite neu.');
    }
    const manager = await chooseTarget(deps, { ...record, caseManagerId, focusArea: record.focusArea }, input.target);
    const now = deps.clock.now();
    // A marker still owed to the previous case manager is dropped: the case is no longer theirs.
    const { handoverNotice: _owed, ...current } = record;
    const expected = withoutMunicipalityMark(stage === 'awaiting-assessment' ? freshAssessmentClock(current) : current);
    const notice = stage === 'assigned' ? {} : { handoverNotice: { staffId: manager.staffId, since: now.toISOString() } };
    try {
      const moved = await deps.cases.handOverCase(
        expected,
        manager,
        { ...notice, ...(stage === 'awaiting-assessment' ? { assessmentRequestedAt: now.toISOString() } : {}) },
        {
          kind: 'handed-over',
          actor,
          details: { from: caseManagerId, to: manager.staffId, providerId: manager.providerId, choice: input.target === AUTO_TARGET ? 'auto' : 'manual', reason: input.reason },
        },
        now,
      );
      if (moved.handoverNotice !== undefined) await sendNotice(deps, moved, manager);
      return { caseId, stage, caseManagerId: manager.staffId, handedOver: true };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (attempt >= ATTEMPTS) throw conflict('Der Fall wurde zwischenzeitlich geändert. Bitte versuchen Sie es noch einmal.');
      // A workflow step, another hand-over or an assignment moved first: read again, decide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** A case marked for hand-over after its municipality was corrected (correct-client-plan.ts) is settled by it. */
function withoutMunicipalityMark(record: CaseRecord): CaseRecord {
  if (record.attention?.step !== MUNICIPALITY_CHANGED) return record;
  const { attention: _settled, ...rest } = record;
  return rest;
}

/** Reminder and escalation count from the hand-over: a reminder "due since" before they had the case would read as their delay. */
function freshAssessmentClock(record: CaseRecord): CaseRecord {
  const { assessmentReminderSentAt: _reminded, assessmentEscalatedAt: _escalated, ...fresh } = record;
  return fresh;
}

/** The case manager the case goes to: the one named (checked) or the least loaded of the others who may take it. */
async function chooseTarget(deps: HandOverDependencies, record: CaseRecord & { readonly caseManagerId: string; readonly focusArea: NonNullable<CaseRecord['focusArea']> }, target: string): Promise<CaseManagerLoad> {
  const { municipalityId, focusArea, caseManagerId } = record;
  const where = `${nameOf(deps.profile.municipalities, municipalityId)} im Schwerpunkt ${nameOf(deps.profile.focusAreas, focusArea)}`;
  if (target === AUTO_TARGET) {
    const candidates = (await deps.cases.listCaseManagers(coveringProviderIds(deps.profile, municipalityId, focusArea))).filter((m) => m.staffId !== caseManagerId);
    const chosen = chooseCaseManager(deps.profile, candidates, municipalityId, focusArea);
    if (chosen === undefined) throw targetProblem(`keine andere aktive Person im Case-Management deckt ${where} ab`);
    return chosen;
  }
  if (target === caseManagerId) throw targetProblem('die gewählte Person ist bereits zuständig');
  const manager = await deps.cases.getCaseManager(target);
  if (manager === undefined) {
    const known = (await deps.cases.listAllCaseManagers()).find((m) => m.staffId === target);
    throw targetProblem(known?.disabledAt === undefined ? 'die gewählte Person ist keine Case-Managerin und kein Case-Manager' : `${known.name} ist deaktiviert und kann keine Fälle übernehmen`);
  }
  if (!mayTakeCase(deps.profile, manager, municipalityId, focusArea)) {
    throw targetProblem(`${manager.name} (${nameOf(deps.profile.providers, manager.providerId)}) deckt ${where} nicht ab`);
  }
  return manager;
}

/** The mail to the new case manager, then the marker removed (at least once; see the top of this file). */
async function sendNotice(deps: HandOverDependencies, record: CaseRecord, manager: Pick<CaseManagerLoad, 'staffId' | 'email'>): Promise<void> {
  if (!isHandoverStage(record.stage)) return;
  const mail = caseHandedOver({
    caseNumber: record.caseId,
    caseUrl: caseUrl(deps, record.caseId),
    focusAreaName: nameOf(deps.profile.focusAreas, record.focusArea),
    municipalityName: nameOf(deps.profile.municipalities, record.municipalityId),
    stage: record.stage,
  });
  await deps.mailer.send({ to: [manager.email], ...mail });
  const since = record.handoverNotice?.since;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const current = await deps.cases.getCase(record.caseId);
    if (current?.handoverNotice === undefined || current.handoverNotice.since !== since || current.handoverNotice.staffId !== manager.staffId) return;
    const { handoverNotice: _sent, ...rest } = current;
    try {
      await deps.cases.updateCase(rest, {}, undefined, deps.clock.now());
      return;
    } catch (error) {
      // A workflow step wrote the case meanwhile (a token, a stage): remove the marker from the fresh case.
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  // Left in place: the next call for this case sends the mail once more rather than never.
}

/** A marker left by a call that died before its mail: this call claims it (one wins) and sends the mail. */
export async function deliverOwedNotice(deps: HandOverDependencies, record: CaseRecord): Promise<void> {
  const owed = record.handoverNotice;
  const now = deps.clock.now();
  if (owed === undefined || owed.staffId !== record.caseManagerId || now.getTime() - new Date(owed.since).getTime() < NOTICE_LEASE_MS) return;
  const manager = await deps.cases.getCaseManager(owed.staffId);
  if (manager === undefined) return;
  let claimed: CaseRecord;
  try {
    claimed = await deps.cases.updateCase(record, { handoverNotice: { staffId: owed.staffId, since: now.toISOString() } }, undefined, now);
  } catch (error) {
    if (error instanceof VersionConflict) return; // another call claimed it (or the case moved on): theirs to send
    throw error;
  }
  await sendNotice(deps, claimed, manager);
}
