import { readFileSync } from 'node:fs';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionArnPlaceholder, STATE_MACHINE_TASKS } from '../../functions/task-functions.ts';
import { parseDeployConfig } from '../../lib/config.ts';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { aslPath, aslPlaceholders } from '../../lib/constructs/task-state-machine.ts';
import { INTAKE_TO_REFERRAL } from '../../lib/stacks/workflow-stack.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { actionsOf, distributionUrl, logicalIdOf, statementsOfRole as statementsOf, type TemplateStatement } from './template-helpers.ts';

const TASKS = STATE_MACHINE_TASKS[INTAKE_TO_REFERRAL];
const ASL_TEXT = readFileSync(aslPath(INTAKE_TO_REFERRAL), 'utf8');

describe('WorkflowStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.workflow): string => logicalIdOf(construct, stack);
  /** The stage's SES configuration set lives in the meetings stack; the workflow imports its name. */
  const configurationSetExport = (): string => `kim-flow-dev-meetings:ExportsOutputRef${logicalId(flow.meetings.configurationSet, flow.meetings)}`;
  const functionOf = (name: string): IConstruct => {
    const fn = flow.workflow.taskFunctions.get(name as (typeof TASKS)[number]);
    if (fn === undefined) throw new Error(`no task function ${name}`);
    return fn.function;
  };
  const roleOf = (name: string): IConstruct => {
    const fn = flow.workflow.taskFunctions.get(name as (typeof TASKS)[number]);
    if (fn === undefined) throw new Error(`no task function ${name}`);
    return fn.role;
  };
  const statementsOfRole = (roleId: string): TemplateStatement[] => statementsOf(template, roleId);

  beforeAll(() => {
    testApp = newTestApp();
    flow = buildKimFlow(testApp.app, { stage: 'dev' });
    template = Template.fromStack(flow.workflow);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('is the stack kim-flow-dev-workflow in eu-central-1', () => {
    expect(flow.workflow.stackName).toBe('kim-flow-dev-workflow');
    expect(flow.workflow.region).toBe('eu-central-1');
  });

  it('runs a Standard state machine, logging ALL without execution data to its own log group, traced, encrypted with the table key', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'kim-flow-dev-intake-to-referral',
      StateMachineType: 'STANDARD',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalId(flow.workflow.logGroup), 'Arn'] } } }],
      },
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('TableKey') }) },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/vendedlogs/states/kim-flow-dev-intake-to-referral', RetentionInDays: 365, KmsKeyId: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) },
      DeletionPolicy: 'Retain',
    });
  });

  it('inlines the ASL file as it is and substitutes every placeholder: the table and one function per task', () => {
    const stateMachine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as {
      Properties: { DefinitionString: string; DefinitionSubstitutions: Record<string, unknown> };
    };
    expect(stateMachine.Properties.DefinitionString).toBe(ASL_TEXT);
    const substitutions = stateMachine.Properties.DefinitionSubstitutions;
    expect(Object.keys(substitutions).sort()).toEqual(aslPlaceholders(ASL_TEXT).sort());
    expect(substitutions.TableName).toEqual({ 'Fn::ImportValue': expect.stringMatching(/RefTable/) as unknown });
    for (const name of TASKS) {
      expect(substitutions[functionArnPlaceholder(name)], name).toEqual({ 'Fn::GetAtt': [logicalId(functionOf(name)), 'Arn'] });
    }
  });

  it('has one function per task, nodejs22.x on arm64, with the mail and app settings the handlers read', () => {
    const dev = parseDeployConfig({ stage: 'dev' });
    template.resourceCountIs('AWS::Lambda::Function', TASKS.length);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn).toMatchObject({
        Properties: {
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Environment: {
            Variables: {
              TABLE_NAME: expect.anything() as unknown,
              MAIL_FROM: dev.mailFrom,
              APP_URL: distributionUrl(),
              SES_CONFIGURATION_SET: { 'Fn::ImportValue': expect.stringMatching(`^${configurationSetExport()}`) as unknown },
            },
          },
        },
      });
      // Task functions never start workflows.
      expect(JSON.stringify(fn)).not.toContain('INTAKE_STATE_MACHINE_ARN');
    }
  });

  it('lets the state machine invoke exactly its task functions and read the case directly, nothing else but logs, X-Ray and its key', () => {
    const statements = statementsOfRole(logicalId(flow.workflow.stateMachine.role));
    const invoke = statements.filter((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Action).toBe('lambda:InvokeFunction');
    expect(invoke[0]?.Resource).toEqual(
      expect.arrayContaining(TASKS.map((name) => ({ 'Fn::GetAtt': [logicalId(functionOf(name)), 'Arn'] }))),
    );
    expect(invoke[0]?.Resource).toHaveLength(TASKS.length);
    expect(statements).toContainEqual({ Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: { 'Fn::ImportValue': expect.stringMatching(/Table.*Arn/) as unknown } });
    expect(statements).toContainEqual({
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-central-1.amazonaws.com' } },
      Effect: 'Allow',
      Resource: { 'Fn::ImportValue': expect.stringMatching(/TableKey.*Arn/) as unknown },
    });
    const allowed = /^(lambda:InvokeFunction|dynamodb:GetItem|kms:(Decrypt|GenerateDataKey)|logs:\w+LogDelivery|logs:ListLogDeliveries|logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|xray:\w+)$/;
    expect(actionsOf(statements).filter((action) => !allowed.test(action))).toEqual([]);
  });

  it('grants mail (SES, this stage\'s configuration set from the meetings stack) to the functions that send mail, and to no other', () => {
    const senders = ['triage-case', 'assign-case-manager', 'notify-case-manager', 'assessment-timer', 'send-referral', 'outcome-timer', 'monitoring-timer', 'park-case', 'tell-services-erased'];
    for (const name of TASKS) {
      const actions = actionsOf(statementsOfRole(logicalId(roleOf(name))));
      // SES v2 SendEmail (raw MIME too) is authorized as ses:SendEmail; SendRawEmail is the v1 API's action.
      expect(actions.filter((a) => a.startsWith('ses:')), name).toEqual(senders.includes(name) ? ['ses:SendEmail'] : []);
    }
    const sendMail = statementsOfRole(logicalId(roleOf('send-referral'))).find((s) => actionsOf([s]).includes('ses:SendEmail'));
    expect(JSON.stringify(sendMail?.Resource)).toContain(':identity/*');
    expect(JSON.stringify(sendMail?.Resource)).toContain(`":configuration-set/",{"Fn::ImportValue":"${configurationSetExport()}`);
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
  });

  it('lets exactly the callback tasks answer their own wait (SendTaskSuccess, which IAM knows only on "*")', () => {
    for (const name of TASKS) {
      const statements = statementsOfRole(logicalId(roleOf(name))).filter((s) => actionsOf([s]).some((a) => a.startsWith('states:')));
      if (['await-assessment', 'await-outcome', 'await-closure'].includes(name)) {
        expect(statements, name).toEqual([{ Action: 'states:SendTaskSuccess', Effect: 'Allow', Resource: '*' }]);
      } else {
        expect(statements, name).toEqual([]);
      }
    }
  });

  it('gives the link-signing secret (LINK_SECRET_ARN, GetSecretValue on exactly it) to send-referral and outcome-timer only: the answer link in the referral mail and its reminder', () => {
    const secretImport = { 'Fn::ImportValue': expect.stringMatching(/^kim-flow-dev-meetings:ExportsOutputRefLinkSigningSecret/) as unknown };
    const resources = template.toJSON() as { Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }> };
    for (const name of TASKS) {
      const variables = resources.Resources[logicalId(functionOf(name))]?.Properties.Environment.Variables;
      const secretStatements = statementsOfRole(logicalId(roleOf(name))).filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
      if (name === 'send-referral' || name === 'outcome-timer') {
        expect(variables?.LINK_SECRET_ARN, name).toEqual(secretImport);
        expect(secretStatements, name).toEqual([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: secretImport }]);
      } else {
        expect(variables?.LINK_SECRET_ARN, name).toBeUndefined();
        expect(secretStatements, name).toEqual([]);
      }
    }
  });

  it('gives list-open-referrals read access only; the other tasks read and write', () => {
    expect(actionsOf(statementsOfRole(logicalId(roleOf('list-open-referrals'))))).not.toContain('dynamodb:PutItem');
    expect(actionsOf(statementsOfRole(logicalId(roleOf('await-outcome'))))).toContain('dynamodb:UpdateItem');
  });
});
