/**
 * Workflow step "MonitoringTimer": runs before every wait for the closure. Reminds the case manager once per target
 * date of the support plan's goals that are still open N working days after it (profile reminders
 * `goalReminderWorkingDays`), and answers how long the next wait may last: until the next goal falls due, and at
 * most a day — a goal agreed during the wait is then looked at by the next morning's run at the latest.
 */
import { VersionConflict } from '../cases/ports.ts';
import type { GoalRecord } from '../counselling/record.ts';
import { goalReminder } from '../mail/notifications.ts';
import { deliveryDetails, noticeKeys, sendClaimed, type NoticeDelivery } from '../mail/notice-ledger.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { caseManagerOf, caseUrl, loadCase, nameOf, type WorkflowDependencies } from './workflow-dependencies.ts';

export const MONITORING_CHECK_SECONDS = 24 * 60 * 60;

type TimerDependencies = Pick<WorkflowDependencies, 'cases' | 'records' | 'clock' | 'profile' | 'calendar' | 'mailer' | 'notices' | 'appUrl'>;

/** When the reminder for an open goal is due: N working days after its target date, at the start of office hours. */
export function goalReminderDue(deps: Pick<WorkflowDependencies, 'profile' | 'calendar'>, goal: Pick<GoalRecord, 'targetDate'>): Date {
  return deps.calendar.addWorkingDays(zonedInstant(goal.targetDate, '08:00', deps.profile.district.timeZone), deps.profile.reminders.goalReminderWorkingDays);
}

/**
 * One mail for the goals whose reminders this call claims (each goal and target date at most once,
 * core/mail/notice-ledger.ts); a goal an earlier attempt claimed is not in it and counts as that claim came to.
 */
async function remindOfGoals(deps: TimerDependencies, caseId: string, to: string, due: readonly GoalRecord[]): Promise<Map<string, NoticeDelivery>> {
  const now = deps.clock.now();
  const keyOf = (goal: GoalRecord): string => noticeKeys.goalReminder(goal.goalId, goal.targetDate);
  const settled = await Promise.allSettled(due.map((goal) => deps.notices.claim(caseId, keyOf(goal), now)));
  const claims = due.flatMap((goal, i) => {
    const result = settled[i];
    return result?.status === 'fulfilled' ? [{ goal, claim: result.value }] : [];
  });
  const held = claims.flatMap(({ goal, claim }) => (claim.status === 'claimed' ? [{ goal, notice: keyOf(goal), token: claim.token }] : []));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    // A claim that could not be taken: those taken are given back, so the retry mails all of them at once.
    await Promise.all(held.map(({ notice, token }) => deps.notices.release(caseId, notice, token).catch(() => undefined)));
    throw failed.reason;
  }
  if (held.length > 0) {
    const mail = goalReminder({
      caseNumber: caseId,
      caseUrl: caseUrl(deps, caseId),
      goals: held.map(({ goal }) => ({ goalId: goal.goalId, needCategoryName: nameOf(deps.profile.needCategories, goal.needCategory), targetDate: zonedInstant(goal.targetDate, '12:00', deps.profile.district.timeZone) })),
    });
    await sendClaimed(deps, caseId, held, { to: [to], ...mail });
  }
  return new Map(claims.map(({ goal, claim }) => [goal.goalId, claim.status === 'claimed' ? 'sent' : claim.status]));
}

export async function monitoringTimer(deps: TimerDependencies, caseId: string): Promise<{ seconds: number }> {
  const record = await loadCase(deps, caseId);
  // Closed while this step was on its way: the next wait answers itself at once.
  if (record.stage === 'closed') return { seconds: 1 };
  const now = deps.clock.now();
  const open = (await deps.records.listGoals(caseId)).filter((goal) => goal.status === 'open' && goal.reminderSentAt === undefined);
  const due = open.filter((goal) => goalReminderDue(deps, goal) <= now);
  const manager = due.length === 0 ? undefined : await caseManagerOf(deps, record);
  if (manager !== undefined) {
    const delivered = await remindOfGoals(deps, caseId, manager.email, due);
    for (const goal of due) {
      try {
        await deps.records.updateGoal(goal, { reminderSentAt: now.toISOString() }, { kind: 'goal-reminder-sent', actor: 'system', details: { goalId: goal.goalId, ...deliveryDetails(delivered.get(goal.goalId) ?? 'unconfirmed') } }, now);
      } catch (error) {
        // Reviewed by the case manager meanwhile: that review is the answer the reminder asked for.
        if (!(error instanceof VersionConflict)) throw error;
      }
    }
  }
  const next = open.filter((goal) => !due.includes(goal)).map((goal) => goalReminderDue(deps, goal).getTime() - now.getTime());
  const seconds = Math.ceil(Math.min(MONITORING_CHECK_SECONDS * 1000, ...next) / 1000);
  return { seconds: Math.max(1, seconds) };
}
