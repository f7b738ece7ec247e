/**
 * 4. Workflow cost: the state transitions of one case on the happy path with two referrals — intake, triage,
 * assignment, assessment with two needs, both referrals sent and answered, monitoring, closure — counted from the
 * local engine's history (StateEntered events, Map iterations included: each is a transition Step Functions
 * Standard bills), priced at the Standard list price.
 */
import { eventually, intakeBody, type LocalSystem } from './local-system.ts';
import type { Reporter } from './report.ts';

const BUDGET_TRANSITIONS = 30;
/** Step Functions Standard, list price per state transition (USD 0.025 per 1,000). */
const PRICE_PER_TRANSITION_USD = 0.025 / 1000;

interface CaseRun {
  readonly caseId: string;
  readonly status: string;
  readonly transitions: number;
  readonly byState: Record<string, number>;
  readonly events: number;
}

async function runCase(system: LocalSystem, consents: readonly string[]): Promise<CaseRun> {
  const submitted = await system.api('POST', '/api/intakes', 'intake', intakeBody(system.clock.now(), { needs: { categories: ['language', 'childcare-school'] }, phone: '+49 2421 12345' }));
  if (submitted.status !== 202) throw new Error(`intake answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const caseId = String(submitted.body.caseId);
  const waiting = await eventually(async () => {
    const record = await system.deps.cases.getCase(caseId);
    return record?.stage === 'awaiting-assessment' && record.assessmentTaskToken !== undefined ? record : undefined;
  }, 15_000, `case ${caseId} awaiting its assessment`);
  const manager = waiting.caseManagerId ?? '';
  const assessed = await system.api('POST', `/api/cases/${caseId}/assessment`, manager, {
    needs: [
      { category: 'language', serviceId: 'integrationskurs' },
      { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
    ],
    consents: consents.map((serviceId) => ({ serviceId, form: 'written', givenAt: system.clock.now().toISOString().slice(0, 10) })),
  });
  if (assessed.status !== 200) throw new Error(`assessment answered ${assessed.status}: ${JSON.stringify(assessed.body)}`);
  const referralIds = assessed.body.referralIds as string[];
  for (const referralId of referralIds) {
    const referral = await eventually(async () => {
      const r = await system.deps.referrals.getReferral(referralId);
      return r !== undefined && (r.status === 'held-no-consent' || (r.status === 'sent' && r.taskToken !== undefined)) ? r : undefined;
    }, 15_000, `referral ${referralId} sent`);
    if (referral.status !== 'sent') continue;
    const outcome = await system.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'accepted' });
    if (outcome.status !== 200) throw new Error(`outcome answered ${outcome.status}: ${JSON.stringify(outcome.body)}`);
  }
  await eventually(async () => {
    const record = await system.deps.cases.getCase(caseId);
    return record?.stage === 'monitoring' && record.closureTaskToken !== undefined ? true : undefined;
  }, 15_000, `case ${caseId} in monitoring`);
  const closed = await system.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' });
  if (closed.status !== 200) throw new Error(`close answered ${closed.status}: ${JSON.stringify(closed.body)}`);
  const arn = `${INTAKE_EXECUTION_PREFIX}${caseId}-1`;
  const execution = await eventually(() => {
    const e = system.engine.describeExecution(arn);
    return e.status === 'RUNNING' ? undefined : e;
  }, 15_000, `execution of ${caseId} to end`);
  const entered = execution.history.filter((e) => e.type.endsWith('StateEntered'));
  const byState: Record<string, number> = {};
  for (const event of entered) {
    const name = (event.stateEnteredEventDetails as { name?: string } | undefined)?.name ?? event.type;
    byState[name] = (byState[name] ?? 0) + 1;
  }
  return { caseId, status: execution.status, transitions: entered.length, byState, events: execution.history.length };
}

const INTAKE_EXECUTION_PREFIX = 'arn:aws:states:eu-central-1:000000000000:execution:intake-to-referral:';

export async function benchWorkflowCost(reporter: Reporter, system: LocalSystem): Promise<void> {
  reporter.section('4. Workflow cost: state transitions of one case (happy path, two referrals)');
  const both = await runCase(system, ['integrationskurs', 'kita-platzvergabe']);
  const oneHeld = await runCase(system, ['integrationskurs']);
  const row = (label: string, run: CaseRun, budget: boolean): void => {
    const cost = run.transitions * PRICE_PER_TRANSITION_USD;
    reporter.row({
      label: `${label} (${run.status})`,
      value: `${run.transitions} transitions`,
      reference: `$${(cost * 1000).toFixed(3)} per 1,000 cases`,
      budget: budget ? `≤ ${BUDGET_TRANSITIONS}` : '',
      status: run.status !== 'SUCCEEDED' ? 'FAILED' : budget ? (run.transitions <= BUDGET_TRANSITIONS ? 'met' : 'MISSED') : 'info',
    });
  };
  row('two referrals, both sent and accepted', both, true);
  row('two referrals, one held back (no consent)', oneHeld, false);
  reporter.note(`per state: ${Object.entries(both.byState).map(([name, n]) => `${name} ${n}`).join(', ')}`);
  reporter.note(
    'transitions = StateEntered events of the local engine (aws-local-stepfunctions running state-machines/intake-to-referral.asl.json); ' +
      'priced at $0.025 per 1,000 (Standard); the Lambda invocations and DynamoDB/SES calls of the tasks are billed separately.',
  );
  const worst = Math.max(both.transitions, oneHeld.transitions);
  const budget = reporter.budget({
    id: 'workflow.transitions',
    description: 'state transitions per case (happy path, two referrals)',
    measured: worst,
    limit: BUDGET_TRANSITIONS,
    comparison: '<=',
    unit: 'transitions',
  });
  reporter.record('workflow', {
    pricePerTransitionUsd: PRICE_PER_TRANSITION_USD,
    bothSent: { ...both, costUsd: both.transitions * PRICE_PER_TRANSITION_USD },
    oneHeldBack: { ...oneHeld, costUsd: oneHeld.transitions * PRICE_PER_TRANSITION_USD },
    budget,
  });
}
