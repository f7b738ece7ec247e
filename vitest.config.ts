import { defineConfig } from 'vitest/config';

// One run, several projects: unit (pure, fast), integration (handlers and local endpoints against DynamoDB Local),
// workflow (ASL files in the local engine), infra (CDK synth, cdk-nag, cfn-lint), e2e (npm start as a process).

// The handlers log one line per request and step (INFO) and publish metrics as EMF lines: in a test run of
// thousands of requests that would bury the report. Warnings and errors still show; the log canary test turns
// the level up itself, and metric tests enable metrics for their own module instance.
const quietHandlers = { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' };

export default defineConfig({
  test: {
    projects: [
      // Property tests run hundreds of cases; on a loaded 2-core CI machine they need more than the default 5 s.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000, env: quietHandlers } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/workflow/**/*.test.ts'],
          globalSetup: ['tests/fixtures/dynamodb-global-setup.ts'],
          env: quietHandlers,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      // A page's answer after a click (save, reload of the case) takes seconds on a loaded 2-core machine, not one.
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, expect: { poll: { timeout: 15_000 } } } },
    ],
  },
});
