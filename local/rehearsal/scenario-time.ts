/**
 * The workflow's waits, crossed by moving the rehearsal's clock a day at a time (the engine's waits and the bundles'
 * Date move together): an assessment not done (reminder, then escalation), referrals no service answers (reminder,
 * then escalation), a goal past its date (the monitoring timer's reminder), and a psychosocial case on the waiting
 * list while both psychosocial case managers are marked as left, assigned on a daily retry once one is back.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { DAY_MS } from '../../core/clock.ts';
import type { AssessedCase, ScenarioKit } from './scenario-kit.ts';

/** Enough for 20 working days (the outcome's escalation) across Christmas and New Year. */
const MAX_DAYS = 45;

export interface TimerCases {
  /** A case whose sent referrals no service answers. */
  readonly unanswered: AssessedCase;
  /** A case in monitoring. */
  readonly monitored: AssessedCase;
}

/** Marks a case manager as left, or back again, in their staff item (what `npm run staff -- disable` marks). */
async function setLeft(kit: ScenarioKit, staffId: string, left: boolean): Promise<void> {
  const { deps, clock } = kit.rehearsal.runtime;
  await deps.documents.send(
    new UpdateCommand({
      TableName: deps.tableName,
      Key: tableKeys.staffKey(staffId),
      ConditionExpression: 'attribute_exists(pk)',
      ...(left ? { UpdateExpression: 'SET disabledAt = :at', ExpressionAttributeValues: { ':at': clock.now().toISOString() } } : { UpdateExpression: 'REMOVE disabledAt' }),
    }),
  );
}

export async function timers(kit: ScenarioKit, cases: TimerCases): Promise<void> {
  const { monitored, unanswered } = cases;
  const notAssessed = (await kit.intake()).caseId;
  await kit.call('Ziel vereinbaren', 201, 'POST', `/api/cases/${monitored.caseId}/goals`, monitored.manager, { text: 'Anmeldung zum Sprachkurs', needCategory: 'language', targetDate: kit.today(1) });

  const psychosocial = kit.rehearsal.demo.staff.filter((s) => s.role === 'casemanager' && (s.focusAreas ?? []).includes('psychosocial')).map((s) => s.id);
  const [back] = psychosocial;
  if (back === undefined) throw new Error('Die Demo-Daten haben niemanden im Case-Management für psychosoziale Beratung (Warteliste)');
  for (const id of psychosocial) await setLeft(kit, id, true);
  const listed = await kit.submit({ requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } });
  await kit.stageOf(listed, 'waiting-list');

  // What each wait leads to, as the case's history records it.
  const expected: [string, string][] = [
    [notAssessed, 'assessment-reminder-sent'],
    [notAssessed, 'assessment-escalated'],
    [unanswered.caseId, 'referral-reminder-sent'],
    [unanswered.caseId, 'referral-escalated'],
    [monitored.caseId, 'goal-reminder-sent'],
    [listed, 'assigned'],
  ];
  let missing = expected;
  for (let day = 1; day <= MAX_DAYS && missing.length > 0; day += 1) {
    await kit.advanceAndSettle(DAY_MS);
    // A day on the waiting list with nobody there; then one of them is back, and the next daily retry assigns.
    if (day === 1) await setLeft(kit, back, false);
    const seen = await Promise.all(missing.map(([caseId, kind]) => kit.hasEvent(caseId, kind)));
    missing = missing.filter((_, index) => seen[index] !== true);
  }
  for (const id of psychosocial.slice(1)) await setLeft(kit, id, false);
  if (missing.length > 0) throw new Error(`Nach ${String(MAX_DAYS)} Tagen fehlt noch: ${missing.map(([caseId, kind]) => `${caseId} ${kind}`).join(', ')}`);
  kit.log(`Zeit: Erinnerung und Eskalation (Bedarfsklärung ${notAssessed}, Vermittlungen ${unanswered.caseId}), Ziel überfällig (${monitored.caseId}), Warteliste (${listed}).`);
}
