/**
 * The inputs of the Jour fixe topics (core/meetings/meeting-topics.ts). Apart from the use cases so the route table
 * (functions/api-routes.ts) can describe the API with the very schemas the use cases parse with.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { CASE_NUMBER_IN_TEXT } from '../cases/case.ts';
import { safeText } from '../intake/text-rules.ts';
import { TOPIC_STATUSES } from './topic.ts';

export const TOPIC_TITLE_MAX_CHARS = 120;
export const TOPIC_TEXT_MAX_CHARS = 1000;

/** Safe text of at most `maxChars` characters (lines only when `multiline`), refused when it holds a case number. */
const topicText = (maxChars: number, multiline: boolean) =>
  safeText({ maxBytes: 4 * maxChars, multiline })
    .pipe(z.string().max(maxChars, { error: `ist zu lang (höchstens ${String(maxChars)} Zeichen)` }))
    .refine((text) => !CASE_NUMBER_IN_TEXT.test(text), { error: 'darf keine Fallnummer enthalten (das Thema geht ohne Bezug zu einem Fall an alle Mitglieder)' });

const version = z.int({ error: 'muss eine ganze Zahl sein' }).min(1).optional();

/** POST /api/topics. `bodyId` may be left out when the profile has one Jour fixe. */
export const proposeTopicInput = z.strictObject({
  bodyId: z.string().max(80).optional(),
  title: topicText(TOPIC_TITLE_MAX_CHARS, false),
  text: topicText(TOPIC_TEXT_MAX_CHARS, true),
  gapReportId: z.uuid({ error: 'ist keine Bedarfsmeldung' }).optional(),
});

/** POST /api/topics/{id}/accept: onto `meetingId`, or the body's next scheduled meeting. */
export const acceptTopicInput = z.strictObject({ meetingId: z.string().max(100).optional(), version });

/** POST /api/topics/{id}/decline: the reason the proposer reads. */
export const declineTopicInput = z.strictObject({
  reason: safeText({ maxBytes: 2000, multiline: true }).pipe(z.string().max(500, { error: 'ist zu lang (höchstens 500 Zeichen)' })),
  version,
});

/** GET /api/topics (query parameters arrive as strings). */
export const topicsQuery = z.strictObject({
  status: z.enum(TOPIC_STATUSES, { error: 'muss proposed, accepted oder declined sein' }).optional(),
  mine: z.enum(['true', 'false'], { error: 'muss true oder false sein' }).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number({ error: 'muss eine Zahl sein' }).int({ error: 'muss eine ganze Zahl sein' }).min(1, { error: 'mindestens 1' }).max(100, { error: 'höchstens 100' }).optional(),
});
