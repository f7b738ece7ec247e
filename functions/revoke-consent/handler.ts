/** POST /api/cases/{id}/consents/{consentId}/revoke: withdraws a consent and stops the referrals that depended on it. */
import { revokeConsent } from '../../core/casework/revoke-consent.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { consentPath, type RevokeAnswer } from './schema.ts';

export const handler = signedInHandler({ path: consentPath }, async ({ caller, path }) =>
  ok((await revokeConsent({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, caller, path.id, path.consentId)) satisfies RevokeAnswer),
);
