/** TaskCallbacks on Step Functions' SendTaskSuccess (the local endpoint speaks the same protocol). */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';
import { onFirstUse, type ClientSource } from './client-config.ts';

// The SDK package by import(): the waiting steps answer a task only now and then, and load it only then.
let sdk: Promise<typeof import('@aws-sdk/client-sfn')> | undefined;
const sfnSdk = (): Promise<typeof import('@aws-sdk/client-sfn')> => (sdk ??= import('@aws-sdk/client-sfn'));

// The token no longer belongs to a waiting task; callers treat that as "nothing to wake", not as a failure.
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class SfnTaskCallbacks implements TaskCallbacks {
  private readonly sfn: () => Promise<SFNClient>;

  constructor(
    sfn: ClientSource<SFNClient>,
    /** Where a lost answer is reported: the handlers' Logger (functions/_shared/logger.ts). */
    private readonly warn: (message: string, facts: Record<string, unknown>) => void,
  ) {
    this.sfn = onFirstUse(sfn);
  }

  async succeed(taskToken: string, output: unknown): Promise<'delivered' | 'gone' | 'failed'> {
    try {
      const [{ SendTaskSuccessCommand }, sfn] = await Promise.all([sfnSdk(), this.sfn()]);
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'delivered';
    } catch (error) {
      if (error instanceof Error && GONE.has(error.name)) return 'gone';
      // The answer is saved already; refusing the request now would only make the person send it again.
      this.warn('SendTaskSuccess failed; the workflow picks the answer up at its next timer', { errorName: error instanceof Error ? error.name : typeof error });
      return 'failed';
    }
  }
}
