/**
 * Who calls AWS in the synthesized app, and with which policies: every Lambda function (its role), every state
 * machine (its role, for its direct integrations and the functions it invokes) and every schedule (its role, for
 * the executions it starts). Functions that only serve deploy-time custom resources (ServiceToken of a Custom::
 * resource, e.g. the web stack's bucket deployment) do not run in the system and are left out.
 */
import { join } from 'node:path';
import { GRANTED_UNUSED_METADATA } from '../../lib/constructs/table-access.ts';
import { REHEARSAL_ACCOUNT, type CloudAssembly, type Json, type StackTemplate, type TemplateResolver, type TemplateResource } from './cloud-assembly.ts';

export type PolicyDocument = { readonly [key: string]: Json };

export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

interface PrincipalBase {
  /** Short and unique, e.g. `workflow/TriageCase`; also the access key id the principal's calls are signed with. */
  readonly id: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly roleArn: string;
  readonly policies: readonly NamedPolicy[];
  /**
   * Granted actions (lower case) the role's metadata names as needed on a path the scenario may not take, with the
   * reason (GRANTED_UNUSED_METADATA, written by KimFunction.explainGrant): the report shows the reason for such a
   * grant left unused instead of counting it.
   */
  readonly grantedUnused: ReadonlyMap<string, string>;
}

export interface FunctionPrincipal extends PrincipalBase {
  readonly kind: 'function';
  readonly functionName: string;
  readonly functionArn: string;
  /** The bundle's directory in the cloud assembly and its handler (`index.handler`). */
  readonly assetDir: string;
  readonly handler: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly logGroupArn: string | undefined;
  readonly tracing: boolean;
}

export interface StateMachinePrincipal extends PrincipalBase {
  readonly kind: 'state-machine';
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** DefinitionString with its substitutions filled in (as Step Functions receives it). */
  readonly definition: string;
  readonly logging: boolean;
  readonly tracing: boolean;
  /** The customer managed key its executions are encrypted with. */
  readonly encryptionKey: string | undefined;
}

export interface SchedulePrincipal extends PrincipalBase {
  readonly kind: 'schedule';
  readonly targetArn: string;
  /** Where the scheduler puts a start that failed. */
  readonly deadLetterArn: string | undefined;
  /** The input the schedule starts its target with. */
  readonly input: string;
}

export type Principal = FunctionPrincipal | StateMachinePrincipal | SchedulePrincipal;

interface Located {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: TemplateResource;
}

function resourcesOfType(assembly: Pick<CloudAssembly, 'stacks'>, type: string): Located[] {
  return assembly.stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
  );
}

const property = (located: Located, name: string): Json => located.resource.Properties?.[name] ?? null;

const isRecord = (value: Json): value is { [key: string]: Json } => value !== null && typeof value === 'object' && !Array.isArray(value);
const asList = (value: Json): Json[] => (Array.isArray(value) ? value : value === null ? [] : [value]);

/** The construct path without the CloudFormation resource's own tail, stack prefix shortened: `workflow/Default/TriageCase`. */
function displayId(located: Located): string {
  const path = located.resource.Metadata?.['aws:cdk:path'];
  const full = typeof path === 'string' ? path.replace(/\/(Function\/)?Resource$/, '') : `${located.stack.stackName}/${located.logicalId}`;
  return full.replace(/^kim-flow-[a-z0-9]+-/, '').replace('/Default/', '/');
}

interface RoleGrants {
  readonly policies: NamedPolicy[];
  readonly grantedUnused: ReadonlyMap<string, string>;
}

/** The role's GRANTED_UNUSED_METADATA: action (lower case, as the check compares them) → reason. */
function grantedUnusedOf(located: Located): Map<string, string> {
  const metadata = located.resource.Metadata?.[GRANTED_UNUSED_METADATA];
  if (metadata === undefined || metadata === null) return new Map();
  if (!isRecord(metadata)) throw new Error(`${located.logicalId}: ${GRANTED_UNUSED_METADATA} ist kein Objekt`);
  return new Map(
    Object.entries(metadata).map(([action, reason]) => {
      if (typeof reason !== 'string' || reason.length === 0) throw new Error(`${located.logicalId}: ${GRANTED_UNUSED_METADATA} nennt für ${action} keinen Grund`);
      return [action.toLowerCase(), reason];
    }),
  );
}

