/**
 * The Step Functions parts: starting a case's workflow (the intake API) and answering a waiting task (the case-work
 * API, and a waiting step whose answer came first). One SFN client per process, built on first use; its SDK package
 * is loaded then, by import(), unless the function loads it at init (preload-step-functions.ts).
 */
import { logger } from '../logger.ts';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { clientConfig } from '../../../core/adapters/client-config.ts';
import { SfnCaseWorkflow } from '../../../core/adapters/sfn-case-workflow.ts';
import { SfnTaskCallbacks } from '../../../core/adapters/sfn-task-callbacks.ts';
import { dependencyPart, MissingConfiguration, type LambdaEnvironment } from './process.ts';

let client: Promise<SFNClient> | undefined;

function sfnClient(env: LambdaEnvironment): () => Promise<SFNClient> {
  return () => (client ??= import('@aws-sdk/client-sfn').then(({ SFNClient: Client }) => new Client(clientConfig({ region: env.region }))));
}

export const caseWorkflowDependencies = dependencyPart<'workflow'>((env) => {
  const arn = env.intakeStateMachineArn;
  if (arn === undefined) throw new MissingConfiguration('INTAKE_STATE_MACHINE_ARN ist für diese Funktion nicht gesetzt.');
  return { workflow: new SfnCaseWorkflow(sfnClient(env), arn) };
});

export const taskCallbackDependencies = dependencyPart<'callbacks'>((env) => ({
  callbacks: new SfnTaskCallbacks(sfnClient(env), (message, facts) => {
    logger.warn(message, facts);
  }),
}));
