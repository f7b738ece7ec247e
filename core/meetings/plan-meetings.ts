/**
 * The first step of every reconciling run: materialise every body's meetings up to the plan horizon, the end of the
 * next calendar year (plan-horizon.ts; creating the ones that do not exist yet, reporting schedule problems), and
 * name the meetings the run looks at.
 */
import type { Clock } from '../clock.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { meetingIdOf, type MeetingRecord } from './meeting.ts';
import type { MeetingRepository } from './ports.ts';
import { mayOweNotice, planHorizon } from './plan-horizon.ts';
import { materialiseAll } from './schedule.ts';

export interface PlanDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly meetings: MeetingRepository;
}

export async function planMeetingNotifications(deps: PlanDependencies): Promise<{ meetingIds: string[]; created: number; problems: number }> {
  const now = deps.clock.now();
  const horizon = planHorizon(now, deps.profile.district.timeZone);
  const { occurrences, problems } = materialiseAll(deps.profile, now, horizon);
  // What exists is read first; only the rest is written (conditionally, so a meeting the list missed — one moved out
  // of the horizon, or created a moment ago — is left as it is).
  const listed = await deps.meetings.listMeetings(now, horizon);
  const existing = new Set(listed.map((m) => m.meetingId));
  const at = now.toISOString();
  const missing: MeetingRecord[] = [];
  for (const occurrence of occurrences) {
    const body = deps.profile.bodies.find((b) => b.id === occurrence.bodyId);
    const meetingId = meetingIdOf(occurrence.bodyId, occurrence.ruleDate);
    if (body === undefined || existing.has(meetingId)) continue;
    missing.push({
      meetingId,
      bodyId: occurrence.bodyId,
      version: 1,
      sequence: 0,
      ruleDate: occurrence.ruleDate,
      start: occurrence.start.toISOString(),
      end: occurrence.end.toISOString(),
      location: body.location,
      status: 'scheduled',
      ...(occurrence.movedBecause === undefined ? {} : { movedBecause: occurrence.movedBecause }),
      agenda: [],
      guests: [],
      changeLog: [],
      createdAt: at,
      updatedAt: at,
    });
  }
  const created = missing.length === 0 ? 0 : await deps.meetings.ensureMeetings(missing);
  for (const problem of problems) await deps.meetings.recordProblem(problem, now);
  // In the index's order (start, then id); the new ones without reading the index again, which may lag behind.
  const meetingIds = [...listed, ...missing]
    .filter((m) => mayOweNotice(m, now))
    .map((m) => ({ id: m.meetingId, order: `${m.start}#${m.meetingId}` }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map((m) => m.id);
  return { meetingIds, created, problems: problems.length };
}
