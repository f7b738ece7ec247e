/**
 * Calls AWS makes with a principal's role on its behalf, which no local recorder sees: Lambda writing the function's
 * logs and traces, Step Functions setting up log delivery, tracing and encrypting executions with the key, DynamoDB
 * reading the table's key for each request on an encrypted table. They are evaluated like recorded calls, so a
 * policy that lacks them fails the rehearsal too, and they count as used.
 */
import type { RecordedCall } from './iam-check.ts';
import type { Principal } from './principals.ts';

const TRACE_WRITES = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
// What Step Functions needs to deliver execution logs to CloudWatch Logs (Step Functions developer guide, "IAM
// policies for logging to CloudWatch Logs"); these actions have no resource-level permissions.
export const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];
export const STATE_MACHINE_TRACING = [...TRACE_WRITES, 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];

export interface PlatformFacts {
  /** Functions that ran at least once (their runtime then wrote logs and traces). */
  readonly invoked: ReadonlySet<string>;
  /** Table name → ARN of its customer managed key. */
  readonly tableKeys: ReadonlyMap<string, string>;
  readonly region: string;
}

export function platformCalls(principals: readonly Principal[], recorded: readonly RecordedCall[], facts: PlatformFacts): RecordedCall[] {
  const calls: RecordedCall[] = [];
  for (const principal of principals) {
    if (principal.kind === 'function' && facts.invoked.has(principal.id)) {
      const by = 'Lambda (Protokoll und Tracing der Funktion)';
      if (principal.logGroupArn !== undefined) {
        const stream = principal.logGroupArn.replace(/:\*$/, ':log-stream:rehearsal');
        calls.push({ principal: principal.id, action: 'logs:CreateLogStream', resource: stream, by }, { principal: principal.id, action: 'logs:PutLogEvents', resource: stream, by });
      }
      if (principal.tracing) for (const action of TRACE_WRITES) calls.push({ principal: principal.id, action, resource: '*', by });
    }
    if (principal.kind === 'state-machine') {
      const by = 'Step Functions (Protokoll und Tracing)';
      if (principal.logging) for (const action of LOG_DELIVERY) calls.push({ principal: principal.id, action, resource: '*', by });
      if (principal.tracing) for (const action of STATE_MACHINE_TRACING) calls.push({ principal: principal.id, action, resource: '*', by });
    }
  }
  // DynamoDB decrypts the table key with the caller's permissions on each request to an encrypted table.
  for (const call of recorded) {
    const table = /^arn:aws:dynamodb:[^:]+:[^:]+:table\/([^/]+)/.exec(call.resource)?.[1];
    const key = table === undefined ? undefined : facts.tableKeys.get(table);
    if (key === undefined || !call.action.startsWith('dynamodb:')) continue;
    calls.push({ principal: call.principal, action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': `dynamodb.${facts.region}.amazonaws.com` }, by: 'DynamoDB (Tabellenschlüssel)' });
  }
  return calls;
}

/**
 * Grants named with their reason instead of counted as unused, by principal id. Those the templates name themselves
 * (a role's metadata, principals.ts grantedUnused: needed on a path the scenario may not take), and those the platform
 * uses in a way the simulator cannot evaluate: Step Functions encrypts and decrypts a state machine's executions with
 * its key under a `kms:EncryptionContext:aws:states:stateMachineArn` condition, and iam-simulate drops
 * `kms:EncryptionContext:*` keys from a request (it does not match templated condition keys), so the call would read
 * as denied; a schedule's dead-letter queue receives only failed starts.
 */
export function platformGrants(principals: readonly Principal[]): Map<string, ReadonlyMap<string, string>> {
  const grants = new Map<string, ReadonlyMap<string, string>>();
  for (const principal of principals) {
    const reasons = new Map(principal.grantedUnused);
    if (principal.kind === 'schedule' && principal.deadLetterArn !== undefined) {
      reasons.set('sqs:sendmessage', 'EventBridge Scheduler legt nur einen fehlgeschlagenen Start in die Dead-Letter-Queue');
    }
    if (principal.kind === 'state-machine' && principal.encryptionKey !== undefined) {
      const reason = 'Step Functions verschlüsselt die Ausführungen mit dem Schlüssel der Tabelle (Bedingung auf kms:EncryptionContext, vom Simulator nicht auswertbar)';
      // The key's Decrypt may also be granted for a direct DynamoDB integration: that reason stays first.
      reasons.set('kms:generatedatakey', reason);
      if (!reasons.has('kms:decrypt')) reasons.set('kms:decrypt', reason);
    }
    if (reasons.size > 0) grants.set(principal.id, reasons);
  }
  return grants;
}
