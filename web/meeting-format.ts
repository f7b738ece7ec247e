/**
 * How the meeting pages say dates, times and states: German, on the wall clock in Düren (the district's zone)
 * whatever the browser's zone, and every state in words (never by colour alone).
 */
import { formatGerman } from '../core/calendar/german-format.ts';
import type { GermanFormat } from '../core/calendar/german-format.ts';
import type { RsvpRecord } from '../core/meetings/ports.ts';
import type { MeetingRecord } from '../core/meetings/meeting.ts';
import type { ActionOwner, TrackedAction } from '../core/meetings/minutes.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { germanDate, TIME_ZONE } from './dates.ts';
import { h } from './dom.ts';
import { nameIn } from './public-profile.ts';

const inDueren = (iso: string, format: GermanFormat): string => formatGerman(new Date(iso), format, TIME_ZONE);

/** "10:00". */
export const clockTime = (iso: string): string => inDueren(iso, 'time');

/** "Di., 08.12.2026, 10:00 Uhr": for lists and links. */
export const shortWhen = (iso: string): string => `${inDueren(iso, 'shortWeekdayDate')}, ${clockTime(iso)} Uhr`;

/** "Dienstag, 8. Dezember 2026, 10:00–12:00 Uhr": for the meeting itself. */
export const longWhen = (meeting: Pick<MeetingRecord, 'start' | 'end'>): string =>
  `${inDueren(meeting.start, 'longDate')}, ${clockTime(meeting.start)}–${clockTime(meeting.end)} Uhr`;

/** The wall-clock time in Düren as HH:MM, the form the reschedule API and a time input take (whatever pages show). */
export const inputTime = (iso: string): string => inDueren(iso, 'time');

export const bodyName = (profile: PublicProfile, meeting: Pick<MeetingRecord, 'bodyId'>): string => nameIn(profile.bodies, meeting.bodyId);

/** The meeting's state as a mark with words; nothing for a meeting that simply takes place. */
export function statusMark(meeting: Pick<MeetingRecord, 'status'>): HTMLElement | undefined {
  return meeting.status === 'cancelled' ? h('span', { class: 'marke kritisch' }, 'abgesagt') : undefined;
}

/** An RSVP in words: zugesagt, unter Vorbehalt (iCalendar's TENTATIVE), abgesagt. */
type Answer = RsvpRecord['answer'];
const ANSWERS: Readonly<Record<Answer, string>> = { accepted: 'zugesagt', declined: 'abgesagt', tentative: 'unter Vorbehalt' };
const ANSWER_MARKS: Readonly<Record<Answer, string>> = { accepted: 'marke erledigt', declined: 'marke kritisch', tentative: 'marke warnung' };

export function answerMark(answer: Answer | undefined): HTMLElement {
  return answer === undefined ? h('span', {}, 'keine Antwort') : h('span', { class: ANSWER_MARKS[answer] }, ANSWERS[answer]);
}

const SENT: Readonly<Record<string, string>> = { invitation: 'Einladung', update: 'Aktualisierung', cancellation: 'Absage' };

/** What the recipient got last: "Einladung (Stand 0)"; "noch nichts verschickt" before the invitation lead time. */
export function lastSentText(lastSent: string | undefined, sequence: number | undefined): string {
  if (lastSent === undefined) return 'noch nichts verschickt';
  return `${SENT[lastSent] ?? lastSent}${sequence === undefined ? '' : ` (Stand ${String(sequence)})`}`;
}

/** "Petra Klein (Gast)": who owns an action item of the minutes. */
export const ownerLabel = (owner: ActionOwner): string => `${owner.name}${owner.kind === 'guest' ? ' (Gast)' : ''}`;

/** "Raumliste prüfen – Jana Schmitz, bis 15.01.2027 (aus der Sitzung vom 08.12.2026)": an open action item. */
export const openActionText = (action: TrackedAction): string =>
  `${action.what} – ${ownerLabel(action.owner)}, bis ${germanDate(action.due)} (aus der Sitzung vom ${inDueren(action.meetingStart, 'date')})`;
