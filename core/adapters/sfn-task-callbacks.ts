/** TaskCallbacks on Step Functions' SendTaskSuccess (the local endpoint speaks the same protocol). */
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';

// The token no longer belongs to a waiting task; callers treat that as "nothing to wake", not as a failure.
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly sfn: SFNClient) {}

  async succeed(taskToken: string, output: unknown): Promise<'delivered' | 'gone' | 'failed'> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'delivered';
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) return 'gone';
      // The answer is saved already; failing the request now would only make the person send it again (409).
      console.error(JSON.stringify({ level: 'warn', message: 'SendTaskSuccess failed; the workflow picks the answer up at its next timer', errorName: error instanceof Error ? error.name : typeof error }));
      return 'failed';
    }
  }
}
