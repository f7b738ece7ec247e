/**
 * The deploy rehearsal in small (`npm run rehearse` runs four cases straight to their closure, this one): the app
 * synthesized with its bundles, and the whole scenario otherwise — the casework beyond the straight path, a parked
 * case, meetings and gap reports, the workflow's waits on the rehearsal clock, a Jour fixe's minutes, the sweeper —
 * run by the bundles and the templates' state machines through the recorder. Then the IAM check on what was
 * recorded: every principal of the templates ran, each of the ones that write wrote, and removing one permission from
 * one function's role in a copy of its policies makes that very call denied, naming function, action and resource.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import type { Json } from '../../local/rehearsal/cloud-assembly.ts';
import { checkCalls, type PrincipalReport } from '../../local/rehearsal/iam-check.ts';
import type { NamedPolicy, Principal } from '../../local/rehearsal/principals.ts';
import { startRehearsal, type Rehearsal } from '../../local/rehearsal/rehearsal.ts';
import { runScenario } from '../../local/rehearsal/scenario.ts';
import { newTestApp, type TestApp } from './synth.ts';

let testApp: TestApp;
let rehearsal: Rehearsal | undefined;
let reports: PrincipalReport[];
const dataDir = mkdtempSync(join(tmpdir(), 'kim-rehearsal-test-'));

beforeAll(async () => {
  // Only the stacks with functions the system runs are bundled (the web stack's deploy-time function is not).
  testApp = newTestApp({ bundlingStacks: ['kim-flow-dev-data', 'kim-flow-dev-meetings', 'kim-flow-dev-workflow', 'kim-flow-dev-sweeper', 'kim-flow-dev-api'] });
  // The CLI asks for asset and path metadata (where the rehearsal finds each bundle and names each role); so must a test app.
  testApp.app.node.setContext('aws:cdk:enable-asset-metadata', true);
  testApp.app.node.setContext('aws:cdk:enable-path-metadata', true);
  buildKimFlow(testApp.app, { stage: 'dev' });
  testApp.app.synth();
  const profile = bundledProfile();
  rehearsal = await startRehearsal({ cloudAssemblyDir: testApp.outdir, profile, demo: loadDemoData(profile), dataDir, log: () => undefined });
  await runScenario(rehearsal, { cases: 1, log: () => undefined });
  reports = await rehearsal.report();
}, 900_000);

afterAll(async () => {
  await rehearsal?.stop();
  testApp.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const report = (id: string): PrincipalReport => {
  const found = reports.find((r) => r.principal === id);
  if (found === undefined) throw new Error(`no report for ${id}`);
  return found;
};

/** A copy of the principal whose policies no longer allow `action` (removed from every statement that names it). */
function without(principal: Principal, action: string): Principal {
  const strip = (statement: Json): Json => {
    if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) return statement;
    const actions = (Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? null]).filter((a) => a !== action);
    return { ...statement, Action: actions };
  };
  const policies = principal.policies.map((policy): NamedPolicy => {
    const statements = policy.document.Statement;
    return { ...policy, document: { ...policy.document, Statement: Array.isArray(statements) ? statements.map(strip) : strip(statements ?? null) } };
  });
  return { ...principal, policies };
}

const started = (): Rehearsal => {
  if (rehearsal === undefined) throw new Error('rehearsal did not start');
  return rehearsal;
};

describe('deploy rehearsal (small)', () => {
  it('runs the case, the meetings and the sweeper with the bundles and the templates’ state machines, recording each role’s calls', () => {
    expect(report('api/CreateIntake').calls).toBeGreaterThan(0);
    expect(report('workflow/TriageCase').calls).toBeGreaterThan(0);
    expect(report('workflow/IntakeToReferral').calls).toBeGreaterThan(0);
    expect(report('meetings/ReconcileMeeting').calls).toBeGreaterThan(0);
    expect(report('sweeper/SweepCases').calls).toBeGreaterThan(0);
    const recorded = new Set(started().recorder.calls.map((call) => `${call.principal} ${call.action}`));
    expect(recorded).toContain('api/CreateIntake dynamodb:PutItem');
    expect(recorded).toContain('api/CreateIntake states:StartExecution');
    expect(recorded).toContain('workflow/IntakeToReferral lambda:InvokeFunction');
    expect(recorded).toContain('workflow/IntakeToReferral dynamodb:GetItem');
    expect(recorded).toContain('meetings/ReconcileSchedule states:StartExecution');
  });

  it('runs every principal of the templates, the casework, meeting and timer functions with their writes', () => {
    expect(reports.filter((r) => r.calls === 0).map((r) => r.principal)).toEqual([]);
    const recorded = new Set(started().recorder.calls.map((call) => `${call.principal} ${call.action}`));
    const writes = [
      'api/RecordConsent states:StartExecution',
      'api/AddReferral states:StopExecution',
      'api/RevokeConsent states:SendTaskSuccess',
      'api/ResumeCase states:StartExecution',
      'api/ReopenCase states:StartExecution',
      'api/RestrictCase states:StopExecution',
      'api/RestrictCase states:StartExecution',
      'api/ErasePerson states:StartExecution',
      'api/CorrectClient dynamodb:DeleteItem',
      'api/HandOverCase ses:SendEmail',
      'api/HandOverCaseload ses:SendEmail',
      'api/RaiseGapReport dynamodb:PutItem',
      'api/ReviewGapReport dynamodb:UpdateItem',
      'api/MeetingLinks dynamodb:PutItem',
      // The minutes: a correction strikes an action item; the reconciler reminds its owner and mails each edition.
      'api/MeetingsApi dynamodb:DeleteItem',
      'meetings/ReconcileMeeting dynamodb:UpdateItem',
      'meetings/ReconcileMeeting dynamodb:DeleteItem',
      'workflow/AssessmentTimer ses:SendEmail',
      'workflow/OutcomeTimer ses:SendEmail',
      'workflow/ParkCase ses:SendEmail',
      'workflow/EraseCaseData dynamodb:BatchWriteItem',
      'workflow/TellServicesErased ses:SendEmail',
    ];
    expect(writes.filter((write) => !recorded.has(write))).toEqual([]);
  });

  it('fails the rehearsal naming function, action and resource when one permission is removed from a copy of a role', async () => {
    const intake = started().principals.find((p) => p.id === 'api/CreateIntake');
    if (intake === undefined) throw new Error('api/CreateIntake missing');
    const calls = started().recorder.calls.filter((call) => call.principal === intake.id);
    const before = await checkCalls({ principals: [intake], calls, resourcePolicies: new Map() });
    expect(before[0]?.denied).toEqual([]);
    const after = await checkCalls({ principals: [without(intake, 'states:StartExecution')], calls, resourcePolicies: new Map() });
    const start = calls.find((call) => call.action === 'states:StartExecution');
    expect(start?.resource).toMatch(/^arn:aws:states:eu-central-1:123456789012:stateMachine:/);
    expect(after[0]?.denied).toEqual([{ principal: 'api/CreateIntake', action: 'states:StartExecution', resource: start?.resource, detail: 'ImplicitlyDenied' }]);
  });
});
