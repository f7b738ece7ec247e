/**
 * How long personal data is kept (the profile's `retention`): a closed case and everything about it, the read audit
 * (who read which case), and after how long without activity an open case is put before the coordination for
 * closure or erasure. Every item with personal data gets its date as DynamoDB's TTL attribute `expiresAt`.
 */
import * as z from 'zod';

const days = z.int().min(1).max(36_500);

export const retentionSchema = z.strictObject({
  /** After closure: the case, its client, consents, referrals, record and history. */
  caseClosedDays: days,
  /**
   * Each read (case-read, record-read, case-found, export…) on its own: it says who looked at a person's data, which
   * the data protection officer checks for a limited time (two years is common in German public bodies).
   */
  readAuditDays: days,
  /** An open case without any event for this long is listed to the coordination ("Ruhende Fälle"). */
  inactiveCaseDays: days,
  /**
   * A topic proposed for the Jour fixe (core/meetings/meeting-topics.ts), from its proposal and again from the
   * decision on it: it names who proposed it. Two years unless the profile says otherwise (profiles from before
   * topics existed have no entry).
   */
  meetingTopicDays: days.default(730),
  /**
   * A meeting's minutes (core/meetings/minutes*.ts): draft, editions, action items with their owners, from the
   * meeting on. Ten years, as the district keeps its bodies' minutes, unless the profile says otherwise.
   */
  meetingMinutesDays: days.default(3660),
});
export type RetentionSettings = z.infer<typeof retentionSchema>;

const DAY_SECONDS = 24 * 60 * 60;

/** The TTL (epoch seconds) `days` after `now`. */
export const expiresAfterDays = (now: Date, days: number): number => Math.floor(now.getTime() / 1000) + days * DAY_SECONDS;
