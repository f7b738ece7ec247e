/**
 * The callback pattern (`.waitForTaskToken`) of the local engine: a fresh token per waiting task, settled by
 * SendTaskSuccess or SendTaskFailure (or rejected when its execution ends), and the engine's own States.Timeout for
 * a wait that times out.
 */
import { randomBytes } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { StepFunctionsError } from './step-functions-error.ts';
import { FINAL, TaskError } from './task-integrations.ts';

interface PendingToken {
  readonly executionArn: string;
  /** SendTask* calls name only the token; the rehearsal asks whose it is. */
  readonly stateMachineArn: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

export class TaskTokens {
  private readonly pending = new Map<string, PendingToken>();

  /** A new token for a task of this execution, and the answer it will get. */
  issue(execution: { readonly executionArn: string; readonly stateMachineArn: string }): { token: string; outcome: Promise<unknown> } {
    const token = randomBytes(32).toString('base64url');
    const outcome = new Promise<unknown>((resolve, reject) => {
      this.pending.set(token, { ...execution, resolve, reject });
    });
    // The answer may come (or the execution stop) while the handler still runs: never an unhandled rejection.
    outcome.catch(() => undefined);
    return { token, outcome };
  }

  /** The task has ended (answered, timed out or stopped): its token is no longer valid. */
  withdraw(token: string): void {
    this.pending.delete(token);
  }

  /** Every wait of an execution that ended fails: no answer can reach it any more. */
  endExecution(executionArn: string): void {
    for (const [token, pending] of this.pending) {
      if (pending.executionArn === executionArn) {
        this.pending.delete(token);
        pending.reject(new TaskError('States.Runtime', 'execution ended', FINAL));
      }
    }
  }

  /** The state machine a pending task token belongs to. */
  stateMachineOf(token: string): string | undefined {
    return this.pending.get(token)?.stateMachineArn;
  }

  private pendingToken(token: string): PendingToken {
    const pending = this.pending.get(token);
    if (pending === undefined) throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist: the task token is unknown or the task has ended');
    return pending;
  }

  succeed(token: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: output is not valid JSON');
    }
    const pending = this.pendingToken(token);
    this.pending.delete(token);
    pending.resolve(parsed);
  }

  fail(token: string, error: string | undefined, cause: string | undefined): void {
    const pending = this.pendingToken(token);
    this.pending.delete(token);
    pending.reject(new TaskError(error ?? '', cause ?? ''));
  }

  heartbeat(token: string): void {
    // HeartbeatSeconds is not enforced locally (the engine ignores it); a heartbeat only proves the token is live.
    this.pendingToken(token);
  }
}

let timeoutErrorClass: Promise<new () => Error> | undefined;

/**
 * The engine's own States.Timeout class, which it does not export but treats specially (States.TaskFailed does not
 * match it, as in AWS). Found once by letting a probe task time out after 1 ms.
 */
export function engineTimeoutError(): Promise<new () => Error> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:eu-central-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
      { validationOptions: { noValidate: true } },
    );
    const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => undefined) } } });
    const error = await run.result.then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure.cause : undefined),
    );
    if (!(error instanceof Error) || error.name !== 'States.Timeout') throw new Error('aws-local-stepfunctions: States.Timeout probe failed');
    return error.constructor as new () => Error;
  })();
  return timeoutErrorClass;
}
