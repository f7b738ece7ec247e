import { readFileSync } from 'node:fs';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionArnPlaceholder, STATE_MACHINE_TASKS } from '../../functions/task-functions.ts';
import { parseDeployConfig } from '../../lib/config.ts';
import { aslPath, aslPlaceholders } from '../../lib/constructs/task-state-machine.ts';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { MEETING_NOTIFICATIONS } from '../../lib/stacks/meetings-stack.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { actionsOf, distributionUrl, logicalIdOf, statementsOfRole, type TemplateStatement } from './template-helpers.ts';

const TASKS = STATE_MACHINE_TASKS[MEETING_NOTIFICATIONS];
const ASL_TEXT = readFileSync(aslPath(MEETING_NOTIFICATIONS), 'utf8');

describe('MeetingsStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.meetings): string => logicalIdOf(construct, stack);
  const taskFunction = (name: string): { function: IConstruct; role: IConstruct } => {
    const fn = flow.meetings.taskFunctions.get(name as (typeof TASKS)[number]);
    if (fn === undefined) throw new Error(`no task function ${name}`);
    return fn;
  };
  const statementsOf = (role: IConstruct): TemplateStatement[] => statementsOfRole(template, logicalId(role));
  const secretRef = (): unknown => ({ Ref: logicalId(flow.meetings.linkSecret) });
  const keyImport = (): unknown => ({ 'Fn::ImportValue': expect.stringMatching(/^kim-flow-dev-data:.*TableKey.*Arn/) as unknown });
  const keyImportMatch = (): unknown => ({ 'Fn::ImportValue': Match.stringLikeRegexp('^kim-flow-dev-data:.*TableKey.*Arn') });

  beforeAll(() => {
    testApp = newTestApp();
    flow = buildKimFlow(testApp.app, { stage: 'dev' });
    template = Template.fromStack(flow.meetings);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('is the stack kim-flow-dev-meetings in eu-central-1, between data (and site, the app\'s address) and workflow', () => {
    expect(flow.meetings.stackName).toBe('kim-flow-dev-meetings');
    expect(flow.meetings.region).toBe('eu-central-1');
    expect(new Set(flow.meetings.dependencies)).toEqual(new Set([flow.data, flow.site]));
    expect(flow.workflow.dependencies).toContain(flow.meetings);
    expect(flow.api.dependencies).toContain(flow.meetings);
  });

  it('starts the state machine every 15 minutes on time, with input {}, through a role that may do exactly that', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'kim-flow-dev-meeting-notifications',
      ScheduleExpression: 'rate(15 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { Ref: logicalId(flow.meetings.stateMachine) },
        RoleArn: { 'Fn::GetAtt': [logicalId(flow.meetings.scheduleRole), 'Arn'] },
        Input: '{}',
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': Match.anyValue() } },
          },
        ],
      },
    });
    // The role's whole permission: start this state machine, and deliver failed starts to the dead-letter queue.
    expect(statementsOf(flow.meetings.scheduleRole)).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: logicalId(flow.meetings.stateMachine) } },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(flow.meetings.scheduleDeadLetterQueue), 'Arn'] } },
    ]);
    const role = template.toJSON() as { Resources: Record<string, { Properties: { Policies?: unknown; ManagedPolicyArns?: unknown } }> };
    const roleProperties = role.Resources[logicalId(flow.meetings.scheduleRole)]?.Properties;
    expect(roleProperties?.Policies).toBeUndefined();
    expect(roleProperties?.ManagedPolicyArns).toBeUndefined();
  });

  it('retries failed starts for at most one interval, then puts them in an encrypted, TLS-only dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(flow.meetings.scheduleDeadLetterQueue), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 900, MaximumRetryAttempts: 5 },
      },
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('runs a Standard state machine, logging ALL without execution data to its own log group, traced, encrypted with the table key', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'kim-flow-dev-meeting-notifications',
      StateMachineType: 'STANDARD',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalId(flow.meetings.logGroup), 'Arn'] } } }],
      },
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: keyImportMatch() },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/vendedlogs/states/kim-flow-dev-meeting-notifications', RetentionInDays: 365, KmsKeyId: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }) },
      DeletionPolicy: 'Retain',
    });
  });

  it('inlines the ASL file as it is and substitutes every placeholder with its task function', () => {
    const stateMachine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as {
      Properties: { DefinitionString: string; DefinitionSubstitutions: Record<string, unknown> };
    };
    expect(stateMachine.Properties.DefinitionString).toBe(ASL_TEXT);
    const substitutions = stateMachine.Properties.DefinitionSubstitutions;
    expect(Object.keys(substitutions).sort()).toEqual(aslPlaceholders(ASL_TEXT).sort());
    expect(Object.keys(substitutions).sort()).toEqual(TASKS.map(functionArnPlaceholder).sort());
    for (const name of TASKS) {
      expect(substitutions[functionArnPlaceholder(name)], name).toEqual({ 'Fn::GetAtt': [logicalId(taskFunction(name).function), 'Arn'] });
    }
  });

  it('lets the state machine invoke exactly its task functions, nothing else but logs, X-Ray and its key', () => {
    const statements = statementsOf(flow.meetings.stateMachine.role);
    const invoke = statements.filter((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
    expect(invoke).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: TASKS.map((name) => ({ 'Fn::GetAtt': [logicalId(taskFunction(name).function), 'Arn'] })) },
    ]);
    const allowed = /^(lambda:InvokeFunction|kms:(Decrypt|GenerateDataKey)|logs:\w+LogDelivery|logs:ListLogDeliveries|logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)|xray:\w+)$/;
    expect(actionsOf(statements).filter((action) => !allowed.test(action))).toEqual([]);
  });

  it('has one function per task with the settings the handlers read, the reconciler\'s link-signing secret among them', () => {
    const dev = parseDeployConfig({ stage: 'dev' });
    template.resourceCountIs('AWS::Lambda::Function', TASKS.length);
    for (const name of TASKS) {
      const fn = template.toJSON() as { Resources: Record<string, unknown> };
      expect(fn.Resources[logicalId(taskFunction(name).function)], name).toMatchObject({
        Properties: {
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Environment: {
            Variables: {
              TABLE_NAME: expect.anything() as unknown,
              MAIL_FROM: dev.mailFrom,
              APP_URL: distributionUrl(),
              SES_CONFIGURATION_SET: { Ref: logicalId(flow.meetings.configurationSet) },
              // Only the reconciler signs RSVP links.
              ...(name === 'reconcile-meeting' ? { LINK_SECRET_ARN: secretRef() } : {}),
            },
          },
        },
      });
      expect(JSON.stringify(fn.Resources[logicalId(taskFunction(name).function)])).not.toContain('INTAKE_STATE_MACHINE_ARN');
    }
  });

  it('lets the reconciler (its mails carry RSVP links) read exactly the link-signing secret (GetSecretValue only) and decrypt it only through Secrets Manager, the planner not', () => {
    const planner = statementsOf(taskFunction('plan-meeting-notifications').role);
    expect(actionsOf(planner).filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    for (const name of ['reconcile-meeting'] as const) {
      const statements = statementsOf(taskFunction(name).role);
      const secretStatements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
      expect(secretStatements, name).toEqual([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: secretRef() }]);
      expect(statements, name).toContainEqual({
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: keyImport(),
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
      });
    }
  });

  it('lets reconcile-meeting send mail through this stage\'s configuration set, plan-meeting-notifications not; both query and put', () => {
    const reconcile = actionsOf(statementsOf(taskFunction('reconcile-meeting').role));
    const plan = actionsOf(statementsOf(taskFunction('plan-meeting-notifications').role));
    expect(reconcile).toEqual(expect.arrayContaining(['ses:SendEmail', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query']));
    expect(reconcile).not.toContain('ses:SendRawEmail');
    expect(plan).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    expect(plan.filter((a) => a.startsWith('ses:'))).toEqual([]);
    const sendMail = statementsOf(taskFunction('reconcile-meeting').role).find((s) => actionsOf([s]).includes('ses:SendEmail'));
    expect(JSON.stringify(sendMail?.Resource)).toContain(`":configuration-set/",{"Ref":"${logicalId(flow.meetings.configurationSet)}"}`);
    for (const name of TASKS) expect(actionsOf(statementsOf(taskFunction(name).role)).filter((a) => a.startsWith('states:')), name).toEqual([]);
  });

  it('has the link-signing secret: 64 random letters and digits, under the table key, kept on delete', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: 'kim-flow-dev-link-signing',
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
        KmsKeyId: keyImportMatch(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  it('has the SES configuration set every mail goes through: suppression list, reputation metrics, TLS required', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'kim-flow-dev',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('has the sender domain as an SES identity with 2048-bit Easy DKIM in that set, and its three DNS records as outputs', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'kreis-dueren.example',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(flow.meetings.configurationSet) } },
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
    });
    const outputs = Object.keys(template.findOutputs('*')).filter((name) => name.startsWith('SenderDomainDkimRecord'));
    expect(outputs.sort()).toEqual(['SenderDomainDkimRecord1', 'SenderDomainDkimRecord2', 'SenderDomainDkimRecord3']);
  });
});
