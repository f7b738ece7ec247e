import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { DISTRICT_PROFILE_CONTEXT, parseDeployConfig, REGION, type RawDeployConfig } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { MeetingsStack } from './stacks/meetings-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';
import { SweeperStack } from './stacks/sweeper-stack.ts';
import { WebStack } from './stacks/web-stack.ts';
import { WorkflowStack } from './stacks/workflow-stack.ts';

/** The raw deploy config (CDK context values, checked by parseDeployConfig) and the account. */
export interface KimFlowProps extends RawDeployConfig {
  /** @default - CDK_DEFAULT_ACCOUNT, unresolved offline (synth needs no account) */
  readonly account?: string;
}

export interface KimFlow {
  readonly data: DataStack;
  readonly meetings: MeetingsStack;
  readonly workflow: WorkflowStack;
  readonly sweeper: SweeperStack;
  readonly api: ApiStack;
  readonly web: WebStack;
  readonly monitoring: MonitoringStack;
}

/** The stacks of one stage; shared by bin/kim-flow.ts and the infra tests so both build the very same app. */
export function buildKimFlow(app: App, props: KimFlowProps): KimFlow {
  const config = parseDeployConfig(props);
  // Every function and the pages bundle this profile instead of the one in the code (KimFunction, web-build.ts).
  if (config.profileJson !== undefined) app.node.setContext(DISTRICT_PROFILE_CONTEXT, config.profileJson);
  const { stage } = config;
  const env = { account: props.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: REGION };
  const prefix = `kim-flow-${stage}`;
  const terminationProtection = stage === 'prod';
  Tags.of(app).add('project', 'kim-flow');
  Tags.of(app).add('stage', stage);

  const data = new DataStack(app, `${prefix}-data`, {
    env,
    stage,
    description: `KIM Flow (${stage}): DynamoDB table and its KMS key`,
    terminationProtection,
  });
  // data → meetings → workflow → api → web: the meetings stack holds the SES configuration set the workflow's mails go
  // through too, and the link-signing secret the API's link functions and send-referral read.
  const meetings = new MeetingsStack(app, `${prefix}-meetings`, {
    env,
    config,
    table: data.table,
    tableKey: data.tableKey,
    description: `KIM Flow (${stage}): SES configuration set, link-signing secret, meeting-notifications state machine, its task functions and its 15-minute schedule`,
    terminationProtection,
  });
  const workflow = new WorkflowStack(app, `${prefix}-workflow`, {
    env,
    config,
    table: data.table,
    tableKey: data.tableKey,
    configurationSet: meetings.configurationSet,
    linkSecret: meetings.linkSecret,
    description: `KIM Flow (${stage}): intake-to-referral state machine and its task functions`,
    terminationProtection,
  });
  const sweeper = new SweeperStack(app, `${prefix}-sweeper`, {
    env,
    config,
    table: data.table,
    tableKey: data.tableKey,
    configurationSet: meetings.configurationSet,
    intakeStateMachine: workflow.stateMachine,
    description: `KIM Flow (${stage}): the daily case sweeper (restarts open cases whose execution ended, renews old executions) and its schedule`,
    terminationProtection,
  });
  const api = new ApiStack(app, `${prefix}-api`, {
    env,
    config,
    table: data.table,
    stateMachine: workflow.stateMachine,
    linkSecret: meetings.linkSecret,
    configurationSet: meetings.configurationSet,
    description: `KIM Flow (${stage}): Cognito user pool and the HTTP API with its functions`,
    terminationProtection,
  });
  // The pages and /api/* under one CloudFront distribution; the sign-in is the api stack's Cognito domain and client.
  const web = new WebStack(app, `${prefix}-web`, {
    env,
    config,
    apiDomainName: api.apiDomainName,
    signInUrl: api.signInDomain.baseUrl(),
    userPoolClientId: api.userPoolClient.userPoolClientId,
    description: `KIM Flow (${stage}): the web pages (S3, CloudFront) with /api/* to the HTTP API`,
    terminationProtection,
  });
  // Last: it watches what all the others built.
  const monitoring = new MonitoringStack(app, `${prefix}-monitoring`, {
    env,
    stage,
    alarmEmail: config.alarmEmail,
    stateMachines: { IntakeToReferral: workflow.stateMachine, MeetingNotifications: meetings.stateMachine, CaseSweeper: sweeper.stateMachine },
    functions: [...workflow.taskFunctions.values(), ...meetings.taskFunctions.values(), ...sweeper.taskFunctions.values(), ...api.functions.values()],
    deadLetterQueues: { MeetingSchedule: meetings.scheduleDeadLetterQueue, SweepSchedule: sweeper.scheduleDeadLetterQueue },
    httpApi: api.api,
    configurationSetName: meetings.configurationSet.configurationSetName,
    description: `KIM Flow (${stage}): alarms (to the alarm mailbox) and the dashboard`,
    terminationProtection,
  });
  return { data, meetings, workflow, sweeper, api, web, monitoring };
}

/**
 * The cdk-nag packs every synth runs, AwsSolutions and Serverless (cdk-nag v3: CDK policy-validation plugins).
 * Findings are acknowledged one by one, next to the resource, with `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function addNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
}
