/**
 * A case's workflow goes on in a new execution generation: the case item records where it stands, and the state
 * machine begins at that stage (ARCHITECTURE.md, "Workflow"). Used after a restart of `npm start` (the local engine
 * keeps executions in memory), by "Fortsetzen" (core/casework/resume-case.ts) and by the daily sweeper
 * (sweep-cases.ts).
 */
import { CASE_STAGES, type CaseRecord, type CaseStage } from '../cases/case.ts';
import { VersionConflict, type CaseEvent, type CaseRepository, type CaseWorkflow } from '../cases/ports.ts';
import type { Clock } from '../clock.ts';

export const OPEN_STAGES: readonly CaseStage[] = CASE_STAGES.filter((stage) => stage !== 'closed');

export interface RestartDependencies {
  readonly cases: Pick<CaseRepository, 'listCasesInStage' | 'updateCase'>;
  readonly workflow: CaseWorkflow;
  readonly clock: Clock;
}

/**
 * Raises the generation — conditional on the case's version, with the history event in the same write — and starts
 * that execution. Of any number of callers holding the same version, one wins and starts; the others get undefined
 * (the case changed meanwhile, so something drives it already) and start nothing. `record` is what the case
 * becomes besides the generation (e.g. without `attention`); its version is the one expected.
 */
export async function restartWorkflow(deps: RestartDependencies, record: CaseRecord, event: CaseEvent): Promise<CaseRecord | undefined> {
  let next: CaseRecord;
  try {
    next = await deps.cases.updateCase(record, { generation: record.generation + 1 }, { ...event, details: { ...event.details, generation: record.generation + 1 } }, deps.clock.now());
  } catch (error) {
    if (error instanceof VersionConflict) return undefined;
    throw error;
  }
  await deps.workflow.start(next.caseId, next.generation);
  return next;
}

/** All open cases, read by stage (a key condition on the stage index each, never a scan). */
export async function listOpenCases(cases: Pick<CaseRepository, 'listCasesInStage'>): Promise<CaseRecord[]> {
  return (await Promise.all(OPEN_STAGES.map((stage) => cases.listCasesInStage(stage)))).flat();
}

/**
 * Starts a new execution for every open case whose execution is gone — after a restart of `npm start` every open
 * case is resumed from the stage its case item records. Parked cases (needs-attention) stay parked until someone
 * has looked at them ("Fortsetzen").
 */
export async function resumeOpenCases(deps: RestartDependencies): Promise<number> {
  let resumed = 0;
  // All open cases first, then start: a resumed case moves on to later stages and must not be found again.
  const open = await listOpenCases(deps.cases);
  for (const record of open) {
    // Restricted cases (Art. 18) stay stopped until the data protection officer lifts the block.
    if (record.attention !== undefined || record.restrictedAt !== undefined) continue;
    if ((await restartWorkflow(deps, record, { kind: 'workflow-resumed', actor: 'system' })) !== undefined) resumed += 1;
  }
  return resumed;
}
