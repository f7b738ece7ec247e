/**
 * The synthesized app as `cdk deploy` would upload it: the cloud assembly's manifest names the stacks and their
 * template files, and the templates' references are resolved here to the names and ARNs CloudFormation would give
 * the resources in one fixed, fake account — for the IAM check (policies and the ARNs of the calls) and for the
 * bundles' environment (table name, state machine ARNs, secret ARN …), so both read the same values.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

/** The account the rehearsal pretends to deploy to; every ARN and every policy names it. */
export const REHEARSAL_ACCOUNT = '123456789012';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const manifestSchema = z.object({
  artifacts: z.record(
    z.string(),
    z.object({
      type: z.string(),
      environment: z.string().optional(),
      properties: z.object({ templateFile: z.string().optional() }).loose().optional(),
    }),
  ),
});

const resourceSchema = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.json()).optional(),
  Metadata: z.record(z.string(), z.json()).optional(),
});
const templateSchema = z.object({
  Resources: z.record(z.string(), resourceSchema),
  Outputs: z.record(z.string(), z.object({ Value: z.json(), Export: z.object({ Name: z.json() }).optional() })).optional(),
});

export type TemplateResource = z.infer<typeof resourceSchema>;
export type Template = z.infer<typeof templateSchema>;

export interface StackTemplate {
  readonly stackName: string;
  readonly region: string;
  readonly template: Template;
}

export interface CloudAssembly {
  readonly dir: string;
  readonly stacks: readonly StackTemplate[];
}

/** Reads manifest.json and every stack's template (in the manifest's order, which is the deploy order). */
export function readCloudAssembly(dir: string): CloudAssembly {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  const stacks = Object.entries(manifest.artifacts)
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .map(([stackName, artifact]): StackTemplate => {
      const templateFile = artifact.properties?.templateFile;
      if (templateFile === undefined) throw new Error(`${stackName}: kein templateFile im manifest.json`);
      const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment ?? '')?.[1];
      if (region === undefined || region === 'unknown-region') throw new Error(`${stackName}: keine Region im manifest.json`);
      return { stackName, region, template: parseTemplate(JSON.parse(readFileSync(join(dir, templateFile), 'utf8')), stackName) };
    });
  return { dir, stacks };
}

