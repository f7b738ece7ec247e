import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { KimFunction } from './kim-function.ts';

/**
 * Gives a function the key that signs RSVP links and calendar-feed URLs (core/adapters/dependencies.ts reads
 * LINK_SECRET_ARN and calls GetSecretValue on it): the secret's ARN in its environment and GetSecretValue on exactly
 * that secret. Explicit rather than `secret.grantRead(fn)`, which adds DescribeSecret the handlers never call.
 */
export function grantLinkSecret(fn: KimFunction, secret: ISecret): void {
  fn.function.addEnvironment('LINK_SECRET_ARN', secret.secretArn);
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
  if (secret.encryptionKey) {
    // Secrets Manager decrypts with the caller's permissions on the key; only through Secrets Manager, not directly.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(fn).region}.amazonaws.com` } },
      }),
    );
  }
}