/** Every policy attached to each role, keyed by role ARN (inline, AWS::IAM::Policy, customer managed), and its metadata's reasons. */
function policiesByRole(assembly: Pick<CloudAssembly, 'stacks'>, resolver: TemplateResolver): Map<string, RoleGrants> {
  const byRoleName = new Map<string, NamedPolicy[]>();
  const add = (roleName: string, policy: NamedPolicy): void => {
    byRoleName.set(roleName, [...(byRoleName.get(roleName) ?? []), policy]);
  };
  const managed = new Map<string, NamedPolicy>();
  for (const located of resourcesOfType(assembly, 'AWS::IAM::ManagedPolicy')) {
    const document = resolver.resolve(located.stack, property(located, 'PolicyDocument'));
    if (!isRecord(document)) throw new Error(`${located.logicalId}: PolicyDocument fehlt`);
    const policy = { name: located.logicalId, document };
    managed.set(resolver.arn(located.stack, located.logicalId), policy);
    for (const role of asList(property(located, 'Roles'))) add(resolver.resolveString(located.stack, role), policy);
  }
  for (const located of resourcesOfType(assembly, 'AWS::IAM::Policy')) {
    const document = resolver.resolve(located.stack, property(located, 'PolicyDocument'));
    if (!isRecord(document)) throw new Error(`${located.logicalId}: PolicyDocument fehlt`);
    for (const role of asList(property(located, 'Roles'))) add(resolver.resolveString(located.stack, role), { name: located.logicalId, document });
  }
  const byArn = new Map<string, RoleGrants>();
  for (const located of resourcesOfType(assembly, 'AWS::IAM::Role')) {
    const roleName = resolver.physicalName(located.stack, located.logicalId);
    const inline = asList(resolver.resolve(located.stack, property(located, 'Policies'))).map((policy): NamedPolicy => {
      if (!isRecord(policy) || typeof policy.PolicyName !== 'string' || !isRecord(policy.PolicyDocument ?? null)) throw new Error(`${located.logicalId}: Inline-Policy ungültig`);
      return { name: `${located.logicalId}/${policy.PolicyName}`, document: policy.PolicyDocument as PolicyDocument };
    });
    const attached = asList(property(located, 'ManagedPolicyArns')).map((reference): NamedPolicy => {
      const arn = resolver.resolveString(located.stack, reference);
      const policy = managed.get(arn);
      // An AWS managed policy's content is not in the templates: the check could only guess, so it refuses.
      if (policy === undefined) throw new Error(`${located.logicalId}: verwaltete Policy ${arn} steht in keinem Template`);
      return policy;
    });
    byArn.set(resolver.arn(located.stack, located.logicalId), {
      policies: [...inline, ...attached, ...(byRoleName.get(roleName) ?? [])],
      grantedUnused: grantedUnusedOf(located),
    });
  }
  return byArn;
}

