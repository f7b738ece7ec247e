import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { kimKey } from './kms-key.ts';

export interface KimLogGroupProps {
  /** Fixed name (e.g. the `/aws/vendedlogs/` prefix of state machine logs). @default - generated */
  readonly logGroupName?: string;
  /**
   * A year by default (Control Tower CT.CLOUDWATCH.PR.2): the logs hold ids, never personal data, and a year covers
   * the incidents and questions that come up after the fact. Shorter only for a reason acknowledged next to it.
   * @default one year
   */
  readonly retention?: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Every log group of KIM Flow: encrypted with its stack's log key (Control Tower CT.CLOUDWATCH.PR.3), kept a year
 * unless said otherwise. CloudWatch Logs encrypts and decrypts with the key itself; writers (functions, Step Functions,
 * API Gateway) need no key permissions.
 */
export function kimLogGroup(scope: Construct, id: string, props: KimLogGroupProps): LogGroup {
  return new LogGroup(scope, id, {
    ...(props.logGroupName === undefined ? {} : { logGroupName: props.logGroupName }),
    retention: props.retention ?? RetentionDays.ONE_YEAR,
    removalPolicy: props.removalPolicy,
    encryptionKey: stackLogKey(Stack.of(scope)),
  });
}

const LOG_KEY_ID = 'LogKey';

/**
 * One key per stack for its log groups (a key in another stack would tie every stack to that one); kept on removal
 * like the retained log groups it encrypts, which would be unreadable without it.
 */
function stackLogKey(stack: Stack): Key {
  const existing = stack.node.tryFindChild(LOG_KEY_ID);
  if (existing instanceof Key) return existing;
  if (existing !== undefined) throw new Error(`${stack.stackName} has a construct "${LOG_KEY_ID}" that is not the log key`);
  const key = kimKey(stack, LOG_KEY_ID, {
    description: `KIM Flow: encryption at rest of the log groups of ${stack.stackName}`,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // CloudWatch Logs of this region, for this account's log groups only (the encryption context names the group).
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        },
      },
    }),
  );
  return key;
}
