/** Starts a case's workflow through @aws-sdk/client-sfn (Step Functions in AWS, the local endpoint here). */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { executionName } from '../cases/case.ts';
import type { CaseWorkflow } from '../cases/ports.ts';
import { onFirstUse, type ClientSource } from './client-config.ts';

// The SDK package by import(): loaded on first use unless the function loaded it at init (preload-step-functions.ts).
let sdk: Promise<typeof import('@aws-sdk/client-sfn')> | undefined;
const sfnSdk = (): Promise<typeof import('@aws-sdk/client-sfn')> => (sdk ??= import('@aws-sdk/client-sfn'));

export class SfnCaseWorkflow implements CaseWorkflow {
  private readonly sfn: () => Promise<SFNClient>;

  constructor(
    sfn: ClientSource<SFNClient>,
    private readonly stateMachineArn: string,
  ) {
    this.sfn = onFirstUse(sfn);
  }

  async start(caseId: string, generation: number): Promise<void> {
    const [{ ExecutionAlreadyExists, StartExecutionCommand }, sfn] = await Promise.all([sfnSdk(), this.sfn()]);
    try {
      // Input is the case id only: no personal data in execution history (ARCHITECTURE.md).
      await sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName(caseId, generation), input: JSON.stringify({ caseId }) }));
    } catch (error) {
      // That execution ran already (and ended): nothing new must start, and the case drives itself from its stage.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}
