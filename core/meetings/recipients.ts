/** Who is invited to a meeting: the body's members on the meeting's day and the meeting's guests. */
import type { WorkingCalendar } from '../calendar/working-days.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import type { MeetingRecord } from './meeting.ts';
import type { Recipient } from './notification-plan.ts';
import type { MeetingRepository } from './ports.ts';

export type MeetingRecipient = Recipient & { readonly kind: 'member' | 'guest' };

/** Members of a body on a given day (from ≤ day ≤ to). */
export function activeMembers(members: readonly BodyMember[], day: string): BodyMember[] {
  return members.filter((m) => m.from <= day && (m.to === undefined || day <= m.to));
}

/** The recipients of a meeting from its body's memberships (read once, used for many meetings): each address once. */
export function recipientsAmong(members: readonly BodyMember[], meeting: MeetingRecord, calendar: Pick<WorkingCalendar, 'localDate'>): MeetingRecipient[] {
  const day = calendar.localDate(new Date(meeting.start));
  const current = activeMembers(members, day).map((m) => ({ name: m.name, email: m.email, kind: 'member' as const }));
  const guests = meeting.guests.map((g) => ({ name: g.name, email: g.email, kind: 'guest' as const }));
  const seen = new Set<string>();
  return [...current, ...guests].filter((r) => {
    const key = r.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function recipientsOf(deps: { readonly calendar: Pick<WorkingCalendar, 'localDate'>; readonly meetings: Pick<MeetingRepository, 'listMembers'> }, meeting: MeetingRecord): Promise<MeetingRecipient[]> {
  return recipientsAmong(await deps.meetings.listMembers(meeting.bodyId), meeting, deps.calendar);
}
