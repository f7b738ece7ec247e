import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { DISTRICT_PROFILE_CONTEXT, parseDeployConfig, REGION, type RawDeployConfig } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { MeetingsStack } from './stacks/meetings-stack.ts';
import { MonitoringStack } from './stacks/monitoring-stack.ts';
import { SiteStack } from './stacks/site-stack.ts';
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
  readonly site: SiteStack;
  readonly meetings: MeetingsStack;
  readonly workflow: WorkflowStack;
  readonly sweeper: SweeperStack;
  readonly api: ApiStack;
  readonly web: WebStack;
  readonly monitoring: MonitoringStack;
}

/** The stacks of one stage; shared by bin/kim-flow.ts and the infra tests so both build the very same app. */
export function buildKimFlow(app: App, props: KimFlowProps): KimFlow {
  const settings = parseDeployConfig(props);
  // Every function and the pages bundle this profile instead of the one in the code (KimFunction, web-build.ts).
  if (settings.profileJson !== undefined) app.node.setContext(DISTRICT_PROFILE_CONTEXT, settings.profileJson);
  const { stage } = settings;
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
  // data → site → meetings → workflow → sweeper → api → web: every reference points back to a stack deployed before,
  // so one `cdk deploy --all` is a working system. The site stack (HTTP API without routes, buckets, distribution) comes
  // first because everything needs its address: APP_URL in the functions, the web client's callback URLs; the
  // Content-Security-Policy names Cognito's sign-in by its fixed domain (lib/sign-in-domain.ts), not by a reference to
  // the api stack. The meetings stack holds the SES configuration set the workflow's mails go through too, and the
  // link-signing secret the API's link functions and send-referral read. The web stack copies the pages and
  // config.json (the api stack's web client) into the site's bucket.
  const site = new SiteStack(app, `${prefix}-site`, {
    env,
    config: settings,
    description: `KIM Flow (${stage}): the HTTP API (its stage; routes in the api stack), the pages' bucket and the CloudFront distribution (pages, /api/* and /oparl/* to the HTTP API)`,
    terminationProtection,
  });
  // Where people open KIM Flow: the custom domain, or the distribution's address (a reference into the site stack).
  const config = { ...settings, appUrl: site.appUrl };
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
    httpApi: { httpApiId: site.api.apiId },
    description: `KIM Flow (${stage}): Cognito user pool, the HTTP API's routes, authorizer and functions`,
    terminationProtection,
  });
  // The pages into the site's bucket; the sign-in is the api stack's Cognito domain and client.
  const web = new WebStack(app, `${prefix}-web`, {
    env,
    config,
    bucketArn: site.bucketArnExport,
    distribution: site.distribution,
    signInUrl: api.signInDomain.baseUrl(),
    userPoolClientId: api.userPoolClient.userPoolClientId,
    description: `KIM Flow (${stage}): the web pages and their config.json (sign-in), copied into the site's bucket`,
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
    httpApi: site.api,
    configurationSetName: meetings.configurationSet.configurationSetName,
    description: `KIM Flow (${stage}): alarms (to the alarm mailbox) and the dashboard`,
    terminationProtection,
  });
  return { data, site, meetings, workflow, sweeper, api, web, monitoring };
}

/**
 * The cdk-nag packs every synth runs, AwsSolutions and Serverless (cdk-nag v3: CDK policy-validation plugins).
 * Findings are acknowledged one by one, next to the resource, with `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function addNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
}
