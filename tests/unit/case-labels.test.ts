import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../core/casework/read-cases.ts';
import { CASE_STAGES } from '../../core/cases/case.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import { REFERRAL_STATUSES } from '../../core/cases/referral.ts';
import { CASE_STAGES_IN_ORDER, caseListFilter, caseListPath, caseMarks, dataFieldList, isReferralOverdue, labelOf, languageNamesOf, nationalityName, OUTCOME_LABELS, REFERRAL_STATUS_LABELS, selectionOf, waitingFor, waitingSince } from '../../web/case-labels.ts';

const base: CaseSummary = {
  caseId: 'KIM-2026-7QK3M2XD',
  version: 3,
  createdAt: '2026-03-02T08:00:00.000Z',
  updatedAt: '2026-03-04T09:00:00.000Z',
  stage: 'awaiting-assessment',
  municipalityId: 'kreuzau',
  requestedFocusArea: 'welcome',
  focusArea: 'welcome',
  crisis: false,
  needCategories: ['housing'],
  intakeBy: 'lena-hoffmann',
  caseManagerId: 'ayse-yilmaz',
  assessmentRequestedAt: '2026-03-02T08:05:00.000Z',
  generation: 1,
};

describe('stages', () => {
  it('names every stage of the workflow in German, in the workflow order', () => {
    expect(CASE_STAGES_IN_ORDER).toEqual([...CASE_STAGES]);
    expect(STAGE_LABELS['awaiting-assessment']).toBe('Wartet auf Einschätzung');
  });

  it('says what a case waits for; a parked case waits for the coordination', () => {
    expect(waitingFor(base)).toBe('Einschätzung durch das Case-Management');
    expect(waitingFor({ ...base, stage: 'referring' })).toBe('Rückmeldungen der Stellen zu den Vermittlungen');
    expect(waitingFor({ ...base, attention: { step: 'Assign', at: '2026-03-03T10:00:00.000Z' } })).toMatch(/^Klärung durch die Koordination/);
    // The list says why in words, so the coordination sees what to fix without opening each case.
    expect(waitingFor({ ...base, stage: 'referring', attention: { step: 'ReferralNotSent', at: '2026-03-03T10:00:00.000Z' } })).toBe(
      'Klärung durch die Koordination: Die E-Mail an den Dienst (Vermittlung) konnte nicht gesendet werden.',
    );
  });

  it('takes "since" from the best timestamp the case item has', () => {
    expect(waitingSince(base)).toBe(base.assessmentRequestedAt);
    expect(waitingSince({ ...base, stage: 'intake' })).toBe(base.createdAt);
    expect(waitingSince({ ...base, stage: 'referring' })).toBe(base.updatedAt);
    expect(waitingSince({ ...base, stage: 'closed', closedAt: '2026-05-01T10:00:00.000Z' })).toBe('2026-05-01T10:00:00.000Z');
    expect(waitingSince({ ...base, stage: 'referring', attention: { step: 'SendReferral', at: '2026-03-05T10:00:00.000Z' } })).toBe('2026-03-05T10:00:00.000Z');
  });
});

describe('marks', () => {
  const labels = (record: Parameters<typeof caseMarks>[0]): string[] => caseMarks(record).map((mark) => mark.label);

  it('has none for an ordinary case', () => {
    expect(labels(base)).toEqual([]);
  });

  it('marks needs-attention first, then crisis, then overdue', () => {
    const parked = { ...base, crisis: true, attention: { step: 'Assign', at: base.updatedAt }, assessmentReminderSentAt: base.updatedAt };
    expect(labels(parked)).toEqual(['Klärung nötig', 'Krise', 'überfällig']);
  });

  it('calls the assessment overdue once reminded or escalated, and only while the case still waits for it', () => {
    expect(labels({ ...base, assessmentReminderSentAt: base.updatedAt })).toEqual(['überfällig']);
    expect(labels({ ...base, assessmentEscalatedAt: base.updatedAt })).toEqual(['überfällig']);
    expect(labels({ ...base, stage: 'referring', assessmentReminderSentAt: base.updatedAt })).toEqual([]);
  });

  it('drops the crisis mark once the case is closed', () => {
    expect(labels({ ...base, crisis: true })).toEqual(['Krise']);
    expect(labels({ ...base, crisis: true, stage: 'closed' })).toEqual([]);
  });

  it('gives every mark a word and a tone, never colour alone', () => {
    const all = caseMarks({ ...base, crisis: true, attention: { step: 'x', at: base.updatedAt }, assessmentEscalatedAt: base.updatedAt });
    for (const mark of all) expect(mark.label).not.toBe('');
    expect(all.map((mark) => mark.tone)).toEqual(['kritisch', 'kritisch', 'warnung']);
  });
});

