/**
 * The access export's assembly (core/privacy/access-export.ts) on an in-memory case: every recipient with the
 * fields its mail carried and when, a send without confirmation with the service's fields, every page of the
 * record, staff named with their role, the export audited before the history is read (so it lists itself), and
 * the coordination's export without the psychosocial notes — saying so.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord, ClientRecord } from '../../core/cases/case.ts';
import type { CaseEvent, CaseRepository, ReferralRepository } from '../../core/cases/ports.ts';
import { ManualClock } from '../../core/clock.ts';
import type { CaseRecordRepository, PageRequest } from '../../core/counselling/ports.ts';
import type { ContactRecord, NoteLevel, NoteRecord } from '../../core/counselling/record.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { exportFileName, exportPerson } from '../../core/privacy/access-export.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { loadProfileFile } from '../../core/profile/load-profile.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import type { StaffDirectory, StaffRecord } from '../../core/staff/ports.ts';
import { findForbidden, SECOND_DISTRICT_PROFILE_PATH, stateTerms } from '../fixtures/second-district/second-district.ts';

const profile = bundledProfile();
const CASE_ID = 'KIM-2026-7QK3M2XD';
const manager: Caller = { userId: 'samuel-mensah', email: 'samuel@example.org', roles: ['casemanager'] };
const coordinator: Caller = { userId: 'sabine-kraemer', email: 'sabine@example.org', roles: ['coordinator'] };

function world(focusArea: NonNullable<CaseRecord['focusArea']> = 'welcome', districtProfile: DistrictProfile = profile) {
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  const record: CaseRecord = {
    caseId: CASE_ID,
    version: 5,
    createdAt: '2026-11-02T08:00:00.000Z',
    updatedAt: '2026-11-02T08:00:00.000Z',
    stage: 'monitoring',
    municipalityId: 'kreuzau',
    requestedFocusArea: focusArea,
    focusArea,
    crisis: false,
    needCategories: ['language', 'residence'],
    intakeBy: 'lena-hoffmann',
    caseManagerId: 'samuel-mensah',
    providerId: 'kommune-kreuzau',
    generation: 1,
  };
  const client: ClientRecord = {
    caseId: CASE_ID,
    version: 1,
    familyName: 'Haddad',
    givenNames: 'Rami',
    dateOfBirth: '1990-04-01',
    nationality: 'SY',
    languages: ['ar'],
    interpreterNeeded: true,
    municipalityId: 'kreuzau',
    residenceStatus: 'asylum-seeker',
    arrivalDate: '2026-01-10',
    needsDescription: 'Sprachkurs gesucht',
    consentToProcessingAt: '2026-11-02T08:00:00.000Z',
  };
  const events: (CaseEvent & { at: string })[] = [
    { kind: 'intake-received', actor: 'lena-hoffmann', at: '2026-11-02T08:00:00.000Z' },
    { kind: 'case-read', actor: 'samuel-mensah', at: '2026-11-03T08:00:00.000Z' },
    { kind: 'referral-sent', actor: 'system', at: '2026-11-04T08:00:00.000Z', details: { referralId: `${CASE_ID}-V01`, serviceId: 'auslaenderbehoerde', fields: 'name,dateOfBirth,nationality,residenceStatus' } },
    { kind: 'referral-sent-unconfirmed', actor: 'system', at: '2026-11-05T08:00:00.000Z', details: { referralId: `${CASE_ID}-V02`, serviceId: 'einbuergerungsbehoerde' } },
    { kind: 'case-read', actor: 'sabine-kraemer', at: '2026-11-06T08:00:00.000Z' },
  ];
  const contacts: ContactRecord[] = Array.from({ length: 130 }, (_, i) => ({
    contactId: `c${String(i)}`,
    caseId: CASE_ID,
    date: '2026-11-10',
    durationMinutes: 30,
    form: 'phone',
    needCategories: ['language'],
    recordedBy: 'samuel-mensah',
    recordedAt: `2026-11-10T08:${String(i % 60).padStart(2, '0')}:00.000Z`,
  }));
  const notes: Record<NoteLevel, NoteRecord[]> = {
    ordinary: [{ noteId: 'n1', caseId: CASE_ID, level: 'ordinary', text: 'Termin vereinbart', author: 'samuel-mensah', createdAt: '2026-11-11T08:00:00.000Z' }],
    psychosocial: [{ noteId: 'n2', caseId: CASE_ID, level: 'psychosocial', text: 'Belastung besprochen', author: 'samuel-mensah', createdAt: '2026-11-12T08:00:00.000Z' }],
  };
  const paged = <T>(items: readonly T[], page: PageRequest) => {
    const start = Number(page.cursor ?? 0);
    const next = start + page.limit < items.length ? String(start + page.limit) : undefined;
    return Promise.resolve({ items: items.slice(start, start + page.limit), ...(next === undefined ? {} : { next }) });
  };
  const cases = {
    getCase: () => Promise.resolve(record),
    getClient: () => Promise.resolve(client),
    listConsents: () => Promise.resolve([{ consentId: 'k1', caseId: CASE_ID, version: 1, recipientServiceId: 'auslaenderbehoerde', purpose: 'referral', form: 'written', givenAt: '2026-11-03T09:00:00.000Z', recordedBy: 'samuel-mensah' }]),
    listEvents: () => Promise.resolve([...events]),
    appendEvent: (_caseId: string, event: CaseEvent, now: Date) => {
      events.push({ ...event, at: now.toISOString() });
      return Promise.resolve();
    },
  } as unknown as CaseRepository;
  const referrals = {
    listReferrals: () =>
      Promise.resolve([{ referralId: `${CASE_ID}-V01`, caseId: CASE_ID, version: 3, createdAt: '2026-11-03T09:00:00.000Z', updatedAt: '2026-11-04T08:00:00.000Z', needCategory: 'residence', serviceId: 'auslaenderbehoerde', status: 'sent', sentAt: '2026-11-04T08:00:00.000Z', taskToken: 'secret-token' }]),
  } as unknown as ReferralRepository;
  const records = {
    listContacts: (_caseId: string, page: PageRequest) => paged(contacts, page),
    listNotes: (_caseId: string, level: NoteLevel, page: PageRequest) => paged(notes[level], page),
    listGoals: () => Promise.resolve([]),
  } as unknown as CaseRecordRepository;
  const people: Record<string, Pick<StaffRecord, 'id' | 'name' | 'role'>> = {
    'samuel-mensah': { id: 'samuel-mensah', name: 'Samuel Mensah', role: 'casemanager' },
    'sabine-kraemer': { id: 'sabine-kraemer', name: 'Sabine Krämer', role: 'coordinator' },
    'lena-hoffmann': { id: 'lena-hoffmann', name: 'Lena Hoffmann', role: 'intake' },
  };
  const staff = { get: (id: string) => Promise.resolve(people[id]) } as unknown as StaffDirectory;
  return { deps: { profile: districtProfile, clock, cases, referrals, records, staff }, events };
}

describe('the access export', () => {
  it('names every recipient with the fields its mail carried and when, reads every page, and lists itself among the reads', async () => {
    const { deps, events } = world();
    const data = await exportPerson(deps, manager, CASE_ID, 'json');

    expect(data.disclosures).toEqual([
      {
        referralId: `${CASE_ID}-V01`,
        at: '2026-11-04T08:00:00.000Z',
        recipient: { serviceId: 'auslaenderbehoerde', name: 'Ausländerbehörde Kreis Düren', email: 'auslaenderbehoerde@example.invalid' },
        fields: [
          { field: 'name', label: 'Name' },
          { field: 'dateOfBirth', label: 'Geburtsdatum' },
          { field: 'nationality', label: 'Staatsangehörigkeit' },
          { field: 'residenceStatus', label: 'Aufenthaltsstatus' },
        ],
        confirmed: true,
      },
      // Unconfirmed: what the service's purpose allows, which is what the mail carried if it went out.
      expect.objectContaining({ referralId: `${CASE_ID}-V02`, confirmed: false }),
    ]);
    expect(data.disclosures[1]?.fields.map((f) => f.field)).toEqual(profile.services.find((s) => s.id === 'einbuergerungsbehoerde')?.dataFields);
    expect(data.contacts).toHaveLength(130);
    expect(data.notes.map((n) => n.level)).toEqual(['ordinary', 'psychosocial']);
    expect(data.withheld).toEqual([]);
    expect(data.client).toMatchObject({ familyName: 'Haddad', needsDescription: 'Sprachkurs gesucht' });
    expect(data.consents[0]?.recipient.name).toBe('Ausländerbehörde Kreis Düren');
    expect(JSON.stringify(data)).not.toContain('secret-token');

    expect(events.at(-1)).toMatchObject({ kind: 'person-exported', actor: 'samuel-mensah', details: { format: 'json' } });
    expect(data.reads.map((r) => [r.kind, r.by.name, r.by.role])).toEqual([
      ['case-read', 'Samuel Mensah', 'Case-Management'],
      ['case-read', 'Sabine Krämer', 'Koordination'],
      ['person-exported', 'Samuel Mensah', 'Case-Management'],
    ]);
    expect(data.history.find((e) => e.kind === 'intake-received')?.by).toEqual({ id: 'lena-hoffmann', name: 'Lena Hoffmann', role: 'Erstaufnahme' });
    expect(data.history.find((e) => e.kind === 'referral-sent')?.by.role).toBe('System');
    expect(data.createdBy.name).toBe('Samuel Mensah');
    expect(exportFileName(CASE_ID)).toBe(`auskunft-${CASE_ID}.json`);
  });

  it('leaves the psychosocial notes and a psychosocial needs description out of the coordination’s export and says who can give them', async () => {
    const { deps } = world('psychosocial');
    const data = await exportPerson(deps, coordinator, CASE_ID, 'document');
    expect(data.notes.map((n) => n.level)).toEqual(['ordinary']);
    expect(data.client?.needsDescription).toBeUndefined();
    expect(data.withheld).toHaveLength(2);
    expect(data.withheld.every((line) => line.includes('Samuel Mensah'))).toBe(true);
  });

  it('is refused to intake staff and to a case manager of another case', async () => {
    const { deps } = world();
    await expect(exportPerson(deps, { userId: 'lena-hoffmann', email: 'l@example.org', roles: ['intake'] }, CASE_ID, 'json')).rejects.toMatchObject({ kind: 'not-allowed' });
    await expect(exportPerson(deps, { ...manager, userId: 'thomas-mueller' }, CASE_ID, 'json')).rejects.toMatchObject({ kind: 'not-allowed' });
    await expect(exportPerson(deps, { userId: 'jonas-berger', email: 'd@example.org', roles: ['dpo'] }, CASE_ID, 'json')).rejects.toMatchObject({ kind: 'not-allowed' });
  });

  it('names the supervisory authority of the district’s state: NRW’s for Düren, Lower Saxony’s for the second district', async () => {
    const dueren = await exportPerson(world().deps, manager, CASE_ID, 'document');
    expect(dueren.supervisoryAuthority).toEqual({
      name: 'Die Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen',
      address: 'Kavalleriestraße 2–4, 40213 Düsseldorf',
      url: 'https://www.ldi.nrw.de',
    });
    const second = loadProfileFile(SECOND_DISTRICT_PROFILE_PATH);
    const theirs = await exportPerson(world('welcome', second).deps, manager, CASE_ID, 'json');
    expect(theirs.supervisoryAuthority.name).toBe('Die Landesbeauftragte für den Datenschutz Niedersachsen');
    expect(findForbidden(JSON.stringify(theirs), stateTerms(profile))).toEqual([]);
    expect(findForbidden(JSON.stringify(dueren), stateTerms(profile))).toContain('Nordrhein-Westfalen');
  });
});
