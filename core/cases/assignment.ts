/** Choosing a case manager: one of a provider that covers the municipality and focus area, least open caseload. */
import { scopeIncludes, type DistrictProfile, type FocusAreaId } from '../profile/schema.ts';
import type { CaseManagerLoad } from './ports.ts';

/** The providers whose case managers may take the case: those covering its municipality and focus area. */
export function coveringProviderIds(profile: Pick<DistrictProfile, 'providers'>, municipalityId: string, focusArea: FocusAreaId): string[] {
  return profile.providers.filter((p) => p.focusAreas.includes(focusArea) && scopeIncludes(p.municipalities, municipalityId)).map((p) => p.id);
}

export function chooseCaseManager(
  profile: Pick<DistrictProfile, 'providers'>,
  managers: readonly CaseManagerLoad[],
  municipalityId: string,
  focusArea: FocusAreaId,
): CaseManagerLoad | undefined {
  const covering = new Set(coveringProviderIds(profile, municipalityId, focusArea));
  return managers
    .filter((m) => covering.has(m.providerId) && m.focusAreas.includes(focusArea))
    // Least loaded first; the id breaks ties so the choice is reproducible.
    .sort((a, b) => a.openCases - b.openCases || a.staffId.localeCompare(b.staffId))[0];
}
