import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Stack } from 'aws-cdk-lib';
import { grantCaseExecutions } from './constructs/execution-access.ts';
import type { KimFunction } from './constructs/kim-function.ts';
import { grantLinkSecret } from './constructs/link-secret.ts';
import {
  CASE_CHANGES,
  CONDITIONAL_PUTS,
  GAP_REPORT_WRITES,
  LOOKUPS,
  MEETING_WRITES,
  MINUTES_WRITES,
  QUERIES,
  READ_AUDIT,
  READS,
  RECORD_WRITES,
  type TableAccess,
} from './constructs/table-access.ts';
import { grantTaskAnswers } from './constructs/task-answers.ts';
import { grantSendMail, sendMailStatement } from './constructs/task-state-machine.ts';

export interface ApiFunctionAccess {
  /** The table sets the function's code needs (lib/constructs/table-access.ts). */
  readonly table: TableAccess;
  /**
   * Start the intake-to-referral workflow; answer a waiting task (SendTaskSuccess); restart a case's workflow in a
   * new generation (start, and stop the case's execution it replaces).
   */
  readonly workflow?: 'start' | 'answer' | 'restart';
  /** DescribeExecution on the case's execution: whether it still runs before starting or restarting it. */
  readonly inspectsExecution?: true;
  /** The key that signs RSVP links, calendar-feed URLs and the service's answer links. */
  readonly linkSecret?: true;
  readonly sendsMail?: true;
  /** Grants only a rare path uses, with that path (KimFunction.explainGrant); the table sets name their own. */
  readonly unrehearsed?: Readonly<Record<string, string>>;
}

/**
 * What each API function may do (see core/casework/, core/intake/, core/meetings/): its table access, and whether it
 * drives the workflow, reads the link-signing key or sends mail. A function in functions/api-routes.ts without an
 * entry here stops synth (lib/stacks/api-stack.ts): its permissions are a decision, not a default.
 */
