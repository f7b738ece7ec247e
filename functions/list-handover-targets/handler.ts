/** GET /api/cases/{id}/handover: who may take the case over (active, covering its municipality and focus area). */
import { listHandOverTargets } from '../../core/casework/hand-over-caseload.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { HandOverTargetsAnswer } from './schema.ts';

export const handler = signedInHandler({ path: idPath }, async ({ caller, path }) => ok((await listHandOverTargets({ ...baseDependencies(), ...tableDependencies() }, caller, path.id)) satisfies HandOverTargetsAnswer));
