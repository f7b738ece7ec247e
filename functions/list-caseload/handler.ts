/** GET /api/staff/{id}/cases: a case manager's open cases, for handing them over (coordination). */
import { listCaseloadForHandOver } from '../../core/casework/hand-over-caseload.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CaseloadCasesAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath }, async ({ caller, path }) => ok(({ cases: await listCaseloadForHandOver({ ...baseDependencies(), ...tableDependencies() }, caller, path.id) }) satisfies CaseloadCasesAnswer));
