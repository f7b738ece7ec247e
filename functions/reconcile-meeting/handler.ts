/** Task of meeting-notifications: send for one meeting what should have been sent by now and was not. */
import { linkSecretDependencies } from '../_shared/dependencies/link-secret.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { reconcileMeeting } from '../../core/meetings/reconcile.ts';
import { meetingTaskInput, taskHandler } from '../_shared/task-pipeline.ts';

// Mail, SES and the signing key are loaded and read only when this meeting has something to send.
export const handler = taskHandler(meetingTaskInput, (input) =>
  reconcileMeeting({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies(), ...linkSecretDependencies() }, input.meetingId),
);
