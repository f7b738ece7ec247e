/** POST /api/cases/{id}/close: closes a case in monitoring; the retention period starts. */
import { closeCase } from '../../core/casework/close-case.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CloseAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath }, async ({ caller, path }) =>
  ok((await closeCase({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, caller, path.id)) satisfies CloseAnswer),
);
