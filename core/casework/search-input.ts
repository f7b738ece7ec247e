/** The body of POST /api/case-search (core/casework/search-cases.ts): text as typed, judged by searchCriteria there. */
import * as z from 'zod';
import '../validation/zod-german.ts';

const searchText = (maxLength: number) => z.string({ error: 'muss Text sein' }).max(maxLength, { error: `darf höchstens ${String(maxLength)} Zeichen lang sein` }).optional();

export const caseSearchSchema = z.strictObject({ caseNumber: searchText(40), familyName: searchText(200), dateOfBirth: searchText(20) });
export type CaseSearchQuery = z.output<typeof caseSearchSchema>;
