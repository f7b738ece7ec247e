/**
 * AWS clients, built once per process. An endpoint override points them at the local stand-ins
 * (DynamoDB Local, the local Step Functions and SES endpoints); in AWS the SDK's defaults apply.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export interface ClientTarget {
  readonly region: string;
  /** Set only on this machine; credentials are then dummies the local stand-ins ignore. */
  readonly endpoint?: string;
}

function clientConfig(target: ClientTarget): { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } {
  return target.endpoint === undefined
    ? { region: target.region }
    : { region: target.region, endpoint: target.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

export const createDynamoDbClient = (target: ClientTarget): DynamoDBClient => new DynamoDBClient(clientConfig(target));

export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export const createSfnClient = (target: ClientTarget): SFNClient => new SFNClient(clientConfig(target));

export const createSesClient = (target: ClientTarget): SESv2Client => new SESv2Client(clientConfig(target));
