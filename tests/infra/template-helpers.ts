/** Reading synthesized templates in the stack tests: IAM statements per role, logical ids of constructs. */
import { CfnElement, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

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
