import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION, type KeyAttribute } from '../../core/table/table-definition.ts';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { newTestApp, type TestApp } from './synth.ts';

const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute): unknown[] => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' },
  { AttributeName: sortKey.name, KeyType: 'RANGE' },
];

describe('DataStack', () => {
  let testApp: TestApp;
  let template: Template;

  beforeAll(() => {
    testApp = newTestApp();
    const { data } = buildKimFlow(testApp.app, { stage: 'dev' });
    template = Template.fromStack(data);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('has exactly one table, keyed and indexed as the shared table definition says', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'kim-flow-dev',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema(TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey),
      GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    });
  });

  it('encrypts the table with its own customer managed key, rotated, whose grants only AWS services may create', () => {
    const keys = template.findResources('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'kms:CreateGrant',
              Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
            }),
          ]),
        },
      },
    });
    const keyIds = Object.keys(keys);
    expect(keyIds).toHaveLength(1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyIds[0], 'Arn'] } },
    });
  });

  it('protects the data: point-in-time recovery, deletion protection, table and key retained', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key']) {
      template.hasResource(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('deploys to eu-central-1 and keeps prod from being deleted by accident', () => {
    const dev = newTestApp();
    const prod = newTestApp();
    try {
      expect(buildKimFlow(dev.app, { stage: 'dev' }).data.region).toBe('eu-central-1');
      // prod needs the Kreis's certificate (lib/config.ts); any well-formed ARN will do for synth.
      const webCertificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
      const prodData = buildKimFlow(prod.app, { stage: 'prod', webCertificateArn }).data;
      expect(prodData.terminationProtection).toBe(true);
      Template.fromStack(prodData).hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'kim-flow-prod', SSESpecification: Match.anyValue() });
    } finally {
      dev.cleanup();
      prod.cleanup();
    }
  });
});
