/** GET /api/inactive-cases: open cases without activity for the profile's period, a page at a time, for closure or erasure (coordination). */
import { listInactiveCases } from '../../core/casework/inactive-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { inactiveCasesQuery, type InactiveCasesAnswer } from './schema.ts';

export const handler = signedInHandler({ query: inactiveCasesQuery }, async ({ caller, query }) =>
  ok((await listInactiveCases({ ...baseDependencies(), ...tableDependencies() }, caller, query)) satisfies InactiveCasesAnswer),
);
