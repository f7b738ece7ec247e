/** POST /api/cases/{id}/assessment: needs, chosen services and consents; resumes the waiting workflow. */
import { submitAssessment } from '../../core/casework/submit-assessment.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { AssessmentAnswer } from './schema.ts';
import '../_shared/dependencies/preload-step-functions.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 32 * 1024 }, async ({ caller, path, body }) =>
  ok((await submitAssessment({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, caller, path.id, bodyValues(body))) satisfies AssessmentAnswer),
);
