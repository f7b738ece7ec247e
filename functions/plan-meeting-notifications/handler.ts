/** Task of meeting-notifications: materialise the next 12 months of meetings and name the ones to reconcile. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { reconcileDependencies } from '../../core/adapters/meeting-dependencies.ts';
import { planMeetingNotifications } from '../../core/meetings/reconcile.ts';
import { emptyTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';

export const handler = taskHandler(emptyTaskInput, async () => planMeetingNotifications(await reconcileDependencies(dependencies())));