describe('referrals', () => {
  it('names every referral status', () => {
    for (const status of REFERRAL_STATUSES) expect(REFERRAL_STATUS_LABELS[status]).toMatch(/\S/);
  });

  it('names an outcome as the status it gives the referral', () => {
    expect(OUTCOME_LABELS['no-show']).toBe('Nicht wahrgenommen');
    expect(OUTCOME_LABELS.accepted).toBe(REFERRAL_STATUS_LABELS.accepted);
  });

  it('is overdue only while sent and after a reminder or escalation', () => {
    expect(isReferralOverdue({ status: 'sent' })).toBe(false);
    expect(isReferralOverdue({ status: 'sent', reminderSentAt: base.updatedAt })).toBe(true);
    expect(isReferralOverdue({ status: 'sent', escalatedAt: base.updatedAt })).toBe(true);
    expect(isReferralOverdue({ status: 'accepted', reminderSentAt: base.updatedAt })).toBe(false);
  });
});

describe('names', () => {
  it('lists data fields as a German sentence', () => {
    expect(dataFieldList([])).toBe('');
    expect(dataFieldList(['name'])).toBe('Name');
    expect(dataFieldList(['name', 'phone'])).toBe('Name und Telefon');
    expect(dataFieldList(['name', 'dateOfBirth', 'residenceStatus'])).toBe('Name, Geburtsdatum und Aufenthaltsstatus');
  });

  it('shows a value the labels do not know as it is', () => {
    expect(labelOf(STAGE_LABELS, 'unknown-stage')).toBe('unknown-stage');
  });

  it('names countries and languages in German', () => {
    expect(nationalityName('SY')).toBe('Syrien');
    expect(nationalityName('stateless')).toBe('staatenlos');
    expect(languageNamesOf(['ar', 'uk'])).toBe('Arabisch, Ukrainisch');
  });
});

describe('the coordinators\' filter', () => {
  const municipalities = ['kreuzau', 'juelich'];

  it('reads known values from the URL and ignores the rest', () => {
    expect(caseListFilter(new URLSearchParams('stage=referring&municipality=kreuzau'), municipalities)).toEqual({ stage: 'referring', municipality: 'kreuzau' });
    expect(caseListFilter(new URLSearchParams('stage=&municipality='), municipalities)).toEqual({});
    expect(caseListFilter(new URLSearchParams('stage=<script>&municipality=atlantis'), municipalities)).toEqual({});
    expect(caseListFilter(new URLSearchParams('auswahl=kommune:kreuzau'), municipalities)).toEqual({ municipality: 'kreuzau' });
    expect(caseListFilter(new URLSearchParams('auswahl=kommune:atlantis'), municipalities)).toEqual({});
    expect(caseListFilter(new URLSearchParams('stage=closed&auswahl=case-management:anna'), municipalities)).toEqual({ stage: 'closed', caseManager: 'anna' });
    expect(caseListFilter(new URLSearchParams('auswahl=klaerung'), municipalities)).toEqual({ needsAttention: true });
    expect(caseListFilter(new URLSearchParams('auswahl=ueberfaellig'), municipalities)).toEqual({ overdue: true });
    expect(caseListFilter(new URLSearchParams('auswahl=irgendwas'), municipalities)).toEqual({});
  });

  it('preselects the one filter besides the stage', () => {
    for (const query of ['auswahl=kommune:kreuzau', 'auswahl=case-management:anna', 'auswahl=klaerung', 'auswahl=ueberfaellig', '']) {
      expect(selectionOf(caseListFilter(new URLSearchParams(query), municipalities))).toBe(query.replace('auswahl=', ''));
    }
  });

  it('asks the API with the same filter', () => {
    expect(caseListPath({})).toBe('/api/cases');
    expect(caseListPath({ stage: 'awaiting-assessment', municipality: 'kreuzau' })).toBe('/api/cases?stage=awaiting-assessment&municipality=kreuzau');
    expect(caseListPath({ caseManager: 'anna' }, 'abc')).toBe('/api/cases?caseManager=anna&cursor=abc');
    expect(caseListPath({ stage: 'closed', needsAttention: true })).toBe('/api/cases?stage=closed&needsAttention=true');
    expect(caseListPath({ overdue: true })).toBe('/api/cases?overdue=true');
  });
});
