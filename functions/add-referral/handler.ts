/** POST /api/cases/{id}/referrals: a need and its referral after the assessment, or a declined referral's successor. */
import { addReferral } from '../../core/casework/case-additions.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { ReferralAddedAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 8 * 1024 }, async ({ caller, path, body }) =>
  ok((await addReferral({ ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() }, caller, path.id, bodyValues(body))) satisfies ReferralAddedAnswer),
);
