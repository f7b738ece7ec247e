/** GET /api/caseload: the coordination's caseload overview per case manager; counts only. */
import { caseload } from '../../core/casework/caseload-overview.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CaseloadOverviewAnswer } from './schema.ts';

export const handler = signedInHandler({}, async ({ caller }) => ok((await caseload({ ...baseDependencies(), ...tableDependencies() }, caller)) satisfies CaseloadOverviewAnswer));
