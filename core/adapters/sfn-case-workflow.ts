/** Starts a case's workflow through @aws-sdk/client-sfn (Step Functions in AWS, the local endpoint here). */
import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionName } from '../cases/case.ts';
import type { CaseWorkflow } from '../cases/ports.ts';

export class SfnCaseWorkflow implements CaseWorkflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(caseId: string, generation: number): Promise<void> {
    try {
      // Input is the case id only: no personal data in execution history (ARCHITECTURE.md).
      await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName(caseId, generation), input: JSON.stringify({ caseId }) }),
      );
    } catch (error) {
      // That execution ran already (and ended): nothing new must start, and the case drives itself from its stage.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}
