/**
 * Starts a new execution for every open case whose execution is gone — the local engine keeps executions in
 * memory, so after a restart of `npm start` every open case is resumed from the stage its case item records.
 * Parked cases (needs-attention) stay parked until someone has looked at them.
 */
import { CASE_STAGES, type CaseStage } from '../cases/case.ts';
import { VersionConflict, type CaseRepository, type CaseWorkflow } from '../cases/ports.ts';
import type { Clock } from '../clock.ts';

const OPEN_STAGES: readonly CaseStage[] = CASE_STAGES.filter((stage) => stage !== 'closed');

export async function resumeOpenCases(deps: { cases: CaseRepository; workflow: CaseWorkflow; clock: Clock }): Promise<number> {
  let resumed = 0;
  // All open cases first, then start: a resumed case moves on to later stages and must not be found again.
  const open = (await Promise.all(OPEN_STAGES.map((stage) => deps.cases.listCasesInStage(stage)))).flat();
  for (const record of open) {
    if (record.attention !== undefined) continue;
    try {
      const next = await deps.cases.updateCase(record, { generation: record.generation + 1 }, { kind: 'workflow-resumed', actor: 'system', details: { generation: record.generation + 1 } }, deps.clock.now());
      await deps.workflow.start(next.caseId, next.generation);
      resumed += 1;
    } catch (error) {
      // Changed meanwhile means something drives it already.
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  return resumed;
}
