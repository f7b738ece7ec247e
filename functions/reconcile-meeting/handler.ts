/** Task of meeting-notifications: send for one meeting what should have been sent by now and was not. */
import { linkSecretDependencies } from '../../core/adapters/link-secret-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { reconcileMeeting } from '../../core/meetings/reconcile.ts';
import { meetingTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';

// Mail, SES and the signing key are loaded and read only when this meeting has something to send.
export const handler = taskHandler(meetingTaskInput, (input) =>
  reconcileMeeting({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies(), ...linkSecretDependencies() }, input.meetingId),
);
