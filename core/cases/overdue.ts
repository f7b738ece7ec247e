/**
 * When a step is overdue, as the case pages, the case list and the coordination's caseload page say it. Browser-safe
 * (type imports only). Neither the case nor the referral carries a due date: the workflow sends its reminder (or
 * escalates to the coordination) when the deadline passes, so a sent reminder is the sign.
 */
import type { CaseRecord } from './case.ts';
import type { ReferralRecord } from './referral.ts';

/** The assessment: reminded or escalated, and the case still waits for it. */
export const isAssessmentOverdue = (record: Pick<CaseRecord, 'stage' | 'assessmentReminderSentAt' | 'assessmentEscalatedAt'>): boolean =>
  record.stage === 'awaiting-assessment' && (record.assessmentReminderSentAt !== undefined || record.assessmentEscalatedAt !== undefined);

/** A referral: the service was reminded (or the coordination told) and has still not answered. */
export const isReferralOverdue = (referral: Pick<ReferralRecord, 'status' | 'reminderSentAt' | 'escalatedAt'>): boolean =>
  referral.status === 'sent' && (referral.reminderSentAt !== undefined || referral.escalatedAt !== undefined);
