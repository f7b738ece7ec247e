/**
 * The rehearsal's casework beyond the straight path, each through the API as the person who does it: a late consent
 * and an added need (a new execution generation sends them), a revoked consent (the service is told to stop), a
 * corrected name, a case and a caseload handed over; a closed case reopened, restricted and freed by the data
 * protection officer, then erased (the erasing generation); a case parked by a mail SES refused, resumed by the
 * coordination.
 */
import type { CaseRecord } from '../../core/cases/case.ts';
import { until, type AssessedCase, type ScenarioKit } from './scenario-kit.ts';

const REASON = 'Vertretung während der Elternzeit';

/** The case `<caseId>-<generation>` execution of the templates' intake-to-referral state machine. */
function executionArn(kit: ScenarioKit, caseId: string, generation: number): string {
  const machine = kit.rehearsal.principals.find((p) => p.kind === 'state-machine' && p.stateMachineName.endsWith('intake-to-referral'));
  if (machine?.kind !== 'state-machine') throw new Error('Die Zustandsmaschine intake-to-referral fehlt in der Cloud Assembly');
  return `${machine.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-${String(generation)}`;
}

/** Until every sent referral of the case is awaited by a running execution (a new generation awaits them anew). */
function referralsAwaited(kit: ScenarioKit, caseId: string, count: number): Promise<true> {
  const { engine } = kit.rehearsal.runtime;
  return until(`Fall ${caseId}: ${String(count)} Vermittlungen versandt und erwartet`, async () => {
    const sent = (await kit.deps.referrals.listReferrals(caseId)).filter((r) => r.status === 'sent');
    return sent.length === count && sent.every((r) => r.taskToken !== undefined && engine.stateMachineOfToken(r.taskToken) !== undefined) ? true : undefined;
  });
}

async function currentManager(kit: ScenarioKit, caseId: string): Promise<string> {
  return (await kit.deps.cases.getCase(caseId))?.caseManagerId ?? '';
}