/** Every principal of the assembly, with its policies and (functions, state machines) what the rehearsal runs. */
export function listPrincipals(assembly: CloudAssembly, resolver: TemplateResolver): Principal[] {
  const policies = policiesByRole(assembly, resolver);
  const grantsOf = (roleArn: string): Pick<PrincipalBase, 'roleArn' | 'policies' | 'grantedUnused'> => ({
    roleArn,
    policies: policies.get(roleArn)?.policies ?? [],
    grantedUnused: policies.get(roleArn)?.grantedUnused ?? new Map(),
  });
  const roleOf = (located: Located, roleProperty: string): Pick<PrincipalBase, 'roleArn' | 'policies' | 'grantedUnused'> =>
    grantsOf(resolver.resolveString(located.stack, property(located, roleProperty)));
  const customResourceProviders = new Set(
    assembly.stacks.flatMap((stack) =>
      Object.values(stack.template.Resources)
        .filter((resource) => resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource')
        .map((resource) => resolver.resolveString(stack, resource.Properties?.ServiceToken ?? null)),
    ),
  );

  const functions = resourcesOfType(assembly, 'AWS::Lambda::Function')
    .filter((located) => !customResourceProviders.has(resolver.arn(located.stack, located.logicalId)))
    .map((located): FunctionPrincipal => {
      const variables = resolver.resolve(located.stack, isRecord(property(located, 'Environment')) ? (property(located, 'Environment') as { Variables?: Json }).Variables ?? {} : {});
      const assetPath = located.resource.Metadata?.['aws:asset:path'];
      if (typeof assetPath !== 'string') throw new Error(`${located.stack.stackName}/${located.logicalId}: kein aws:asset:path (wurde gebündelt?)`);
      const logging = resolver.resolve(located.stack, property(located, 'LoggingConfig'));
      const logGroup = isRecord(logging) && typeof logging.LogGroup === 'string' ? logging.LogGroup : undefined;
      const tracingConfig = property(located, 'TracingConfig');
      return {
        kind: 'function',
        id: displayId(located),
        stackName: located.stack.stackName,
        logicalId: located.logicalId,
        ...roleOf(located, 'Role'),
        functionName: resolver.physicalName(located.stack, located.logicalId),
        functionArn: resolver.arn(located.stack, located.logicalId),
        assetDir: join(assembly.dir, assetPath),
        handler: resolver.resolveString(located.stack, property(located, 'Handler')),
        environment: Object.fromEntries(Object.entries(isRecord(variables) ? variables : {}).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])),
        timeoutSeconds: Number(property(located, 'Timeout') ?? 3),
        logGroupArn: logGroup === undefined ? undefined : `arn:aws:logs:${located.stack.region}:${REHEARSAL_ACCOUNT}:log-group:${logGroup}:*`,
        tracing: isRecord(tracingConfig) && tracingConfig.Mode === 'Active',
      };
    });

  const stateMachines = resourcesOfType(assembly, 'AWS::StepFunctions::StateMachine').map((located): StateMachinePrincipal => {
    const substitutions = resolver.resolve(located.stack, property(located, 'DefinitionSubstitutions') ?? {});
    const source = resolver.resolveString(located.stack, property(located, 'DefinitionString'));
    const definition = source.replace(/\$\{([A-Za-z0-9_]+)\}/g, (placeholder, key: string) => {
      const value = isRecord(substitutions) ? substitutions[key] : undefined;
      if (typeof value !== 'string') throw new Error(`${located.logicalId}: keine Ersetzung für ${placeholder}`);
      return value;
    });
    const logging = property(located, 'LoggingConfiguration');
    const tracing = property(located, 'TracingConfiguration');
    const encryption = resolver.resolve(located.stack, property(located, 'EncryptionConfiguration'));
    return {
      kind: 'state-machine',
      id: displayId(located),
      stackName: located.stack.stackName,
      logicalId: located.logicalId,
      ...roleOf(located, 'RoleArn'),
      stateMachineName: resolver.physicalName(located.stack, located.logicalId),
      stateMachineArn: resolver.arn(located.stack, located.logicalId),
      definition,
      logging: isRecord(logging) && logging.Level !== undefined && logging.Level !== 'OFF',
      tracing: isRecord(tracing) && tracing.Enabled === true,
      encryptionKey: isRecord(encryption) && typeof encryption.KmsKeyId === 'string' ? encryption.KmsKeyId : undefined,
    };
  });

  const schedules = resourcesOfType(assembly, 'AWS::Scheduler::Schedule').map((located): SchedulePrincipal => {
    const target = resolver.resolve(located.stack, property(located, 'Target'));
    if (!isRecord(target) || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string') throw new Error(`${located.logicalId}: Target ohne Arn/RoleArn`);
    return {
      kind: 'schedule',
      id: displayId(located),
      stackName: located.stack.stackName,
      logicalId: located.logicalId,
      ...grantsOf(target.RoleArn),
      targetArn: target.Arn,
      deadLetterArn: deadLetterArn(target.DeadLetterConfig ?? null),
      input: typeof target.Input === 'string' ? target.Input : '{}',
    };
  });
  return [...functions, ...stateMachines, ...schedules];
}

function deadLetterArn(config: Json): string | undefined {
  return isRecord(config) && typeof config.Arn === 'string' ? config.Arn : undefined;
}

/** Resource policies the IAM check must also read, by resource ARN: KMS key policies (the key decides, not IAM alone). */
export function resourcePolicies(assembly: Pick<CloudAssembly, 'stacks'>, resolver: TemplateResolver): Map<string, PolicyDocument> {
  const policies = new Map<string, PolicyDocument>();
  for (const located of resourcesOfType(assembly, 'AWS::KMS::Key')) {
    const document = resolver.resolve(located.stack, property(located, 'KeyPolicy'));
    if (isRecord(document)) policies.set(resolver.arn(located.stack, located.logicalId), document);
  }
  return policies;
}

/** Customer managed keys of tables, by table name: DynamoDB uses them with the caller's permissions. */
export function tableKeys(assembly: Pick<CloudAssembly, 'stacks'>, resolver: TemplateResolver): Map<string, string> {
  const keys = new Map<string, string>();
  for (const located of resourcesOfType(assembly, 'AWS::DynamoDB::Table')) {
    const sse = resolver.resolve(located.stack, property(located, 'SSESpecification'));
    if (isRecord(sse) && typeof sse.KMSMasterKeyId === 'string') keys.set(resolver.physicalName(located.stack, located.logicalId), sse.KMSMasterKeyId);
  }
  return keys;
}
