/**
 * The first step of every reconciling run: materialise every body's meetings up to the plan horizon, the end of the
 * next calendar year (plan-horizon.ts; creating the ones that do not exist yet, reporting schedule problems), bring
 * the planned ones to the profile's schedule (follow-profile.ts), and name the meetings the run looks at.
 */
import { VersionConflict } from '../cases/ports.ts';
import { DAY_MS, type Clock } from '../clock.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { freeMeetingId, type MeetingRecord } from './meeting.ts';
import type { MeetingRepository } from './ports.ts';
import { followProfile } from './follow-profile.ts';
import { mayOweNotice, planHorizon } from './plan-horizon.ts';
import { materialiseAll } from './schedule.ts';
import type { MinutesRepository } from './minutes-ports.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';

export interface PlanDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly calendar: Pick<WorkingCalendar, 'localDate'>;
  readonly meetings: MeetingRepository;
  readonly minutes: Pick<MinutesRepository, 'dueFollowUps'>;
}

/** Meetings with minutes to mail or reminders due, per run; more wait for the next run (their entries stay). */
const FOLLOW_UPS_PER_RUN = 200;

export interface PlanResult {
  readonly meetingIds: string[];
  readonly created: number;
  /** Planned meetings changed to follow the profile (moved, new time or place, cancelled). */
  readonly followed: number;
  readonly problems: number;
}

export async function planMeetingNotifications(deps: PlanDependencies): Promise<PlanResult> {
  const now = deps.clock.now();
  const horizon = planHorizon(now, deps.profile.district.timeZone);
  // From a day back: a meeting later today whose new slot has already begun still finds its rule date.
  const { occurrences, problems } = materialiseAll(deps.profile, new Date(now.getTime() - DAY_MS), horizon);
  // What exists is read first; only the rest is written (conditionally, so a meeting the list missed — one moved out
  // of the horizon, or created a moment ago — is left as it is).
  const listed = await deps.meetings.listMeetings(now, horizon);
  const followUps = deps.profile.bodies.map((body) => ({
    body,
    ...followProfile(
      body,
      listed.filter((m) => m.bodyId === body.id),
      occurrences.filter((o) => o.bodyId === body.id),
      new Set(problems.filter((p) => p.bodyId === body.id).map((p) => p.ruleDate)),
      now,
    ),
  }));
  const current = new Map(listed.map((m) => [m.meetingId, m]));
  let followed = 0;
  for (const { meeting, changes } of followUps.flatMap((f) => f.changes)) {
    try {
      current.set(meeting.meetingId, await deps.meetings.updateMeeting(meeting, changes, now));
      followed += 1;
    } catch (error) {
      // Another run (or the coordination) changed it since it was read: the next run looks at it again.
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  const at = now.toISOString();
  const taken = new Set(current.keys());
  const missing: MeetingRecord[] = followUps.flatMap(({ body, missing: occurrences }) =>
    occurrences.map((occurrence) => ({
      meetingId: freeMeetingId(occurrence.bodyId, occurrence.ruleDate, taken),
      bodyId: occurrence.bodyId,
      version: 1,
      sequence: 0,
      ruleDate: occurrence.ruleDate,
      start: occurrence.start.toISOString(),
      end: occurrence.end.toISOString(),
      location: body.location,
      status: 'scheduled' as const,
      ...(occurrence.movedBecause === undefined ? {} : { movedBecause: occurrence.movedBecause }),
      agenda: [],
      guests: [],
      changeLog: [],
      createdAt: at,
      updatedAt: at,
    })),
  );
  const created = missing.length === 0 ? 0 : await deps.meetings.ensureMeetings(missing);
  for (const problem of problems) await deps.meetings.recordProblem(problem, now);
  // In the index's order (start, then id); the new ones without reading the index again, which may lag behind.
  const meetingIds = [...current.values(), ...missing]
    .filter((m) => mayOweNotice(m, now))
    .map((m) => ({ id: m.meetingId, order: `${m.start}#${m.meetingId}` }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map((m) => m.id);
  // Meetings that have begun, named by the minutes' follow-up (minutes-follow-up.ts): after the coming ones.
  const dueFollowUps = await deps.minutes.dueFollowUps(deps.calendar.localDate(now), FOLLOW_UPS_PER_RUN);
  const named = new Set(meetingIds);
  return { meetingIds: [...meetingIds, ...dueFollowUps.filter((id) => !named.has(id))], created, followed, problems: problems.length };
}
