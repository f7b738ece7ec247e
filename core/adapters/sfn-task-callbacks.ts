/** TaskCallbacks on Step Functions' SendTaskSuccess (the local endpoint speaks the same protocol). */
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';

// The token no longer belongs to a waiting task; callers treat that as "nothing to wake", not as a failure.
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly sfn: SFNClient) {}

  async succeed(taskToken: string, output: unknown): Promise<'delivered' | 'gone'> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'delivered';
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) return 'gone';
      throw error;
    }
  }
}
