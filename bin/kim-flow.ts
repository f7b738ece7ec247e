/** CDK app entry (cdk.json): reads the deploy config from the context, registers cdk-nag, builds the stacks. */
import { App } from 'aws-cdk-lib';
import { ConfigError, deployConfigFromContext } from '../lib/config.ts';
import { addNagPacks, buildKimFlow } from '../lib/kim-flow-app.ts';

const app = new App();
try {
  const config = deployConfigFromContext((key) => app.node.tryGetContext(key));
  addNagPacks(app);
  buildKimFlow(app, config);
  app.synth();
} catch (error) {
  // A configuration mistake is one sentence for the person at the terminal, not a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
