/** POST /api/cases/{id}/resume: "Fortsetzen" — a parked case goes on from its stage in a new execution generation. */
import { resumeCase } from '../../core/casework/resume-case.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { ResumeAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath }, async ({ caller, path }) =>
  ok((await resumeCase({ ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() }, caller, path.id)) satisfies ResumeAnswer),
);
import '../_shared/dependencies/preload-step-functions.ts';
