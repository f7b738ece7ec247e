import { defineConfig } from 'vitest/config';

// One run, several projects: unit (pure, fast), integration (handlers and local endpoints against DynamoDB Local),
// workflow (ASL files in the local engine), infra (CDK synth, cdk-nag, cfn-lint), e2e (npm start as a process).
export default defineConfig({
  test: {
    projects: [
      // Property tests run hundreds of cases; on a loaded 2-core CI machine they need more than the default 5 s.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/workflow/**/*.test.ts'],
          globalSetup: ['tests/fixtures/dynamodb-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      { test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
