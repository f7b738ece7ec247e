/**
 * What a staff member must satisfy against the district profile, written once for every way staff come into the
 * table (provisioning in AWS, the demo data for `npm start`): the assignment can only choose a case manager
 * whose provider and focus areas the profile knows.
 */
import type { DistrictProfile } from '../profile/schema.ts';
import type { StaffMember } from '../profile/demo-data-schema.ts';

export interface StaffRuleIssue {
  /** Relative to the person, e.g. `['focusAreas', 1]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export function staffRuleIssues(person: Pick<StaffMember, 'role' | 'providerId' | 'focusAreas'>, profile: Pick<DistrictProfile, 'providers'>): StaffRuleIssue[] {
  const issues: StaffRuleIssue[] = [];
  const provider = profile.providers.find((p) => p.id === person.providerId);
  if (person.providerId !== undefined && provider === undefined) {
    issues.push({ path: ['providerId'], message: `„${person.providerId}“ ist kein Träger des Profils (Träger: ${profile.providers.map((p) => p.id).join(', ')})` });
  }
  if (person.role !== 'casemanager') {
    if (person.focusAreas !== undefined) issues.push({ path: ['focusAreas'], message: 'nur Case-Manager*innen haben Schwerpunkte' });
    return issues;
  }
  if (person.providerId === undefined) issues.push({ path: ['providerId'], message: 'ist für Case-Manager*innen erforderlich' });
  if (person.focusAreas === undefined) {
    issues.push({ path: ['focusAreas'], message: 'ist für Case-Manager*innen erforderlich' });
    return issues;
  }
  person.focusAreas.forEach((area, i) => {
    if (provider !== undefined && !provider.focusAreas.includes(area)) {
      issues.push({
        path: ['focusAreas', i],
        message: `der Träger „${provider.id}“ bietet den Schwerpunkt „${area}“ nicht an (angeboten: ${provider.focusAreas.join(', ')})`,
      });
    }
  });
  return issues;
}
