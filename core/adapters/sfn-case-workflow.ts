/** Starts a case's workflow through @aws-sdk/client-sfn (Step Functions in AWS, the local endpoint here). */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { executionName } from '../cases/case.ts';
import type { CaseWorkflow, ExecutionState } from '../cases/ports.ts';
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

  private executionArn(caseId: string, generation: number): string {
    // arn:aws:states:<region>:<account>:stateMachine:<name> → …:execution:<name>:<execution name>
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(caseId, generation)}`;
  }

  async execution(caseId: string, generation: number): Promise<ExecutionState | undefined> {
    const [{ DescribeExecutionCommand, ExecutionDoesNotExist }, sfn] = await Promise.all([sfnSdk(), this.sfn()]);
    try {
      // Status and start only: with METADATA_ONLY, Step Functions needs no access to the key that encrypts the execution's data.
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: this.executionArn(caseId, generation), includedData: 'METADATA_ONLY' }));
      return { running: described.status === 'RUNNING', startedAt: described.startDate ?? new Date(0) };
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return undefined;
      throw error;
    }
  }

  async running(): Promise<ReadonlyMap<string, Date>> {
    const [{ paginateListExecutions }, sfn] = await Promise.all([sfnSdk(), this.sfn()]);
    const running = new Map<string, Date>();
    for await (const page of paginateListExecutions({ client: sfn, pageSize: 1000 }, { stateMachineArn: this.stateMachineArn, statusFilter: 'RUNNING' })) {
      for (const execution of page.executions ?? []) if (execution.name !== undefined) running.set(execution.name, execution.startDate ?? new Date(0));
    }
    return running;
  }

  async stop(caseId: string, generation: number): Promise<void> {
    const [{ ExecutionDoesNotExist, StopExecutionCommand }, sfn] = await Promise.all([sfnSdk(), this.sfn()]);
    try {
      // Error and cause are words about the execution, never case data (they show in the execution history).
      await sfn.send(new StopExecutionCommand({ executionArn: this.executionArn(caseId, generation), error: 'KimNewGeneration', cause: 'The case continues in a newer execution generation.' }));
    } catch (error) {
      // Gone already (e.g. lost with a restart of the local engine): nothing left to stop.
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }
}
