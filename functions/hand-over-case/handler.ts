/** POST /api/cases/{id}/handover: the coordination hands one case over to another case manager (or the least loaded). */
import { handOverCase } from '../../core/casework/hand-over.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { HandOverAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 8 * 1024 }, async ({ caller, path, body }) =>
  ok((await handOverCase({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, caller, path.id, bodyValues(body))) satisfies HandOverAnswer),
);
