/**
 * Access to the executions of the intake-to-referral state machine (to describe or stop a case's execution), for the
 * functions that drive a case's execution generations: the daily sweeper and the API's additions after the
 * assessment. Execution names are <caseId>-<generation>, made at run time, so the resource is every execution of
 * that state machine of this stage — in a policy of its own, so the acknowledged wildcard covers this statement only.
 */
import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { KimFunction } from './kim-function.ts';
import { INTAKE_TO_REFERRAL } from '../stacks/workflow-stack.ts';

export function grantCaseExecutions(fn: KimFunction, options: { readonly stage: string; readonly actions: readonly string[]; readonly reason: string }): Policy {
  const stack = Stack.of(fn);
  const name = `kim-flow-${options.stage}-${INTAKE_TO_REFERRAL}`;
  const executions = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const policy = new Policy(fn, 'Executions', { statements: [new PolicyStatement({ actions: [...options.actions], resources: [executions] })], roles: [fn.role] });
  fn.function.node.addDependency(policy);
  // How cdk-nag spells the wildcard (tokens as <AWS::…>), so the acknowledgement names exactly this one.
  const literal = (value: string, token: string): string => (Token.isUnresolved(value) ? `<${token}>` : value);
  const policyResource = policy.node.defaultChild;
  if (policyResource === undefined) throw new Error('Policy without a CloudFormation resource');
  Validations.of(policyResource).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:${literal(stack.partition, 'AWS::Partition')}:states:${stack.region}:${literal(stack.account, 'AWS::AccountId')}:execution:${name}:*]`,
    reason: options.reason,
  });
  return policy;
}