/** Consent, added need, revocation, correction, hand-overs on one case; it ends with two referrals awaiting an answer. */
export async function additionsAndHandOvers(kit: ScenarioKit): Promise<AssessedCase> {
  const assessed = await kit.assessed(
    [
      { category: 'language', serviceId: 'integrationskurs' },
      { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
    ],
    ['integrationskurs', 'gesundheitsamt'],
  );
  const { caseId, manager } = assessed;
  await referralsAwaited(kit, caseId, 1);
  // The held referral goes out on the late consent, in a new generation (ListOpenReferrals, then the Map).
  await kit.call('Einwilligung nachtragen', 200, 'POST', `/api/cases/${caseId}/consents`, manager, { serviceId: 'kita-platzvergabe', form: 'oral', givenAt: kit.today() });
  await referralsAwaited(kit, caseId, 2);
  await kit.call('Vermittlung hinzufügen', 200, 'POST', `/api/cases/${caseId}/referrals`, manager, { category: 'health', serviceId: 'gesundheitsamt' });
  await referralsAwaited(kit, caseId, 3);

  const detail = await kit.call('Fallakte', 200, 'GET', `/api/cases/${caseId}`, manager);
  const consent = (detail.consents as { consentId: string; recipientServiceId: string }[]).find((c) => c.recipientServiceId === 'integrationskurs');
  if (consent === undefined) throw new Error(`Fall ${caseId}: keine Einwilligung für den Integrationskurs in der Fallakte`);
  await kit.call('Einwilligung widerrufen', 200, 'POST', `/api/cases/${caseId}/consents/${consent.consentId}/revoke`, manager);
  // The revocation ends the referral's wait; the outcome timer tells the course provider to stop using the data.
  await kit.event(caseId, 'referral-service-told');

  const version = (detail.client as { version: number }).version;
  await kit.call('Angaben berichtigen', 200, 'POST', `/api/cases/${caseId}/client-corrections`, manager, { version, familyName: 'Haddad-Sayegh' });

  await kit.call('Wer übernehmen kann', 200, 'GET', `/api/cases/${caseId}/handover`, 'coordinator');
  await kit.call('Fall übergeben', 200, 'POST', `/api/cases/${caseId}/handover`, 'coordinator', { from: manager, target: 'auto', reason: REASON });
  const second = await currentManager(kit, caseId);
  const caseload = await kit.call('Fälle einer Person übergeben', 200, 'POST', `/api/staff/${second}/handover`, 'coordinator', { target: 'auto', reason: REASON });
  if (!(caseload.results as { caseId: string; outcome: string }[]).some((r) => r.caseId === caseId && r.outcome === 'moved')) {
    throw new Error(`Übergabe der Fälle von ${second}: ${caseId} nicht übergeben: ${JSON.stringify(caseload)}`);
  }
  kit.log(`Fall ${caseId}: Einwilligung nachgetragen, Vermittlung hinzugefügt, Einwilligung widerrufen, berichtigt, zweimal übergeben.`);
  return { ...assessed, manager: await currentManager(kit, caseId) };
}

/** Until the case is in monitoring in a generation after `before`, waiting for its closure. */
function monitoredAgain(kit: ScenarioKit, caseId: string, before: number): Promise<CaseRecord> {
  return until(`Fall ${caseId} wieder in der Begleitung`, async () => {
    const record = await kit.deps.cases.getCase(caseId);
    return record?.stage === 'monitoring' && record.generation > before && record.closureTaskToken !== undefined ? record : undefined;
  });
}

/** A closed case reopened, restricted and freed by the data protection officer, then erased on the person's request. */
export async function reopenRestrictErase(kit: ScenarioKit, closedCaseId: string): Promise<void> {
  const caseId = closedCaseId;
  const closed = await kit.deps.cases.getCase(caseId);
  if (closed?.stage !== 'closed') throw new Error(`Fall ${caseId} ist nicht abgeschlossen`);
  await kit.call('Wiedereröffnen', 200, 'POST', `/api/cases/${caseId}/reopen`, 'coordinator', { reason: 'Neue Fragen zur Kita.' });
  const reopened = await monitoredAgain(kit, caseId, closed.generation);

  await kit.call('Verarbeitung einschränken', 200, 'POST', `/api/cases/${caseId}/restriction`, 'dpo', { action: 'restrict', reason: 'accuracy-contested' });
  await kit.call('Stand der Einschränkung', 200, 'GET', `/api/cases/${caseId}/restriction`, 'dpo');
  await kit.call('Einschränkung aufheben', 200, 'POST', `/api/cases/${caseId}/restriction`, 'dpo', { action: 'lift' });
  await monitoredAgain(kit, caseId, reopened.generation);

  await kit.call('Löschen', 200, 'POST', `/api/cases/${caseId}/erasure`, 'coordinator', { basis: 'request', confirm: caseId });
  const erased = await until(`Fall ${caseId} gelöscht`, async () => {
    const record = await kit.deps.cases.getCase(caseId);
    return record?.erasedAt === undefined ? undefined : record;
  });
  // The erasing generation deletes the record and tells the services that got data (EraseCaseData, TellServicesErased).
  await kit.runToEnd(executionArn(kit, caseId, erased.generation));
  kit.log(`Fall ${caseId}: wiedereröffnet, eingeschränkt und freigegeben, gelöscht.`);
}

/**
 * SES refuses the referral mail once (as for an address it does not accept): the case is parked (ParkCase) and the
 * coordination resumes it, which sends the referral; the service's answer puts the case into monitoring.
 */
export async function parkAndResume(kit: ScenarioKit): Promise<AssessedCase> {
  const sender = kit.rehearsal.principals.find((p) => p.kind === 'function' && p.id.endsWith('/SendReferral'));
  if (sender === undefined) throw new Error('Die Funktion SendReferral fehlt in der Cloud Assembly');
  kit.log('SES weist die nächste Vermittlungsmail ab (gewollt: der Fehler, den SendReferral gleich meldet, hält den Fall an).');
  kit.rehearsal.recorder.refuseNext({ principal: sender.id, action: 'ses:SendEmail', errorType: 'MessageRejected', message: 'Email address is not verified.' });
  const assessed = await kit.assessed([{ category: 'language', serviceId: 'integrationskurs' }], ['integrationskurs']);
  const { caseId } = assessed;
  const parked = await until(`Fall ${caseId} angehalten`, async () => {
    const record = await kit.deps.cases.getCase(caseId);
    return record?.attention === undefined ? undefined : record;
  });
  const stopped = await kit.ended(executionArn(kit, caseId, parked.generation));
  if (stopped.status !== 'FAILED') throw new Error(`Fall ${caseId} ist angehalten, sein Ablauf aber ${stopped.status}`);
  await kit.call('Fortsetzen', 200, 'POST', `/api/cases/${caseId}/resume`, 'coordinator');
  const [referralId = ''] = assessed.referralIds;
  await kit.referral(referralId);
  await kit.call('Ergebnis der Vermittlung', 200, 'POST', `/api/referrals/${referralId}/outcome`, assessed.manager, { outcome: 'accepted' });
  await kit.stageOf(caseId, 'monitoring', 'closureTaskToken');
  kit.log(`Fall ${caseId}: Vermittlungsmail abgewiesen, angehalten, fortgesetzt, angenommen.`);
  return assessed;
}
