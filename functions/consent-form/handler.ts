/**
 * GET /api/cases/{id}/consent-form?service=<serviceId>&lang=<code>: the bilingual consent form for one service, with
 * the person's name and date of birth for the signature block; the read is audited.
 */
import { consentFormQuery } from '../../core/consent-forms/consent-form-input.ts';
import { readConsentForm } from '../../core/consent-forms/read-consent-form.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';

export const handler = signedInHandler({ path: idPath, query: consentFormQuery }, async ({ caller, path, query }) =>
  ok(await readConsentForm({ ...baseDependencies(), ...tableDependencies() }, caller, path.id, query)),
);
