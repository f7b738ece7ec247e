/** Task of meeting-notifications: send for one meeting what should have been sent by now and was not. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { reconcileDependencies } from '../../core/adapters/meeting-dependencies.ts';
import { reconcileMeeting } from '../../core/meetings/reconcile.ts';
import { meetingTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';

export const handler = taskHandler(meetingTaskInput, async (input) => reconcileMeeting(await reconcileDependencies(dependencies()), input.meetingId));
