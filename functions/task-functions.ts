/**
 * The task functions of each state machine. CDK creates one Lambda per entry and fills the ASL placeholder
 * `${<PascalName>FunctionArn}` with its ARN; the local runtime fills the same placeholder with a local ARN and
 * runs the handler in-process. One list, one naming rule, for both.
 */
export const STATE_MACHINE_TASKS = {
  'intake-to-referral': [
    'triage-case',
    'assign-case-manager',
    'notify-case-manager',
    'assessment-timer',
    'await-assessment',
    'list-open-referrals',
    'send-referral',
    'outcome-timer',
    'await-outcome',
    'await-closure',
    'monitoring-timer',
    'apply-retention',
    // An erased case's execution (core/privacy/): the rest of the person's data deleted, the services told.
    'erase-case-data',
    'tell-services-erased',
    'park-case',
  ],
  'meeting-notifications': ['plan-meeting-notifications', 'reconcile-meeting'],
  // The daily sweeper (core/workflow/sweep-cases.ts): one task, started by EventBridge Scheduler.
  'case-sweeper': ['sweep-cases'],
} as const;

export type StateMachineName = keyof typeof STATE_MACHINE_TASKS;
export type TaskFunctionName<M extends StateMachineName = StateMachineName> = (typeof STATE_MACHINE_TASKS)[M][number];

/** `triage-case` → `TriageCaseFunctionArn`. */
export function functionArnPlaceholder(functionName: string): string {
  return `${functionName.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase())}FunctionArn`;
}
