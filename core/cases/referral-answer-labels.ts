/**
 * German names of the answers to a referral, for the service's answer page and the case manager's outcome form, so
 * both offer the same words. Browser-safe: plain data and type imports only.
 */
import type { ReferralAnswerKind } from './referral.ts';

export const REFERRAL_ANSWER_LABELS: Readonly<Record<ReferralAnswerKind, string>> = {
  accepted: 'Angenommen',
  declined: 'Abgelehnt (mit Grund)',
  appointment: 'Ersttermin vereinbart',
  completed: 'Abgeschlossen – die Beratung hat stattgefunden',
  'no-show': 'Nicht wahrgenommen – die Person ist nicht erschienen',
};

/** "2027-01-12" → "12.01.2027" (a calendar date, no time zone involved). */
export const germanDay = (isoDate: string): string => isoDate.split('-').reverse().join('.');
