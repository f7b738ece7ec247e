/**
 * /api/cases/{id}/restriction, for the data protection officer (Art. 18 DSGVO): GET shows a case's stage and block,
 * POST restricts or lifts it (the execution is stopped, or restarted from the case's stage). Routes by http-router.
 */
import { changeRestriction, restrictionStatus } from '../../core/casework/restrict-case.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInRoute, signedInRouter } from '../_shared/http-router.ts';
import type { RestrictionAnswer, RestrictionStatusAnswer } from './schema.ts';

const PATH = '/api/cases/{id}/restriction';

export const handler = signedInRouter([
  signedInRoute({
    method: 'GET',
    path: PATH,
    schema: { path: idPath },
    handle: async ({ caller, path }) => ok((await restrictionStatus({ ...baseDependencies(), ...tableDependencies() }, caller, path.id)) satisfies RestrictionStatusAnswer),
  }),
  signedInRoute({
    method: 'POST',
    path: PATH,
    schema: { path: idPath, maxBodyBytes: 1024 },
    handle: async ({ caller, path, body }) =>
      ok((await changeRestriction({ ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() }, caller, path.id, bodyValues(body))) satisfies RestrictionAnswer),
  }),
]);
