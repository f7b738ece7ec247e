/** GET /api/inactive-cases: open cases without activity for the profile's period, for closure or erasure (coordination). */
import { listInactiveCases } from '../../core/casework/inactive-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { InactiveCasesAnswer } from './schema.ts';

export const handler = signedInHandler({}, async ({ caller }) => ok((await listInactiveCases({ ...baseDependencies(), ...tableDependencies() }, caller)) satisfies InactiveCasesAnswer));
