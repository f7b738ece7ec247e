import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeployConfig, REGION, type Stage } from './config.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { WorkflowStack } from './stacks/workflow-stack.ts';

export interface KimFlowProps {
  readonly stage: Stage;
  /** @default - CDK_DEFAULT_ACCOUNT, unresolved offline (synth needs no account) */
  readonly account?: string;
  /** @default - the stage's default (lib/config.ts STAGE_DEFAULTS) */
  readonly mailFrom?: string;
  /** @default - the stage's default (lib/config.ts STAGE_DEFAULTS) */
  readonly appUrl?: string;
}

export interface KimFlow {
  readonly data: DataStack;
  readonly workflow: WorkflowStack;
  readonly api: ApiStack;
}

/** The stacks of one stage; shared by bin/kim-flow.ts and the infra tests so both build the very same app. */
export function buildKimFlow(app: App, props: KimFlowProps): KimFlow {
  const config = parseDeployConfig({ stage: props.stage, mailFrom: props.mailFrom, appUrl: props.appUrl });
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
  const workflow = new WorkflowStack(app, `${prefix}-workflow`, {
    env,
    config,
    table: data.table,
    tableKey: data.tableKey,
    description: `KIM Flow (${stage}): intake-to-referral state machine, its task functions and the SES configuration set`,
    terminationProtection,
  });
  const api = new ApiStack(app, `${prefix}-api`, {
    env,
    config,
    table: data.table,
    stateMachine: workflow.stateMachine,
    description: `KIM Flow (${stage}): Cognito user pool and the HTTP API with its functions`,
    terminationProtection,
  });
  return { data, workflow, api };
}

/**
 * The cdk-nag packs every synth runs (cdk-nag v3: CDK policy-validation plugins). Findings are acknowledged one by
 * one, next to the resource, with `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function addNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
