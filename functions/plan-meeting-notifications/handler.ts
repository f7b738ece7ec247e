/** Task of meeting-notifications: materialise the meetings up to the end of next year, bring planned ones to the profile, name the ones to reconcile. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { planMeetingNotifications } from '../../core/meetings/plan-meetings.ts';
import { count } from '../_shared/metrics.ts';
import { emptyTaskInput, taskHandler } from '../_shared/task-pipeline.ts';

// Each run of the reconciler starts here, so this counts runs (the monitoring dashboard shows that they happen).
export const handler = taskHandler(emptyTaskInput, () => planMeetingNotifications({ ...baseDependencies(), ...tableDependencies() }), {
  afterStep: () => {
    count('ReconcilerRuns');
  },
});
