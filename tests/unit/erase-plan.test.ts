import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/cases/case.ts';
import type { ReferralRecord } from '../../core/cases/referral.ts';
import { erasureToService } from '../../core/mail/notifications.ts';
import { countsInCaseload, detailsWithoutFreeText, erasedReferral, owesErasureNotice, tombstoneOf } from '../../core/privacy/erase-plan.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { describeEvent } from '../../web/case-history.ts';

const NOW = new Date('2026-11-24T09:00:00Z');
const CASE_ID = 'KIM-2026-7QK3M2XD';
const open: CaseRecord = {
  caseId: CASE_ID,
  version: 7,
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  stage: 'referring',
  attention: { step: 'SendReferral', at: '2026-11-20T10:00:00.000Z' },
  municipalityId: 'kreuzau',
  requestedFocusArea: 'welcome',
  focusArea: 'welcome',
  crisis: true,
  needCategories: ['language', 'psychosocial'],
  intakeBy: 'erika',
  providerId: 'caritas',
  caseManagerId: 'jana',
  assessmentRequestedAt: '2026-11-03T10:00:00.000Z',
  assessmentTaskToken: 'token-a',
  closureTaskToken: 'token-c',
  handoverNotice: { staffId: 'jana', since: '2026-11-19T10:00:00.000Z' },
  generation: 3,
};
const erasure = { by: 'sabine', basis: 'request', at: NOW, expiresAt: 1_900_000_000 } as const;
const referral = (index: number, changes: Partial<ReferralRecord>): ReferralRecord => ({
  referralId: `${CASE_ID}-V0${String(index)}`,
  caseId: CASE_ID,
  version: 2,
  createdAt: '2026-11-05T10:00:00.000Z',
  updatedAt: '2026-11-06T10:00:00.000Z',
  needCategory: 'language',
  serviceId: 'integrationskurs',
  status: 'planned',
  ...changes,
});

