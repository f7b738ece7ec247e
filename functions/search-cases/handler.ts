/** GET /api/case-search: a case by number, or by family name and date of birth, among the cases the caller may see; every hit is audited. */
import { searchCases } from '../../core/casework/search-cases.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { caseSearchQuery, type CaseSearchAnswer } from './schema.ts';

export const handler = signedInHandler({ query: caseSearchQuery }, async ({ caller, query }) =>
  ok({ results: await searchCases({ ...baseDependencies(), ...tableDependencies() }, caller, query) } satisfies CaseSearchAnswer),
);
