import { Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { KimFunction } from './kim-function.ts';

/**
 * states:SendTaskSuccess, for a function that answers a waiting step with its task token. The Service Authorization
 * Reference lists no resource type for SendTaskSuccess (nor SendTaskFailure, SendTaskHeartbeat): the token alone
 * names the task, so IAM allows the action only with Resource "*". In a policy of its own, so the acknowledged
 * wildcard covers this statement and nothing else; SendTaskFailure and SendTaskHeartbeat are not granted (no code
 * sends them).
 */
export function grantTaskAnswers(fn: KimFunction): void {
  const policy = new Policy(fn, 'TaskAnswers', { statements: [new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: ['*'] })], roles: [fn.role] });
  fn.function.node.addDependency(policy);
  const resource = policy.node.defaultChild;
  if (resource === undefined) throw new Error('Policy without a CloudFormation resource');
  const reason =
    'states:SendTaskSuccess has no resource-level permissions (Service Authorization Reference: no resource type; the task ' +
    'token names the waiting step), so its Resource must be "*". This policy holds that one action only; a token reaches a ' +
    "function only from the case's own items, which the function's table access already governs.";
  Validations.of(resource).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
  Validations.of(resource).acknowledge({ id: 'Serverless-LambdaStarPermissions', reason });
}
