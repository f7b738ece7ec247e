/** Reading synthesized templates in the stack tests: IAM statements per role, logical ids of constructs. */
import { CfnElement, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';

export interface TemplateStatement {
  readonly Action: string | string[];
  readonly Effect: string;
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** The logical id of a construct's CloudFormation resource (its default child) in its stack. */
export function logicalIdOf(construct: IConstruct, stack: Stack): string {
  const resource = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.getLogicalId(resource);
}

/** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleId: string): TemplateStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: TemplateStatement[] } } }).Properties.PolicyDocument.Statement);
}

export function actionsOf(statements: readonly Pick<TemplateStatement, 'Action'>[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** A CloudFormation value as text: Fn::Join joined, imports written `<import:Name>`, Ref `<Id>`, GetAtt `<Id.Attr>`. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(renderValue).join(separator);
  }
  if (typeof node['Fn::ImportValue'] === 'string') return `<import:${node['Fn::ImportValue']}>`;
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  if (Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/**
 * The app's address in the dev stage (no custom domain) as the other stacks hold it (APP_URL, callback URLs):
 * `https://` and the site stack's distribution domain name, imported. For toMatchObject / toEqual.
 */
export function distributionUrl(): unknown {
  return { 'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringMatching(/^kim-flow-dev-site:ExportsOutputFnGetAttDistribution\w*DomainName/) as unknown }]] };
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

/** The one resource of this type in the template; fails the test if there is none or more than one. */
export function onlyResource(template: Template, type: string): TemplateResource {
  const found = Object.values(template.findResources(type)) as TemplateResource[];
  expect(found, type).toHaveLength(1);
  return found[0] as TemplateResource;
}
