/**
 * The daily sweeper: every open case must have a running execution, and none may reach Step Functions' limit of one
 * year (a case can wait that long for a service's answer or its closure). Parked cases are left to the coordination
 * ("Fortsetzen"): restarting them daily would only park them again and tell the coordination every day.
 *
 * Exactly once, also when two sweepers run at once: a new generation is raised only by a write conditional on the
 * case's version (restartWorkflow), so of two sweepers holding the same case one starts the execution. A case
 * whose current generation has no execution at all is started under that same generation's name — never a new one —
 * because whoever raised the generation may be about to start it, and Step Functions starts one name once.
 */
import type { CaseRecord } from '../cases/case.ts';
import { executionName } from '../cases/case.ts';
import { VersionConflict } from '../cases/ports.ts';
import { listOpenCases, restartWorkflow, type RestartDependencies } from './resume-cases.ts';
import { DAY_MS } from '../clock.ts';

/** Step Functions ends a Standard execution after 365 days; a month before, daily runs have 30 chances to renew. */
export const RENEW_AFTER_MS = 335 * DAY_MS;

export interface SweepResult {
  /** Open cases whose execution had ended (failed, timed out, aborted) or did not exist, now running again. */
  readonly restarted: number;
  /** Executions close to the one-year limit, continued as a new generation. */
  readonly renewed: number;
}

type Action = 'restarted' | 'renewed' | undefined;

async function sweepCase(deps: RestartDependencies, record: CaseRecord, running: ReadonlyMap<string, Date>): Promise<Action> {
  const startedAt = running.get(executionName(record.caseId, record.generation));
  if (startedAt !== undefined) {
    if (deps.clock.now().getTime() - startedAt.getTime() < RENEW_AFTER_MS) return undefined;
    // The new generation first, then the old one stopped: the case is never without a running execution.
    const renewed = await restartWorkflow(deps, record, { kind: 'workflow-renewed', actor: 'system' });
    if (renewed === undefined) return undefined;
    await deps.workflow.stop(record.caseId, record.generation);
    return 'renewed';
  }
  // Not in the list (taken before this case was read): ask for this execution itself.
  const execution = await deps.workflow.execution(record.caseId, record.generation);
  if (execution?.running === true) return undefined;
  if (execution !== undefined) return (await restartWorkflow(deps, record, { kind: 'workflow-restarted', actor: 'system' })) === undefined ? undefined : 'restarted';
  try {
    await deps.cases.updateCase(record, {}, { kind: 'workflow-restarted', actor: 'system', details: { generation: record.generation } }, deps.clock.now());
  } catch (error) {
    if (error instanceof VersionConflict) return undefined;
    throw error;
  }
  await deps.workflow.start(record.caseId, record.generation);
  return 'restarted';
}

export async function sweepCases(deps: RestartDependencies): Promise<SweepResult> {
  // The running executions before the cases: a case read later that is not in the list is asked about itself.
  const running = await deps.workflow.running();
  const cases = await listOpenCases(deps.cases);
  // Restricted cases (Art. 18) have no execution on purpose: the block is lifted with a restart (restrict-case.ts). One
  // started by a call that raced the restriction (its start after the restriction's stop) is stopped here.
  for (const record of cases.filter((c) => c.restrictedAt !== undefined && running.has(executionName(c.caseId, c.generation)))) {
    await deps.workflow.stop(record.caseId, record.generation);
  }
  const open = cases.filter((record) => record.attention === undefined && record.restrictedAt === undefined);
  let restarted = 0;
  let renewed = 0;
  for (const record of open) {
    const action = await sweepCase(deps, record, running);
    if (action === 'restarted') restarted += 1;
    if (action === 'renewed') renewed += 1;
  }
  return { restarted, renewed };
}
