/**
 * POST /api/case-search: finding a case by its number, or by family name and date of birth, for those allowed to see
 * it (casework-dependencies.ts: coordinators all cases, case managers their own). A hit shows who the person is, so
 * every case shown gets a `case-found` event in its history (the audit, like `case-read`); a search without hits
 * writes nothing, and no key or log line holds what was searched for: the criteria travel in the body, never in a
 * URL (which access logs, proxies and the browser's history keep).
 *
 * The search tells nothing about cases the caller may not see: another case manager's case is answered exactly like
 * no case at all (an empty list), and both answers cost the same reads. By number: one GetItem, whoever owns the
 * case. By name: the person markers under the person key (core/cases/person-key.ts; one key condition), then each
 * marked case (one GetItem each) — bounded by one person's cases, never by a caseload's years. For a case manager a
 * search without any marker reads one case number nobody has, so a foreign match costs no read a missing one does not.
 */
import { auditRead } from './read-audit.ts';
import type { CaseRecord, CaseStage, ClientRecord } from '../cases/case.ts';
import { CASE_ID_PATTERN } from '../cases/case.ts';
import { personKey } from '../cases/person-key.ts';
import { forbidden, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues, type FieldError } from '../validation/format-issues.ts';
import { isCoordinator, isExpired, type CaseworkDependencies } from './casework-dependencies.ts';

import { caseSearchSchema, type CaseSearchQuery } from './search-input.ts';

/** One case found: the case's place and who the person is — enough to tell two people apart, nothing more. */
export interface CaseSearchHit {
  readonly caseId: string;
  readonly stage: CaseStage;
  readonly createdAt: string;
  readonly municipalityId: string;
  readonly familyName: string;
  readonly givenNames?: string;
  readonly dateOfBirth: string;
}

type Criteria = { readonly by: 'case-number'; readonly caseId: string } | { readonly by: 'name'; readonly familyName: string; readonly dateOfBirth: string };

const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `2.3.1988` or `1988-03-02` → `1988-03-02`, if it is a real day; undefined otherwise. */
export function searchDate(text: string): string | undefined {
  const german = GERMAN_DATE.exec(text);
  const iso = german === null ? text : `${german[3] ?? ''}-${(german[2] ?? '').padStart(2, '0')}-${(german[1] ?? '').padStart(2, '0')}`;
  if (!ISO_DATE.test(iso)) return undefined;
  const day = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** The criteria, or the German field errors: a number, or a family name together with a date of birth. */
export function searchCriteria(query: CaseSearchQuery): Criteria {
  const caseNumber = query.caseNumber?.trim().toUpperCase() ?? '';
  const familyName = query.familyName?.trim() ?? '';
  const dateOfBirth = query.dateOfBirth?.trim() ?? '';
  const errors: FieldError[] = [];
  if (caseNumber !== '') {
    if (CASE_ID_PATTERN.test(caseNumber)) return { by: 'case-number', caseId: caseNumber };
    errors.push({ field: 'caseNumber', message: 'muss eine Fallnummer wie KIM-2026-7QK3M2XD sein' });
  } else if (familyName === '' && dateOfBirth === '') {
    errors.push({ field: 'caseNumber', message: 'bitte eine Fallnummer oder Familienname und Geburtsdatum angeben' });
  } else {
    if (familyName === '') errors.push({ field: 'familyName', message: 'bitte zusammen mit dem Geburtsdatum angeben' });
    const date = searchDate(dateOfBirth);
    if (dateOfBirth === '') errors.push({ field: 'dateOfBirth', message: 'bitte zusammen mit dem Familiennamen angeben' });
    else if (date === undefined) errors.push({ field: 'dateOfBirth', message: 'muss ein Datum wie 02.03.1988 sein' });
    if (errors.length === 0 && date !== undefined) return { by: 'name', familyName, dateOfBirth: date };
  }
  throw validationFailed(errors);
}

type SearchDependencies = Pick<CaseworkDependencies, 'cases' | 'clock' | 'profile'>;

/** A well-formed case number no case has (its year): read when nothing matched, see the header. */
const NOBODYS_CASE = 'KIM-0000-00000000';

/** The cases matching the criteria that the caller may see, oldest first. */
async function visibleCases(deps: SearchDependencies, caller: Caller, criteria: Criteria): Promise<CaseRecord[]> {
  const now = deps.clock.now();
  const allowed = (record: CaseRecord | undefined): record is CaseRecord =>
    // A restricted case (Art. 18) is found by nobody: a hit would show the person's name.
    record !== undefined && !isExpired(record, now) && record.restrictedAt === undefined && (isCoordinator(caller) || record.caseManagerId === caller.userId);
  if (criteria.by === 'case-number') {
    const record = await deps.cases.getCase(criteria.caseId);
    return allowed(record) ? [record] : [];
  }
  const markers = await deps.cases.listPersonMarkers(personKey(criteria.familyName, criteria.dateOfBirth));
  const caseIds = markers.length === 0 && !isCoordinator(caller) ? [NOBODYS_CASE] : markers.map((marker) => marker.caseId);
  return (await Promise.all(caseIds.map((caseId) => deps.cases.getCase(caseId)))).filter(allowed);
}

const hit = (record: CaseRecord, client: ClientRecord): CaseSearchHit => ({
  caseId: record.caseId,
  stage: record.stage,
  createdAt: record.createdAt,
  municipalityId: record.municipalityId,
  familyName: client.familyName,
  ...(client.givenNames === undefined ? {} : { givenNames: client.givenNames }),
  dateOfBirth: client.dateOfBirth,
});

export async function searchCases(deps: SearchDependencies, caller: Caller, raw: unknown): Promise<CaseSearchHit[]> {
  if (!caller.roles.includes('casemanager') && !isCoordinator(caller)) throw forbidden();
  const parsed = caseSearchSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const criteria = searchCriteria(parsed.data);
  const cases = (await visibleCases(deps, caller, criteria)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const hits = await Promise.all(
    cases.map(async (record) => {
      const client = await deps.cases.getClient(record.caseId);
      if (client === undefined) return [];
      // Shown, so audited: who found the case, and how (never what was typed).
      await auditRead(deps, caller, record.caseId, 'case-found', { by: criteria.by });
      return [hit(record, client)];
    }),
  );
  return hits.flat();
}
