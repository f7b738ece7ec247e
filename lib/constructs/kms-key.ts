import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, type KeyProps } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * Every customer managed key of KIM Flow: rotated yearly, and grants on it only for AWS services (Control Tower
 * CT.KMS.PR.3). DynamoDB, CloudWatch Logs and SNS create their grants themselves, for their own resources; no person
 * or function needs to hand out the key's use to anyone else, so a stolen role cannot either.
 */
export function kimKey(scope: Construct, id: string, props: Omit<KeyProps, 'enableKeyRotation'>): Key {
  const key = new Key(scope, id, { ...props, enableKeyRotation: true });
  key.addToResourcePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}
