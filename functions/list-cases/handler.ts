/** GET /api/cases: own caseload (case managers) or all cases (coordinators), a page at a time, with one filter besides the stage. */
import { listCases } from '../../core/casework/read-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { listCasesQuery } from './schema.ts';

export const handler = signedInHandler({ query: listCasesQuery }, async ({ caller, query }) => ok(await listCases({ ...baseDependencies(), ...tableDependencies() }, caller, query)));
