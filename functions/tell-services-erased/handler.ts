/** Task of intake-to-referral for an erased case: every service that received the person's data is told (Art. 19). */
import { tellServicesErased } from '../../core/privacy/erase-tell-services.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import '../_shared/dependencies/preload-mail.ts';

export const handler = taskHandler(caseTaskInput, (input) => tellServicesErased({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
