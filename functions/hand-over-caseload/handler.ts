/** POST /api/staff/{id}/handover: every open case of a case manager (e.g. one who left), one transaction per case. */
import { handOverCaseload } from '../../core/casework/hand-over-caseload.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CaseloadAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 8 * 1024 }, async ({ caller, path, body }) =>
  ok((await handOverCaseload({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, caller, path.id, bodyValues(body))) satisfies CaseloadAnswer),
);
