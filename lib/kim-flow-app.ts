import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { REGION, type Stage } from './config.ts';
import { DataStack } from './stacks/data-stack.ts';

export interface KimFlowProps {
  readonly stage: Stage;
  /** @default - CDK_DEFAULT_ACCOUNT, unresolved offline (synth needs no account) */
  readonly account?: string;
}

export interface KimFlow {
  readonly data: DataStack;
}

/** The stacks of one stage; shared by bin/kim-flow.ts and the infra tests so both build the very same app. */
export function buildKimFlow(app: App, props: KimFlowProps): KimFlow {
  const env = { account: props.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: REGION };
  const prefix = `kim-flow-${props.stage}`;
  Tags.of(app).add('project', 'kim-flow');
  Tags.of(app).add('stage', props.stage);

  const data = new DataStack(app, `${prefix}-data`, {
    env,
    stage: props.stage,
    description: `KIM Flow (${props.stage}): DynamoDB table and its KMS key`,
    terminationProtection: props.stage === 'prod',
  });
  return { data };
}

/**
 * The cdk-nag packs every synth runs (cdk-nag v3: CDK policy-validation plugins). Findings are acknowledged one by
 * one, next to the resource, with `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function addNagPacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
