/** GET /api/cases/{id}: the case with client data (where allowed), referrals, consents and history; the read is audited. */
import { getCaseDetail } from '../../core/casework/read-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';

export const handler = signedInHandler({ path: idPath }, async ({ caller, path }) => ok(await getCaseDetail({ ...baseDependencies(), ...tableDependencies() }, caller, path.id)));
