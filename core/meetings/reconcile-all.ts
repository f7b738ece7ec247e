/** One full reconciling run in-process (the tests, the bench): plan, then every meeting one after another. */
import { planMeetingNotifications } from './plan-meetings.ts';
import { ReconcileRun, reconcileMeeting, type ReconcileDependencies } from './reconcile.ts';

export async function reconcileAll(deps: ReconcileDependencies): Promise<{ meetings: number; sent: number; problems: number }> {
  const { meetingIds, problems } = await planMeetingNotifications(deps);
  // Members are read once per body for the whole run.
  const run = new ReconcileRun(deps.meetings);
  let sent = 0;
  for (const meetingId of meetingIds) sent += (await reconcileMeeting(deps, meetingId, run)).sent;
  return { meetings: meetingIds.length, sent, problems };
}
