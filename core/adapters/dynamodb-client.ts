/** The DynamoDB client and its document client (the one SDK package every function loads). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig, type ClientTarget } from './client-config.ts';

export const createDynamoDbClient = (target: ClientTarget): DynamoDBClient => new DynamoDBClient(clientConfig(target));

export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
