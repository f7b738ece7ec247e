/**
 * The rehearsal's recorder between an AWS SDK client and DynamoDB Local: the client finds it through the SDK's
 * standard endpoint variable (AWS_ENDPOINT_URL_DYNAMODB, as the bundles do), the caller is told by its access key,
 * each call is noted as IAM authorizes it (a transaction per item) and answered by DynamoDB Local; Secrets Manager
 * is answered by the recorder itself; a call the scenario wants refused gets the service's error once; an unknown key
 * is refused.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describeRequest, signedBy, startRecorder, type Recorder } from '../../local/rehearsal/recorder.ts';

const region = 'eu-central-1';
const account = '123456789012';
const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:link-AbCdEf`;
const table = `rehearsal-${randomUUID()}`;
const tableArn = `arn:aws:dynamodb:${region}:${account}:table/${table}`;
let recorder: Recorder;
const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;

beforeAll(async () => {
  recorder = await startRecorder({
    host: '127.0.0.1',
    region,
    account,
    principalOf: (key) => ({ APICREATEINTAKE: 'api/CreateIntake', SETUP: 'setup' })[key],
    upstream: () => ({ dynamodb: inject('dynamodbEndpoint'), states: 'http://127.0.0.1:9', ses: 'http://127.0.0.1:9' }),
    secrets: new Map([[secretArn, 'x'.repeat(40)]]),
  });
  process.env.AWS_ENDPOINT_URL_DYNAMODB = recorder.url;
});

afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
  await recorder.close();
});

// No endpoint in the client's config: the SDK must take it from AWS_ENDPOINT_URL_DYNAMODB, as a bundle's clients do.
const client = (accessKeyId: string): DynamoDBClient => new DynamoDBClient({ region, credentials: { accessKeyId, secretAccessKey: 'rehearsal' }, maxAttempts: 1 });

describe('rehearsal recorder', () => {
  it('records who called what on which table and forwards to DynamoDB Local', async () => {
    await client('SETUP').send(
      new CreateTableCommand({ TableName: table, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }),
    );
    const fn = client('APICREATEINTAKE');
    await fn.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' } } }));
    await fn.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'b' } } } }, { Delete: { TableName: table, Key: { pk: { S: 'a' } } } }],
      }),
    );
    const read = await fn.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'b' } } }));
    expect(read.Item?.pk?.S).toBe('b');
    expect(recorder.calls.filter((c) => c.principal === 'api/CreateIntake')).toEqual([
      { principal: 'api/CreateIntake', action: 'dynamodb:PutItem', resource: tableArn },
      { principal: 'api/CreateIntake', action: 'dynamodb:PutItem', resource: tableArn },
      { principal: 'api/CreateIntake', action: 'dynamodb:DeleteItem', resource: tableArn },
      { principal: 'api/CreateIntake', action: 'dynamodb:GetItem', resource: tableArn },
    ]);
  });

  it('answers GetSecretValue itself and records it', async () => {
    const secrets = new SecretsManagerClient({ region, endpoint: recorder.url, credentials: { accessKeyId: 'APICREATEINTAKE', secretAccessKey: 'rehearsal' } });
    const answer = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    expect(answer.SecretString).toHaveLength(40);
    expect(recorder.calls.at(-1)).toEqual({ principal: 'api/CreateIntake', action: 'secretsmanager:GetSecretValue', resource: secretArn });
  });

  it('refuses the next matching call as the service would (the call still recorded), then forwards again', async () => {
    const fn = client('APICREATEINTAKE');
    recorder.refuseNext({ principal: 'api/CreateIntake', action: 'dynamodb:GetItem', errorType: 'ResourceNotFoundException', message: 'refused once' });
    const before = recorder.calls.length;
    await expect(fn.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'c' } } }))).resolves.toBeDefined();
    await expect(fn.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'c' } } }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'refused once' });
    expect((await fn.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'c' } } }))).Item?.pk?.S).toBe('c');
    expect(recorder.calls.slice(before).map((c) => c.action)).toEqual(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:GetItem']);
  });

  it('refuses a caller it does not know', async () => {
    await expect(client('SOMEONE').send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'b' } } }))).rejects.toThrow(/SOMEONE/);
  });

  it('reads index queries, SES v2 sends and task tokens as IAM authorizes them', () => {
    const arns = { region, account };
    expect(describeRequest({ service: 'dynamodb', method: 'POST', path: '/', target: 'DynamoDB_20120810.Query', body: { TableName: 't', IndexName: 'gsi1' } }, arns)).toEqual([
      { action: 'dynamodb:Query', resource: `arn:aws:dynamodb:${region}:${account}:table/t/index/gsi1` },
    ]);
    expect(describeRequest({ service: 'ses', method: 'POST', path: '/v2/email/outbound-emails', target: undefined, body: { FromEmailAddress: 'KIM <kim@kreis.example>', ConfigurationSetName: 'cs' } }, arns)).toEqual([
      { action: 'ses:SendEmail', resource: `arn:aws:ses:${region}:${account}:identity/kreis.example` },
      { action: 'ses:SendEmail', resource: `arn:aws:ses:${region}:${account}:configuration-set/cs` },
    ]);
    expect(describeRequest({ service: 'states', method: 'POST', path: '/', target: 'AWSStepFunctions.SendTaskSuccess', body: { taskToken: 't1' } }, arns)).toEqual([
      { action: 'states:SendTaskSuccess', resource: '*' },
    ]);
    expect(signedBy('AWS4-HMAC-SHA256 Credential=KEY1/20260101/eu-central-1/states/aws4_request, SignedHeaders=host, Signature=x')).toEqual({ accessKeyId: 'KEY1', service: 'states' });
  });
});
