/** GET /api/case-managers: everyone in case management, those who left included, with their open cases (coordination). */
import { listCaseManagersForHandOver } from '../../core/casework/hand-over-caseload.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CaseManagersAnswer } from './schema.ts';

export const handler = signedInHandler({}, async ({ caller }) => ok(({ caseManagers: await listCaseManagersForHandOver(tableDependencies(), caller) }) satisfies CaseManagersAnswer));
