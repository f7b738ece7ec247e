/**
 * The daily sweeper (EventBridge Scheduler in AWS, the runtime's clock under npm start): restarts open cases whose
 * execution ended and renews executions before Step Functions' one-year limit. `CasesSwept` counts what it had to
 * do; the monitoring stack alarms on it, because every case it restarts was standing still.
 */
import { sweepCases } from '../../core/workflow/sweep-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { count } from '../_shared/metrics.ts';
import { emptyTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import '../_shared/dependencies/preload-step-functions.ts';

export const handler = taskHandler(emptyTaskInput, () => sweepCases({ ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() }), {
  afterStep: (result) => {
    count('CasesSwept', result.restarted + result.renewed);
  },
});
