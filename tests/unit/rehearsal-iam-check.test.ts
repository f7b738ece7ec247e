/**
 * The rehearsal's IAM check on a small two-stack assembly written here: references across stacks resolve to the
 * fake account's ARNs, a call the role allows passes, the same call after one action is removed from a copy of the
 * template is denied (naming principal, action and resource), and granted actions no call used are listed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCloudAssembly, TemplateResolver, type Json } from '../../local/rehearsal/cloud-assembly.ts';
import { checkCalls, type RecordedCall } from '../../local/rehearsal/iam-check.ts';
import { platformCalls, platformGrants } from '../../local/rehearsal/platform-calls.ts';
import { GRANTED_UNUSED_METADATA } from '../../lib/constructs/table-access.ts';
import { listPrincipals, resourcePolicies, tableKeys } from '../../local/rehearsal/principals.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const dataTemplate = {
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }, Action: 'kms:*', Resource: '*' }] } } },
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'kim-test', SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } } },
  },
  Outputs: {
    TableName: { Value: { Ref: 'Table' }, Export: { Name: 'data:TableName' } },
    TableArn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] }, Export: { Name: 'data:TableArn' } },
    KeyArn: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] }, Export: { Name: 'data:KeyArn' } },
  },
};

const apiTemplate = {
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'runtime', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] } }] } }] } },
    Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'Role' }],
        PolicyName: 'data',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'], Resource: { 'Fn::ImportValue': 'data:TableArn' } },
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::ImportValue': 'data:KeyArn' } },
          ],
        },
      },
    },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:cdk:path': 'kim-flow-dev-api/CreateIntake/Function/Resource', 'aws:asset:path': 'asset.abc' },
      Properties: {
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Handler: 'index.handler',
        Timeout: 10,
        LoggingConfig: { LogGroup: { Ref: 'Logs' } },
        Environment: { Variables: { TABLE_NAME: { 'Fn::ImportValue': 'data:TableName' }, SELF: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:x' } } },
      },
    },
  },
};

function writeAssembly(api: Json): string {
  const dir = mkdtempSync(join(tmpdir(), 'kim-rehearsal-'));
  dirs.push(dir);
  const stack = (name: string, file: string): Json => ({ type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-central-1', properties: { templateFile: file } });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: { data: stack('data', 'data.template.json'), api: stack('api', 'api.template.json') } }));
  writeFileSync(join(dir, 'data.template.json'), JSON.stringify(dataTemplate));
  writeFileSync(join(dir, 'api.template.json'), JSON.stringify(api));
  return dir;
}

async function check(api: Json, recorded: (tableArn: string) => RecordedCall[]) {
  const assembly = readCloudAssembly(writeAssembly(api));
  const resolver = new TemplateResolver(assembly);
  const principals = listPrincipals(assembly, resolver);
  const tableArn = resolver.arn(resolver.stack('data'), 'Table');
  const calls = recorded(tableArn);
  const implied = platformCalls(principals, calls, { invoked: new Set(principals.map((p) => p.id)), tableKeys: tableKeys(assembly, resolver), region: 'eu-central-1' });
  const reports = await checkCalls({ principals, calls: [...calls, ...implied], resourcePolicies: resourcePolicies(assembly, resolver), explained: platformGrants(principals) });
  return { principals, tableArn, reports };
}

const putAndGet = (tableArn: string): RecordedCall[] => [
  { principal: 'api/CreateIntake', action: 'dynamodb:PutItem', resource: tableArn },
  { principal: 'api/CreateIntake', action: 'dynamodb:GetItem', resource: tableArn },
  { principal: 'api/CreateIntake', action: 'dynamodb:GetItem', resource: tableArn },
];

describe('rehearsal IAM check', () => {
  it('resolves the function, its environment across stacks and its policies in the fake account', async () => {
    const { principals, tableArn } = await check(apiTemplate, putAndGet);
    expect(tableArn).toBe('arn:aws:dynamodb:eu-central-1:123456789012:table/kim-test');
    const [fn] = principals;
    expect(fn?.kind).toBe('function');
    if (fn?.kind !== 'function') return;
    expect(fn.id).toBe('api/CreateIntake');
    expect(fn.environment).toEqual({ TABLE_NAME: 'kim-test', SELF: 'arn:aws:lambda:eu-central-1:123456789012:x' });
    expect(fn.assetDir.endsWith('asset.abc')).toBe(true);
    expect(fn.policies.map((p) => p.name)).toEqual(['Role/runtime', 'Policy']);
  });

  it('allows what the policies grant and lists the granted actions no call used', async () => {
    const { reports } = await check(apiTemplate, putAndGet);
    expect(reports).toEqual([
      {
        principal: 'api/CreateIntake',
        kind: 'function',
        // three recorded, two log writes and three table-key reads on DynamoDB's behalf
        calls: 8,
        distinctCalls: 5,
        denied: [],
        unusedWrites: ['dynamodb:deleteitem'],
        unusedOthers: ['dynamodb:query'],
        explained: [],
      },
    ]);
  });

  it("names a grant left unused with the reason in its role's metadata, instead of counting it", async () => {
    const copy = structuredClone(apiTemplate) as typeof apiTemplate & { Resources: { Role: { Metadata?: Json } } };
    copy.Resources.Role.Metadata = { [GRANTED_UNUSED_METADATA]: { 'dynamodb:DeleteItem': 'nur beim Verlassen einer Liste' } };
    const { principals, reports } = await check(copy, putAndGet);
    expect(principals[0]?.grantedUnused).toEqual(new Map([['dynamodb:deleteitem', 'nur beim Verlassen einer Liste']]));
    expect(reports[0]).toMatchObject({ unusedWrites: [], unusedOthers: ['dynamodb:query'], explained: [{ action: 'dynamodb:deleteitem', reason: 'nur beim Verlassen einer Liste' }] });
  });

  it('refuses a metadata entry without a reason', async () => {
    const copy = structuredClone(apiTemplate) as typeof apiTemplate & { Resources: { Role: { Metadata?: Json } } };
    copy.Resources.Role.Metadata = { [GRANTED_UNUSED_METADATA]: { 'dynamodb:DeleteItem': '' } };
    await expect(check(copy, putAndGet)).rejects.toThrow(/nennt für dynamodb:DeleteItem keinen Grund/);
  });

  it('denies a call once its action is removed from a copy of the template, naming function, action and resource', async () => {
    const copy = structuredClone(apiTemplate);
    copy.Resources.Policy.Properties.PolicyDocument.Statement[0] = { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:Query'], Resource: { 'Fn::ImportValue': 'data:TableArn' } };
    const { reports, tableArn } = await check(copy, putAndGet);
    expect(reports[0]?.denied).toEqual([{ principal: 'api/CreateIntake', action: 'dynamodb:PutItem', resource: tableArn, detail: 'ImplicitlyDenied' }]);
  });

  it('denies DynamoDB on an encrypted table when the role may not decrypt with its key', async () => {
    const copy = structuredClone(apiTemplate);
    copy.Resources.Policy.Properties.PolicyDocument.Statement.pop();
    const { reports } = await check(copy, putAndGet);
    expect(reports[0]?.denied.map((d) => `${d.action} ${d.resource.split(':')[2] ?? ''}`)).toEqual(['kms:Decrypt kms']);
  });
});
