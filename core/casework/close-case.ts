/**
 * POST /api/cases/{id}/close: the case manager closes a case in monitoring with its evaluation — a coded reason
 * from the profile and the final status of every goal of the support plan still open — and the retention period
 * starts. One transaction: the case, the caseload, the goals, the history (reason and counts, no text).
 */
import { VersionConflict, type GoalEvaluation } from '../cases/ports.ts';
import type { CaseRecordRepository } from '../counselling/ports.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { closeGoalsSchema, closeSchema } from './close-input.ts';
import { localDate } from '../calendar/local-date.ts';
import { expiresAfterDays } from '../privacy/retention.ts';
import { closureCounts } from '../counselling/record-counts.ts';
import type { GoalRecord, GoalStatus } from '../counselling/record.ts';

export interface CloseDependencies extends CaseworkDependencies {
  readonly records: Pick<CaseRecordRepository, 'listGoals'>;
}

/** Saves after the workflow's own writes of the moment; more in a row than this means the case is busy for real. */
const ATTEMPTS = 5;

export async function closeCase(deps: CloseDependencies, caller: Caller, caseId: string, raw: unknown): Promise<{ closedAt: string; expiresAt: number }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await attemptClose(deps, caller, caseId, raw);
    } catch (error) {
      // The workflow wrote the case or a goal meanwhile — the closure wait's new task token (after a restart every
      // resumed case renews its wait at once), a goal reminder's mark: closed again on the fresh case and goals, with
      // the same reason and final statuses. Closed by someone else meanwhile ends at the stage check.
      if (!(error instanceof VersionConflict)) throw error;
      if (attempt >= ATTEMPTS) throw conflict('Der Fall oder eines seiner Ziele wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.');
    }
  }
}

async function attemptClose(deps: CloseDependencies, caller: Caller, caseId: string, raw: unknown): Promise<{ closedAt: string; expiresAt: number }> {
  const record = await caseForCaller(deps, caller, caseId);
  const body: unknown = raw ?? {};
  const parsed = closeSchema(deps.profile).safeParse(body);
  // The goals are checked against the case's plan even when the reason is missing: every problem at once.
  const goalsInput = parsed.success ? parsed.data.goals : closeGoalsSchema.safeParse(typeof body === 'object' && body !== null && 'goals' in body ? body.goals : undefined).data;
  if (record.stage !== 'monitoring') throw conflict('Nur ein Fall in der Begleitung (alle Vermittlungen abgeschlossen) kann geschlossen werden.');

  const goals = await deps.records.listGoals(caseId);
  const finals = new Map((goalsInput ?? []).map((g) => [g.goalId, g.status]));
  const problems = [
    ...(parsed.success ? [] : formatIssues(parsed.error.issues)),
    ...(goalsInput ?? []).flatMap((g, index) => (goals.some((goal) => goal.goalId === g.goalId) ? [] : [{ field: `goals[${String(index)}].goalId`, message: 'ist kein Ziel dieses Falls' }])),
    ...(goalsInput === undefined ? [] : goals.flatMap((goal) => (goal.status === 'open' && !finals.has(goal.goalId) ? [{ field: `goals.${goal.goalId}`, message: 'bitte den abschließenden Stand angeben' }] : []))),
  ];
  if (problems.length > 0 || !parsed.success) throw validationFailed(problems);
  const evaluation: GoalEvaluation[] = goals.flatMap((goal) => {
    const status = finals.get(goal.goalId);
    return status === undefined || status === goal.status ? [] : [{ expected: goal, status }];
  });
  const finalStatus = (goal: GoalRecord): GoalStatus => finals.get(goal.goalId) ?? goal.status;

  const now = deps.clock.now();
  const expiresAt = expiresAfterDays(now, deps.profile.retention.caseClosedDays);
  const { closureTaskToken, ...rest } = record;
  const details = {
    retentionDays: deps.profile.retention.caseClosedDays,
    reason: parsed.data.closureReason,
    goals: goals.length,
    goalsAchieved: goals.filter((goal) => finalStatus(goal) === 'achieved').length,
  };
  const counts = closureCounts(localDate(now, deps.profile.district.timeZone), parsed.data.closureReason, goals.map(finalStatus));
  await deps.cases.closeCase(rest, { stage: 'closed', closedAt: now.toISOString(), expiresAt, closureReason: parsed.data.closureReason }, { kind: 'closed', actor: caller.userId, details }, now, evaluation, counts);
  if (closureTaskToken !== undefined) await deps.callbacks.succeed(closureTaskToken, { closed: true });
  return { closedAt: now.toISOString(), expiresAt };
}
