/**
 * The consent form to print for one of a case's services: the form's texts plus the person's name, date of birth
 * and the case number for the signature block. It shows personal data, so the read is audited
 * (`consent-form-printed`, with service and language only).
 */
import { caseForCaller, type CaseworkDependencies } from '../casework/casework-dependencies.ts';
import { auditRead } from '../casework/read-audit.ts';
import { notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { chooseLanguage, consentFormContent, type ConsentFormContent } from './consent-form.ts';
import type { ConsentFormQuery } from './consent-form-input.ts';

export interface ConsentFormAnswer extends ConsentFormContent {
  readonly caseId: string;
  readonly person: { readonly name: string; readonly dateOfBirth: string };
}

export async function readConsentForm(
  deps: Pick<CaseworkDependencies, 'cases' | 'clock' | 'profile'>,
  caller: Caller,
  caseId: string,
  query: ConsentFormQuery,
): Promise<ConsentFormAnswer> {
  await caseForCaller(deps, caller, caseId);
  const service = deps.profile.services.find((candidate) => candidate.id === query.service);
  if (service === undefined) throw validationFailed([{ field: 'service', message: `„${query.service}“ ist keine Stelle des Katalogs` }]);
  const client = await deps.cases.getClient(caseId);
  if (client === undefined) throw notFound('Die Person des Falls');
  const content = consentFormContent(deps.profile, service, chooseLanguage(deps.profile, query.lang, client.languages));
  await auditRead(deps, caller, caseId, 'consent-form-printed', { serviceId: service.id, language: content.language });
  return {
    ...content,
    caseId,
    person: { name: [client.givenNames, client.familyName].filter((part) => part !== undefined).join(' '), dateOfBirth: client.dateOfBirth },
  };
}
