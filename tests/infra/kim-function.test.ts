import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../core/table/table-definition.ts';
import { KimFunction } from '../../lib/constructs/kim-function.ts';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { addFunctionFixtureStack, FIXTURE_HANDLER, type FunctionFixture } from '../fixtures/function-stack.ts';
import { newTestApp, type TestApp } from './synth.ts';

describe('KimFunction', () => {
  let testApp: TestApp;
  let fixture: FunctionFixture;
  let template: Template;

  const logicalId = (construct: IConstruct): string => {
    const resource = construct.node.defaultChild;
    if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
    return fixture.stack.getLogicalId(resource);
  };
  const resourceOf = (id: string): unknown => (template.toJSON() as { Resources: Record<string, unknown> }).Resources[id];

  beforeAll(() => {
    // Only the fixture's code is bundled: one test reads the bundle.
    testApp = newTestApp({ bundlingStacks: ['kim-flow-fixture-functions'] });
    const { data } = buildKimFlow(testApp.app, { stage: 'dev' });
    fixture = addFunctionFixtureStack(testApp.app, data);
    template = Template.fromStack(fixture.stack);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('runs nodejs22.x on arm64 with active tracing, 512 MB and 10 s by default', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Timeout: 10,
      Handler: 'index.handler',
      Environment: {
        Variables: Match.objectEquals({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        }),
      },
    });
  });

  it('logs to its own log group, kept a year and when the function goes, encrypted with the stack\'s log key', () => {
    const keys = template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(Object.keys(keys), 'one log key per stack, for all its log groups').toHaveLength(1);
    const [keyId] = Object.keys(keys);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logicalId(fixture.plain.logGroup) } },
    });
    // CloudWatch Logs of the stack's region may use it, for log groups of this account only; grants only for AWS services.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
          },
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']),
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.objectLike({ 'Fn::Join': Match.anyValue() }) } },
          }),
        ]),
      },
    });
  });

  it('has a role without managed policies: only its log group and X-Ray, nothing else', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role).not.toHaveProperty('Properties.ManagedPolicyArns');
    }
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const plainRole = resourceOf(logicalId(fixture.plain.role));
    expect(plainRole).toMatchObject({
      Properties: {
        AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] },
        Policies: [
          {
            PolicyName: 'runtime',
            PolicyDocument: {
              Statement: [
                {
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: { 'Fn::GetAtt': [logicalId(fixture.plain.logGroup), 'Arn'] },
                },
                { Action: expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) as unknown, Resource: '*' },
              ],
            },
          },
        ],
      },
    });
    // The plain function has no grants, hence no further policy attached to its role.
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes(`"${logicalId(fixture.plain.role)}"`),
    );
    expect(attached).toEqual([]);
  });

  it('gets TABLE_NAME and exactly the table access it asked for, every index named', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 5,
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const document = JSON.stringify(policies[0]);
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'kms:Decrypt']) {
      expect(document).toContain(`"${action}"`);
    }
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) expect(document).toContain(`/index/${index.indexName}`);
    expect(document).not.toContain('dynamodb:Scan');
    expect(document).not.toContain('*');
  });

  it('bundles an ESM file with a source map and a require shim', () => {
    const code = resourceOf(logicalId(fixture.plain.function)) as { Properties: { Code: { S3Key: string } } };
    // The asset's S3 key is <hash>.zip; its staged directory in the cloud assembly is asset.<hash>.
    const bundleDir = join(testApp.outdir, `asset.${code.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);")).toBe(true);
    expect(bundle).toContain('statusCode:200');
    expect(existsSync(join(bundleDir, 'index.mjs.map'))).toBe(true);
  });

  it('takes its handler from functions/<name>/handler.ts and rejects names that are not kebab-case', () => {
    // Both fail before anything is bundled, so this app never writes an assembly.
    const stack = new Stack(new App(), 'names');
    expect(() => new KimFunction(stack, 'Missing', { name: 'does-not-exist' })).toThrow(/functions\/does-not-exist\/handler\.ts/);
    expect(() => new KimFunction(stack, 'Bad', { name: 'Intake_Form', entry: FIXTURE_HANDLER })).toThrow(/kebab-case/);
  });
});
