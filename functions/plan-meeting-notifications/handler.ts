/** Task of meeting-notifications: materialise the next 12 months of meetings and name the ones to reconcile. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { planMeetingNotifications } from '../../core/meetings/plan-meetings.ts';
import { emptyTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';

export const handler = taskHandler(emptyTaskInput, () => planMeetingNotifications({ ...baseDependencies(), ...tableDependencies() }));