export function parseTemplate(json: unknown, stackName: string): Template {
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${stackName}: Template ungültig: ${parsed.error.message}`);
  return parsed.data;
}

/** A short, stable stand-in for a generated id, as CloudFormation appends to names it makes up. */
function suffix(text: string): string {
  return createHash('sha256').update(text).digest('base64url').replace(/[-_]/g, 'X').slice(0, 12).toUpperCase();
}

const asString = (value: Json, where: string): string => {
  if (typeof value !== 'string') throw new Error(`${where}: Text erwartet, ${JSON.stringify(value)} gefunden`);
  return value;
};

/**
 * Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split and Fn::ImportValue (across the assembly's
 * exports) to the values CloudFormation would give in REHEARSAL_ACCOUNT. Physical names follow the template where
 * it names the resource, otherwise `<stack>-<logical id>-<suffix>` as CloudFormation makes them up.
 */
export class TemplateResolver {
  private readonly stacks: ReadonlyMap<string, StackTemplate>;
  private readonly exports = new Map<string, { stack: StackTemplate; value: Json }>();

  constructor(assembly: Pick<CloudAssembly, 'stacks'>) {
    this.stacks = new Map(assembly.stacks.map((stack) => [stack.stackName, stack]));
    for (const stack of assembly.stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        this.exports.set(this.resolveString(stack, output.Export.Name), { stack, value: output.Value });
      }
    }
  }

  stack(stackName: string): StackTemplate {
    const stack = this.stacks.get(stackName);
    if (stack === undefined) throw new Error(`Stack ${stackName} fehlt in der Cloud Assembly`);
    return stack;
  }

  resolveString(stack: StackTemplate, value: Json): string {
    return asString(this.resolve(stack, value), stack.stackName);
  }

  /** The value with every intrinsic function replaced (recursively). */
  resolve(stack: StackTemplate, value: Json): Json {
    if (Array.isArray(value)) return value.map((item) => this.resolve(stack, item));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const [intrinsic] = keys;
    if (keys.length === 1 && intrinsic !== undefined && (intrinsic === 'Ref' || intrinsic.startsWith('Fn::'))) {
      return this.intrinsic(stack, intrinsic, value[intrinsic] ?? null);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(stack, item)]));
  }

  private intrinsic(stack: StackTemplate, name: string, argument: Json): Json {
    const where = `${stack.stackName}: ${name}`;
    switch (name) {
      case 'Ref':
        return this.ref(stack, asString(argument, where));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : asString(argument, where).split(/\.(.*)/);
        return this.getAtt(stack, asString(logicalId ?? null, where), asString(attribute ?? null, where));
      }
      case 'Fn::Join': {
        const [separator, parts] = Array.isArray(argument) ? argument : [];
        const resolved = this.resolve(stack, parts ?? null);
        if (!Array.isArray(resolved)) throw new Error(`${where}: Liste erwartet`);
        return resolved.map((part) => asString(part, where)).join(asString(separator ?? null, where));
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        const values = this.resolve(stack, variables ?? {});
        return asString(text ?? null, where).replace(/\$\{([^}!]+)\}/g, (_, reference: string) => {
          if (values !== null && typeof values === 'object' && !Array.isArray(values) && reference in values) return asString(values[reference] ?? null, where);
          const [logicalId, attribute] = reference.split(/\.(.*)/);
          return attribute === undefined ? asString(this.ref(stack, reference), where) : asString(this.getAtt(stack, logicalId ?? '', attribute), where);
        });
      }
      case 'Fn::Select': {
        const [index, list] = Array.isArray(argument) ? argument : [];
        const resolved = this.resolve(stack, list ?? null);
        if (!Array.isArray(resolved)) throw new Error(`${where}: Liste erwartet`);
        return resolved[Number(this.resolve(stack, index ?? null))] ?? null;
      }
      case 'Fn::Split': {
        const [separator, text] = Array.isArray(argument) ? argument : [];
        return this.resolveString(stack, text ?? null).split(asString(separator ?? null, where));
      }
      case 'Fn::ImportValue': {
        const exportName = this.resolveString(stack, argument);
        const exported = this.exports.get(exportName);
        if (exported === undefined) throw new Error(`${where}: kein Export ${exportName}`);
        return this.resolve(exported.stack, exported.value);
      }
      default:
        throw new Error(`${where}: nicht unterstützt`);
    }
  }

  private resource(stack: StackTemplate, logicalId: string): TemplateResource {
    const resource = stack.template.Resources[logicalId];
    if (resource === undefined) throw new Error(`${stack.stackName}: Ressource ${logicalId} fehlt`);
    return resource;
  }

  /** The physical name: the template's own, or one made up as CloudFormation does. */
  physicalName(stack: StackTemplate, logicalId: string): string {
    const resource = this.resource(stack, logicalId);
    const nameProperty = NAME_PROPERTIES[resource.Type];
    const named = nameProperty === undefined ? undefined : resource.Properties?.[nameProperty];
    if (named !== undefined) return this.resolveString(stack, named);
    return `${stack.stackName}-${logicalId}-${suffix(`${stack.stackName}/${logicalId}`)}`.slice(0, 64);
  }

  private ref(stack: StackTemplate, logicalId: string): Json {
    const pseudo = this.pseudo(stack, logicalId);
    if (pseudo !== undefined) return pseudo;
    const { Type } = this.resource(stack, logicalId);
    const arn = this.arn(stack, logicalId);
    // Types whose Ref is their ARN; the others answer with their name or id.
    if (['AWS::StepFunctions::StateMachine', 'AWS::SecretsManager::Secret', 'AWS::SNS::Topic', 'AWS::IAM::ManagedPolicy'].includes(Type)) return arn;
    if (Type === 'AWS::KMS::Key') return keyId(stack, logicalId);
    if (Type === 'AWS::SQS::Queue') return `https://sqs.${stack.region}.amazonaws.com/${REHEARSAL_ACCOUNT}/${this.physicalName(stack, logicalId)}`;
    return this.physicalName(stack, logicalId);
  }

  private pseudo(stack: StackTemplate, name: string): string | undefined {
    const values: Record<string, string> = {
      'AWS::AccountId': REHEARSAL_ACCOUNT,
      'AWS::Region': stack.region,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack.stackName,
    };
    return values[name];
  }

  private getAtt(stack: StackTemplate, logicalId: string, attribute: string): Json {
    const { Type } = this.resource(stack, logicalId);
    if (attribute === 'Arn') return this.arn(stack, logicalId);
    if (attribute === 'Name' || attribute === 'QueueName') return this.physicalName(stack, logicalId);
    // Attributes only the web stack and its outputs use (domain names, DKIM tokens …): a recognisable stand-in.
    return `${Type.split('::')[1]?.toLowerCase() ?? 'resource'}-${logicalId}-${attribute}`.toLowerCase();
  }

  /** The resource's ARN in the rehearsal account. */
  arn(stack: StackTemplate, logicalId: string): string {
    const { Type } = this.resource(stack, logicalId);
    const name = this.physicalName(stack, logicalId);
    const regional = (service: string, rest: string): string => `arn:aws:${service}:${stack.region}:${REHEARSAL_ACCOUNT}:${rest}`;
    switch (Type) {
      case 'AWS::DynamoDB::Table':
        return regional('dynamodb', `table/${name}`);
      case 'AWS::KMS::Key':
        return regional('kms', `key/${keyId(stack, logicalId)}`);
      case 'AWS::Lambda::Function':
        return regional('lambda', `function:${name}`);
      case 'AWS::StepFunctions::StateMachine':
        return regional('states', `stateMachine:${name}`);
      case 'AWS::SecretsManager::Secret':
        return regional('secretsmanager', `secret:${name}-${suffix(name).slice(0, 6)}`);
      case 'AWS::Logs::LogGroup':
        return regional('logs', `log-group:${name}:*`);
      case 'AWS::SQS::Queue':
        return regional('sqs', name);
      case 'AWS::SNS::Topic':
        return regional('sns', name);
      case 'AWS::SES::ConfigurationSet':
        return regional('ses', `configuration-set/${name}`);
      case 'AWS::Cognito::UserPool':
        return regional('cognito-idp', `userpool/${stack.region}_${suffix(name)}`);
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${REHEARSAL_ACCOUNT}:role/${name}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:aws:iam::${REHEARSAL_ACCOUNT}:policy/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name.toLowerCase()}`;
      default:
        return regional(Type.split('::')[1]?.toLowerCase() ?? 'unknown', `${logicalId}/${name}`);
    }
  }
}

/** The property that names a resource, where the template may set it. */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::SES::EmailIdentity': 'EmailIdentity',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Cognito::UserPool': 'UserPoolName',
  // Its Ref is the domain prefix (the api stack's sign-in domain, which config.json and the CSP name).
  'AWS::Cognito::UserPoolDomain': 'Domain',
};

function keyId(stack: StackTemplate, logicalId: string): string {
  const hex = createHash('sha256').update(`${stack.stackName}/${logicalId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
