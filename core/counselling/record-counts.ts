/**
 * The case record's figures for the KPI report, counted where they are written: each write of a contact, of a
 * case's first goal and of a closure adds to counters in the same transaction (core/counselling/ports.ts), so the
 * report reads a few counters per day of its period instead of every case's record — its cost does not grow with
 * the number of cases. Counters carry codes and numbers only: nothing personal, so they stay when cases are deleted.
 *
 * A counter is kept per day (`YYYY-MM-DD`, the district's calendar: the contact's day, the day of the first goal or
 * of the closure), so a report sums exactly the days of its period.
 */
import type { ContactRecord, GoalStatus } from './record.ts';

export interface CountIncrement {
  /** The day counted on (`YYYY-MM-DD`). */
  readonly day: string;
  readonly key: string;
  readonly by: number;
}

/** Upper bounds (days) of the classes the time from intake to the support plan is counted in; the last is open. */
export const SUPPORT_PLAN_DAY_CLASSES = [7, 14, 30, 60, 90, 180, 365] as const;

/** The counters that break a figure down: the prefix, then the code (form, reason, status, class). */
export const COUNT_PREFIXES = {
  contactsByForm: 'contacts.form.',
  closuresByReason: 'closures.reason.',
  goalsByFinalStatus: 'goals.final.',
  supportPlanByClass: 'supportPlan.days.',
} as const;

export const COUNT_KEYS = {
  contactsByForm: (form: string) => `${COUNT_PREFIXES.contactsByForm}${form}`,
  contactsWithInterpreter: 'contacts.interpreter',
  contactMinutes: 'contacts.minutes',
  /** A case counted once per calendar month in which it had a contact: the denominator of contacts per case. */
  caseMonthsWithContact: 'contacts.caseMonths',
  closuresByReason: (reason: string) => `${COUNT_PREFIXES.closuresByReason}${reason}`,
  goalsByFinalStatus: (status: string) => `${COUNT_PREFIXES.goalsByFinalStatus}${status}`,
  supportPlans: 'supportPlan.cases',
  supportPlanByClass: (upperBound: number | 'more') => `${COUNT_PREFIXES.supportPlanByClass}${String(upperBound)}`,
} as const;

/** Increments of the same counter on the same day as one (a transaction may touch each item only once). */
function merged(increments: readonly CountIncrement[]): CountIncrement[] {
  const byItem = new Map<string, CountIncrement>();
  for (const inc of increments) {
    const id = `${inc.day}|${inc.key}`;
    const seen = byItem.get(id);
    byItem.set(id, { ...inc, by: (seen?.by ?? 0) + inc.by });
  }
  return [...byItem.values()].filter((inc) => inc.by !== 0);
}

/** `firstOfMonth`: the case has no other contact in the contact's calendar month yet. */
export function contactCounts(contact: Pick<ContactRecord, 'date' | 'form' | 'durationMinutes' | 'interpreterLanguage'>, firstOfMonth: boolean): CountIncrement[] {
  const day = contact.date;
  return merged([
    { day, key: COUNT_KEYS.contactsByForm(contact.form), by: 1 },
    { day, key: COUNT_KEYS.contactMinutes, by: contact.durationMinutes },
    ...(contact.interpreterLanguage === undefined ? [] : [{ day, key: COUNT_KEYS.contactsWithInterpreter, by: 1 }]),
    ...(firstOfMonth ? [{ day, key: COUNT_KEYS.caseMonthsWithContact, by: 1 }] : []),
  ]);
}

/** The class of a number of days: the first upper bound it does not exceed. */
export const dayClassOf = (days: number): number | 'more' => SUPPORT_PLAN_DAY_CLASSES.find((bound) => days <= bound) ?? 'more';

/** The case's first goal: the support plan begins `days` after the intake. */
export function supportPlanCounts(day: string, days: number): CountIncrement[] {
  return [
    { day, key: COUNT_KEYS.supportPlans, by: 1 },
    { day, key: COUNT_KEYS.supportPlanByClass(dayClassOf(days)), by: 1 },
  ];
}

export function closureCounts(day: string, reason: string, finalGoalStatuses: readonly GoalStatus[]): CountIncrement[] {
  return merged([{ day, key: COUNT_KEYS.closuresByReason(reason), by: 1 }, ...finalGoalStatuses.map((status) => ({ day, key: COUNT_KEYS.goalsByFinalStatus(status), by: 1 }))]);
}
