/** CDK app entry (cdk.json): reads the deploy config from the context, registers cdk-nag and Control Tower's rules, builds the stacks. */
import { App } from 'aws-cdk-lib';
import { ConfigError, rawDeployConfigFromContext } from '../lib/config.ts';
import { addControlTowerRules } from '../lib/control-tower.ts';
import { addNagPacks, buildKimFlow } from '../lib/kim-flow-app.ts';

const app = new App();
try {
  addNagPacks(app);
  addControlTowerRules(app);
  buildKimFlow(app, rawDeployConfigFromContext((key) => app.node.tryGetContext(key)));
  app.synth();
} catch (error) {
  // A configuration mistake is one sentence for the person at the terminal, not a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
