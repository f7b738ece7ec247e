/** POST /api/cases/{id}/close: closes a case in monitoring with its evaluation; the retention period starts. */
import { closeCase } from '../../core/casework/close-case.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CloseAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 8 * 1024 }, async ({ caller, path, body }) =>
  ok((await closeCase({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, caller, path.id, bodyValues(body))) satisfies CloseAnswer),
);
