/** Choosing a case manager: one of a provider that covers the municipality and focus area, least open caseload. */
import { scopeIncludes, type DistrictProfile, type FocusAreaId } from '../profile/schema.ts';
import type { CaseManagerLoad } from './ports.ts';

/** The providers whose case managers may take the case: those covering its municipality and focus area. */
export function coveringProviderIds(profile: Pick<DistrictProfile, 'providers'>, municipalityId: string, focusArea: FocusAreaId): string[] {
  return profile.providers.filter((p) => p.focusAreas.includes(focusArea) && scopeIncludes(p.municipalities, municipalityId)).map((p) => p.id);
}

/** Whether this case manager may take a case of that municipality and focus area (assignment and hand-over alike). */
export function mayTakeCase(profile: Pick<DistrictProfile, 'providers'>, manager: Pick<CaseManagerLoad, 'providerId' | 'focusAreas'>, municipalityId: string, focusArea: FocusAreaId): boolean {
  return manager.focusAreas.includes(focusArea) && coveringProviderIds(profile, municipalityId, focusArea).includes(manager.providerId);
}

/** Least loaded first; the id breaks ties so the choice is reproducible. */
export const leastLoadedFirst = (a: Pick<CaseManagerLoad, 'openCases' | 'staffId'>, b: Pick<CaseManagerLoad, 'openCases' | 'staffId'>): number =>
  a.openCases - b.openCases || a.staffId.localeCompare(b.staffId);

export function chooseCaseManager(
  profile: Pick<DistrictProfile, 'providers'>,
  managers: readonly CaseManagerLoad[],
  municipalityId: string,
  focusArea: FocusAreaId,
): CaseManagerLoad | undefined {
  return managers
    .filter((m) => mayTakeCase(profile, m, municipalityId, focusArea))
    .sort(leastLoadedFirst)[0];
}
