/**
 * Triage: which focus area the case goes to. Eligibility comes from the profile. A request the district does
 * not offer in the person's municipality is never a dead end: the case goes to the welcome counselling (offered
 * everywhere, and it links people to psychological and medical services) and a gap report records the need.
 */
import { scopeIncludes, type DistrictProfile, type FocusAreaId } from '../profile/schema.ts';
import type { GapReason } from './gap-report.ts';

export interface TriageResult {
  readonly focusArea: FocusAreaId;
  readonly eligible: boolean;
  readonly gap?: { readonly reason: GapReason; readonly focusArea: FocusAreaId };
}

const FALLBACK: FocusAreaId = 'welcome';

export function triage(profile: Pick<DistrictProfile, 'focusAreas'>, municipalityId: string, requested: FocusAreaId): TriageResult {
  const area = profile.focusAreas.find((f) => f.id === requested);
  if (area !== undefined && scopeIncludes(area.eligibleMunicipalities, municipalityId)) return { focusArea: requested, eligible: true };
  return { focusArea: FALLBACK, eligible: false, gap: { reason: 'focus-area-not-offered', focusArea: requested } };
}