describe('the erasure plan', () => {
  it('turns an open case into its tombstone: what the statistics read, the erasure, the next generation — nothing else', () => {
    expect(tombstoneOf(open, erasure)).toEqual({
      caseId: CASE_ID,
      version: 7,
      createdAt: open.createdAt,
      updatedAt: NOW.toISOString(),
      stage: 'closed',
      municipalityId: 'kreuzau',
      requestedFocusArea: 'welcome',
      focusArea: 'welcome',
      crisis: false,
      needCategories: [],
      intakeBy: 'erika',
      providerId: 'caritas',
      caseManagerId: 'jana',
      assessmentRequestedAt: open.assessmentRequestedAt,
      generation: 4,
      closedAt: NOW.toISOString(),
      expiresAt: 1_900_000_000,
      erasedAt: NOW.toISOString(),
      erasedBy: 'sabine',
      erasureBasis: 'request',
    });
    expect(countsInCaseload(open)).toBe(true);
  });

  it('keeps a closed case its closure, reason and retention, and its caseload as it is', () => {
    const closed: CaseRecord = { ...open, stage: 'closed', closedAt: '2026-11-10T10:00:00.000Z', closureReason: 'goals-achieved', expiresAt: 1_800_000_000 };
    expect(tombstoneOf(closed, { ...erasure, basis: 'consent-withdrawn' })).toMatchObject({
      closedAt: '2026-11-10T10:00:00.000Z',
      closureReason: 'goals-achieved',
      expiresAt: 1_800_000_000,
      erasureBasis: 'consent-withdrawn',
    });
    expect(countsInCaseload(closed)).toBe(false);
    const { caseManagerId: _manager, ...unassigned } = open;
    expect(countsInCaseload({ ...unassigned, stage: 'waiting-list' })).toBe(false);
  });

  it('takes a referral its free text, appointment and token, and keeps status, service, dates and the coded reason', () => {
    const declined = referral(1, { status: 'declined', sentAt: '2026-11-06T10:00:00.000Z', outcomeReasonCode: 'other', outcomeReason: 'Frau Haddad ist umgezogen', outcomeAt: '2026-11-08T10:00:00.000Z', firstAppointment: '2026-12-01', taskToken: 't' });
    const erased = erasedReferral(declined, NOW);
    expect(erased).toEqual({
      referralId: declined.referralId,
      caseId: CASE_ID,
      version: 2,
      createdAt: declined.createdAt,
      updatedAt: declined.updatedAt,
      needCategory: 'language',
      serviceId: 'integrationskurs',
      status: 'declined',
      sentAt: declined.sentAt,
      outcomeReasonCode: 'other',
      outcomeAt: declined.outcomeAt,
      erasedAt: NOW.toISOString(),
    });
  });

  it('owes the notice to every service that got (or may have got) the data, until it is told', () => {
    const erasedAt = NOW.toISOString();
    expect(owesErasureNotice(referral(1, { status: 'sent', sentAt: erasedAt, erasedAt }))).toBe(true);
    expect(owesErasureNotice(referral(2, { status: 'planned', sendClaimedAt: erasedAt, erasedAt }))).toBe(true);
    expect(owesErasureNotice(referral(3, { status: 'stopped', sentAt: erasedAt, serviceToldAt: erasedAt, erasedAt }))).toBe(true);
    expect(owesErasureNotice(referral(4, { status: 'held-no-consent', erasedAt }))).toBe(false);
    expect(owesErasureNotice(referral(5, { status: 'sent', sentAt: erasedAt, erasedAt, erasureToldAt: erasedAt }))).toBe(false);
    expect(owesErasureNotice(referral(6, { status: 'sent', sentAt: erasedAt }))).toBe(false);
  });

  it('removes the free text of hand-over and reopening events, and leaves coded details alone', () => {
    expect(detailsWithoutFreeText({ kind: 'handed-over', actor: 's', details: { from: 'a', to: 'b', choice: 'auto', reason: 'Frau Haddad wünscht es' } })).toEqual({ from: 'a', to: 'b', choice: 'auto' });
    expect(detailsWithoutFreeText({ kind: 'reopened', actor: 's', details: { reason: 'Neue Fragen', generation: 2 } })).toEqual({ generation: 2 });
    expect(detailsWithoutFreeText({ kind: 'reopened', actor: 's', details: { generation: 2 } })).toBeUndefined();
    expect(detailsWithoutFreeText({ kind: 'referral-stopped', actor: 's', details: { referralId: 'r', reason: 'consent-revoked' } })).toBeUndefined();
    expect(detailsWithoutFreeText({ kind: 'closed', actor: 's', details: { reason: 'goals-achieved' } })).toBeUndefined();
  });

  it('says in the history who erased on what basis, and which service was told', () => {
    const profile = publicProfile(bundledProfile());
    const at = NOW.toISOString();
    expect(describeEvent({ kind: 'erased', actor: 'sabine', at, details: { basis: 'consent-withdrawn', referrals: 2, generation: 4 } }, profile, 'x')).toBe(
      'Daten der Person gelöscht (Art. 17 DSGVO, nach Widerruf der Einwilligung)',
    );
    expect(describeEvent({ kind: 'referral-erasure-told', actor: 'system', at, details: { referralId: `${CASE_ID}-V01`, serviceId: 'integrationskurs' } }, profile, 'x')).toMatch(
      /^Vermittlung V01: .+ über die Löschung benachrichtigt \(Art\. 19 DSGVO\)$/,
    );
  });

  it('tells the service by a mail whose subject is the referral number only', () => {
    const mail = erasureToService({ caseNumber: CASE_ID, referralNumber: `${CASE_ID}-V01`, serviceName: 'Integrationskurs', sentAt: NOW });
    expect(mail.subject).toBe(`Löschung: Vermittlung ${CASE_ID}-V01`);
    expect(mail.text).toContain('Art. 19 DSGVO');
    expect(() => erasureToService({ caseNumber: CASE_ID, referralNumber: 'Frau Haddad', serviceName: 'x', sentAt: NOW })).toThrow('not a referral number');
  });
});
