/**
 * A valid intake as intake staff would submit it, for the deploy rehearsal, the workflow tests and the bench. They
 * submit the same person again and again, so it confirms a second case of the same person (the duplicate-person
 * warning); `duplicateConfirmed: undefined` leaves the confirmation out.
 */
export function sampleIntake(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    duplicateConfirmed: true,
    familyName: 'Haddad',
    givenNames: 'Rana',
    dateOfBirth: '1988-03-02',
    nationality: 'SY',
    languages: ['ar'],
    interpreterNeeded: true,
    municipalityId: 'kreuzau',
    residenceStatus: 'protection',
    arrivalDate: '2026-09-15',
    requestedFocusArea: 'welcome',
    needs: { categories: ['language', 'childcare-school'] },
    crisis: false,
    consentToProcessing: true,
    ...overrides,
  };
}