export const API_FUNCTION_ACCESS: Readonly<Record<string, ApiFunctionAccess>> = {
  'create-intake': {
    table: [CASE_CHANGES],
    workflow: 'start',
    unrehearsed: { 'dynamodb:GetItem': 'Eine wiederholte Aufnahme (derselbe Idempotenzschlüssel) liest die erste Antwort (dynamo-case-repository.ts replay).' },
  },
  'list-cases': { table: [QUERIES] },
  // Every case a search shows is written to its history (audit); the caseload overview only reads.
  'search-cases': { table: [READS, READ_AUDIT] },
  'caseload-overview': { table: [READS] },
  'list-inactive-cases': { table: [QUERIES] },
  // Every read of a case's detail is written to its history (audit).
  'get-case': { table: [READS, READ_AUDIT] },
  // The consent form shows the person's name and date of birth: the read is written to the case's history (audit).
  'consent-form': { table: [LOOKUPS, READ_AUDIT] },
  'submit-assessment': { table: [CASE_CHANGES], workflow: 'answer' },
  'revoke-consent': { table: [CASE_CHANGES], workflow: 'answer' },
  'close-case': { table: [CASE_CHANGES], workflow: 'answer' },
  // Reopening starts the case's next execution generation (at its stage: monitoring).
  'reopen-case': { table: [CASE_CHANGES], workflow: 'start' },
  // Fortsetzen: the parked case's next generation is a new execution.
  'resume-case': { table: [CASE_CHANGES], workflow: 'start' },
  // Rectification: client, case, person marker and history in one transaction; the execution runs on untouched.
  'correct-client': { table: [CASE_CHANGES] },
  // Restriction (data protection officer): restricting stops the case's execution, lifting starts its next generation.
  'restrict-case': { table: [CASE_CHANGES], workflow: 'restart' },
  // Erasure (coordination): the tombstone, then the case's execution looked at (core/privacy/erase-person.ts
  // resumeErasure), stopped and its erasing generation started.
  'erase-person': {
    table: [CASE_CHANGES],
    workflow: 'restart',
    inspectsExecution: true,
    unrehearsed: {
      'states:DescribeExecution':
        'Nur eine wiederholte Löschung, deren Ausführung noch nicht fertig ist, sieht nach der Ausführung des Falls (core/privacy/erase-person.ts resumeErasure).',
    },
  },
  'record-outcome': { table: [CASE_CHANGES], workflow: 'answer' },
  // Hand-over (coordination): the case and both caseloads in one transaction, then a mail to the new case manager.
  // The waiting step keeps its token, so no Step Functions call; the lists only read.
  'hand-over-case': { table: [CASE_CHANGES], sendsMail: true },
  'hand-over-caseload': { table: [CASE_CHANGES], sendsMail: true },
  'list-handover-targets': { table: [READS] },
  'list-case-managers': { table: [QUERIES] },
  'list-caseload': { table: [QUERIES] },
  // A consent or referral added after the assessment: the case's execution is stopped and its next generation started.
  'record-consent': { table: [CASE_CHANGES], workflow: 'restart' },
  'add-referral': { table: [CASE_CHANGES], workflow: 'restart' },
  // The case record (contacts, notes, goals): written by the case work, and every read audited in the history.
  'case-record': { table: [READS, RECORD_WRITES] },
  // Gap reports are only read here; raising and reviewing them are changes of their own.
  'list-gap-reports': { table: [QUERIES] },
  // A case manager's gap report: one new item and its counter.
  'raise-gap-report': { table: [GAP_REPORT_WRITES] },
  // Reviewing changes gap reports and, when routing one to a body, that body's next meeting (an agenda item).
  'review-gap-report': { table: [READS, GAP_REPORT_WRITES] },
  // The KPI report only reads its counters (one query per period).
  'kpi-report': { table: [QUERIES] },
  // The access export is audited in the case's history (person-exported); the audit view and the record of processing only read.
  'export-person': { table: [READS, READ_AUDIT] },
  'audit-log': { table: [QUERIES] },
  // The record of processing (Art. 30) is built from the district profile: it reads nothing from the table, whose
  // name is in every API function's environment all the same (functions/_shared/dependencies/process.ts).
  'processing-record': { table: [] },
  // Meeting administration changes meetings and memberships; it signs the bodies' calendar-feed URLs the annual plan
  // shows (GET /api/bodies), no RSVP links (the reconciler's mails carry them).
  'meetings-api': { table: [READS, MEETING_WRITES, MINUTES_WRITES], linkSecret: true },
  // RSVP answers are recorded (a conditional put); the calendar feed only reads. Both check the signed token in their URL.
  'meeting-links': { table: [READS, CONDITIONAL_PUTS], linkSecret: true },
  // The service's answer by its signed link: records the answer and ends the workflow's wait for it.
  'referral-links': { table: [CASE_CHANGES], workflow: 'answer', linkSecret: true },
  // The public OParl feed (core/oparl/): reads meetings and memberships of the published bodies, nothing else.
  oparl: { table: [READS] },
  // The API's OpenAPI description reads nothing (the table's name only, as for processing-record).
  openapi: { table: [] },
};

export interface ApiGrantTargets {
  readonly stage: string;
  readonly stateMachine: IStateMachine;
  readonly configurationSet: IConfigurationSet;
  readonly linkSecret: ISecret;
}

/** Grants an API function what its entry above decides, besides the table (which KimFunction grants from `table`). */
export function grantApiFunctionAccess(fn: KimFunction, access: ApiFunctionAccess, targets: ApiGrantTargets): void {
  if (access.sendsMail === true) grantSendMail(fn, sendMailStatement(Stack.of(fn), targets.configurationSet));
  if (access.workflow === 'start' || access.workflow === 'restart') {
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [targets.stateMachine.stateMachineArn] }));
  }
  const executionActions = [...(access.inspectsExecution === true ? ['states:DescribeExecution'] : []), ...(access.workflow === 'restart' ? ['states:StopExecution'] : [])];
  if (executionActions.length > 0) {
    grantCaseExecutions(fn, {
      stage: targets.stage,
      actions: executionActions,
      reason:
        'The function looks at or stops the case execution its new generation replaces (a consent or referral added after the ' +
        'assessment, a restriction, an erasure); execution names are <caseId>-<generation>, made at run time, so the resource ' +
        'is every execution of the intake-to-referral state machine of this stage — no other state machine, no other action.',
    });
  }
  if (access.workflow === 'answer') grantTaskAnswers(fn);
  if (access.linkSecret === true) grantLinkSecret(fn, targets.linkSecret);
  for (const [action, reason] of Object.entries(access.unrehearsed ?? {})) fn.explainGrant(action, reason);
}
