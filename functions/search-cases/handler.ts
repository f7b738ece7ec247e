/** POST /api/case-search: a case by number, or by family name and date of birth, among the cases the caller may see; every hit is audited. */
import { searchCases } from '../../core/casework/search-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CaseSearchAnswer } from './schema.ts';

// The criteria are in the body, not the URL: names and birth dates stay out of access logs and browser history.
export const handler = signedInHandler({ maxBodyBytes: 4 * 1024 }, async ({ caller, body }) =>
  ok({ results: await searchCases({ ...baseDependencies(), ...tableDependencies() }, caller, bodyValues(body)) } satisfies CaseSearchAnswer),
);
