/**
 * The local Step Functions service: state machines from ASL files (or the deploy rehearsal's definitions,
 * state-machine-sources.ts), executions in memory — started, described, listed, stopped here — run by
 * aws-local-stepfunctions on KIM Flow's clock; waits for a task token in task-tokens.ts, the history's events in
 * execution-history.ts. Executions live as long as the process; the case item, not the execution, is the source of
 * truth (ARCHITECTURE.md), so a restart loses nothing a case needs.
 */
import { randomBytes } from 'node:crypto';
import { StateMachine, ExecutionAbortedError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../../core/clock.ts';
import { historyEntry, type EventLog, type HistoryEvent } from './execution-history.ts';
import { prepareDefinition, TASK_TOKEN_SENTINEL, type AslDefinition, type PreparedDefinition, type PreparedTask, type WrappedTokenTaskInput, type WrappedWaitInput } from './prepare-definition.ts';
import { Slots } from './slots.ts';
import { stateMachineSources, type DeployedDefinition } from './state-machine-sources.ts';
import { StepFunctionsError } from './step-functions-error.ts';
import { FINAL, TaskError, TaskIntegrations, type LocalLambdaHandler } from './task-integrations.ts';
import { engineTimeoutError, TaskTokens } from './task-tokens.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: Date;
  readonly history: HistoryEvent[];
}

interface LoadedStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly definitionText: string;
  readonly prepared: PreparedDefinition;
  readonly engine: StateMachine;
  readonly createdAt: Date;
}

export interface LocalStepFunctionsOptions {
  readonly stateMachinesDir: string;
  readonly substitutions: Readonly<Record<string, string>>;
  readonly lambdas: Readonly<Record<string, LocalLambdaHandler>>;
  readonly dynamodb: DynamoDBClient;
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /**
   * Pause between retries in real milliseconds for every Retry (tests: 0). Unset: the engine pauses as the
   * definition says, in real time (it cannot use our clock for that).
   */
  readonly retryPauseMs?: number;
  /**
   * How many task invocations (a handler or a DynamoDB call) run at once across all executions; the rest queue, in
   * order. Default 2. In AWS the workflows run on their own Lambda instances and never slow the API down; here they
   * share the process and DynamoDB Local with it, and a burst of intakes would start hundreds of executions whose
   * steps, all at once, would crowd out the API's requests (DynamoDB Local serves whoever has most calls waiting).
   * Bounded, they run at a steady pace and catch up after; measured, 2 and 4 finish a burst's workflows equally
   * soon, and 2 leaves the API more (npm run bench, part 3).
   */
  readonly taskConcurrency?: number;
  /**
   * Definitions to run instead of the ASL files in stateMachinesDir, their placeholders already filled (the deploy
   * rehearsal runs the templates' DefinitionStrings, local/rehearsal/).
   */
  readonly definitions?: readonly DeployedDefinition[];
  /** Called before each task invocation (a function or a direct integration), e.g. to record it as the state machine's call. */
  readonly onTask?: (stateMachineArn: string, resource: string, parameters: unknown) => void;
}

export const DEFAULT_TASK_CONCURRENCY = 2;

export class LocalStepFunctions {
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, { abort(): void; controller: AbortController; done: Promise<void> }>();
  private readonly tokens = new TaskTokens();
  private readonly integrations: TaskIntegrations;
  private readonly slots: Slots;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.integrations = new TaskIntegrations(options.lambdas, options.dynamodb);
    this.slots = new Slots(options.taskConcurrency ?? DEFAULT_TASK_CONCURRENCY);
    for (const { name, definitionText, origin } of stateMachineSources(options)) this.load(name, definitionText, origin);
  }

  private load(name: string, definitionText: string, path: string): void {
    const prepared = prepareDefinition(JSON.parse(definitionText) as AslDefinition);
    for (const task of prepared.tasks.values()) {
      if (task.kind === 'task') this.integrations.assertSupported(task.resource, `${path}: ${task.stateName}`);
    }
    // checkArn off: our wait resource is no real ARN. Paths and structure are still validated.
    // The engine validates the definition itself; our type only describes the parts prepareDefinition touches.
    const engine = new StateMachine(prepared.definition as unknown as ConstructorParameters<typeof StateMachine>[0], { validationOptions: { checkArn: false } });
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
    this.machines.set(arn, { arn, name, definitionText, prepared, engine, createdAt: this.options.clock.now() });
  }

  listStateMachines(): LoadedStateMachine[] {
    return [...this.machines.values()];
  }

  describeStateMachine(arn: string): LoadedStateMachine {
    const machine = this.machines.get(arn);
    if (machine === undefined) throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  startExecution(stateMachineArn: string, name: string | undefined, input: string): ExecutionRecord {
    const machine = this.describeStateMachine(stateMachineArn);
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input is not valid JSON');
    }
    const executionName = name ?? randomBytes(16).toString('hex');
    const executionArn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${executionName}`;
    const existing = this.executions.get(executionArn);
    if (existing !== undefined) {
      // Step Functions (Standard): the same name and input while running is idempotent, anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name: executionName,
      input,
      startDate: this.options.clock.now(),
      status: 'RUNNING',
      history: [],
    };
    this.executions.set(executionArn, record);
    this.run(machine, record, parsedInput);
    return record;
  }

  private run(machine: LoadedStateMachine, record: ExecutionRecord, input: unknown): void {
    const controller = new AbortController();
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const task of machine.prepared.tasks.values()) {
      overrides[task.stateName] = (taskInput) => this.runTask(task, taskInput, record, controller.signal);
    }
    const execution = machine.engine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: overrides as never,
        ...(this.options.retryPauseMs === undefined
          ? {}
          : { retryIntervalOverrides: Object.fromEntries(machine.prepared.retryStates.map((name) => [name, this.options.retryPauseMs ?? 0])) }),
      },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, StartTime: record.startDate.toISOString() },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TASK_TOKEN_SENTINEL },
      },
    });
    const recordEvents = (async () => {
      for await (const event of execution.eventLogs) this.recordHistory(machine, record, event as unknown as EventLog);
    })();
    const finished = execution.result.then(
      (output: unknown) => {
        this.finish(record, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      (error: unknown) => {
        if (error instanceof ExecutionAbortedError) this.finish(record, 'ABORTED', {});
        else if (error instanceof ExecutionTimeoutError) this.finish(record, 'TIMED_OUT', { error: 'States.Timeout' });
        else {
          const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
          this.finish(record, 'FAILED', {
            error: inner instanceof Error ? inner.name : 'States.Runtime',
            cause: inner instanceof Error ? inner.message : String(inner),
          });
        }
      },
    );
    const done = Promise.all([finished, recordEvents]).then(() => {
      controller.abort(new Error('execution finished'));
      this.running.delete(record.executionArn);
    });
    this.running.set(record.executionArn, { abort: () => { execution.abort(); }, controller, done });
  }

  private finish(record: ExecutionRecord, status: ExecutionStatus, fields: Pick<ExecutionRecord, 'output' | 'error' | 'cause'>): void {
    if (record.status !== 'RUNNING') return;
    Object.assign(record, fields, { status, stopDate: this.options.clock.now() });
    this.tokens.endExecution(record.executionArn);
  }

  private async runTask(task: PreparedTask, input: unknown, record: ExecutionRecord, signal: AbortSignal): Promise<unknown> {
    const { clock } = this.options;
    // A stopped execution runs nothing more, not even a retry the engine would still schedule.
    if (signal.aborted) throw new TaskError('States.Runtime', 'execution stopped', FINAL);
    if (task.kind === 'wait') {
      const { kimWait, input: passThrough } = input as WrappedWaitInput;
      const ms =
        kimWait.seconds !== undefined
          ? kimWait.seconds * 1000
          : Date.parse(kimWait.timestamp ?? '') - clock.now().getTime();
      if (Number.isNaN(ms)) throw new TaskError('States.Runtime', `${task.stateName}: ungültige Wartezeit`, FINAL);
      if (ms > 0) await clock.sleep(ms, signal);
      return passThrough;
    }
    // Waits (above) and the wait for a token (below) hold no slot; only the invocation itself does.
    if (!task.waitForTaskToken) {
      this.options.onTask?.(record.stateMachineArn, task.resource, input);
      return this.slots.run(() => this.integrations.invoke(task.resource, input));
    }

    const { parameters, kimTimeoutSeconds } = input as WrappedTokenTaskInput;
    const { token, outcome } = this.tokens.issue(record);
    // The timeout's sleep ends with the task, not only with the execution.
    const taskDone = new AbortController();
    const taskSignal = AbortSignal.any([signal, taskDone.signal]);
    // A fresh token per invocation: the engine resolves $$.Task.Token once per run (a sentinel here).
    const withToken = JSON.parse(JSON.stringify(parameters).replaceAll(TASK_TOKEN_SENTINEL, token)) as unknown;
    try {
      this.options.onTask?.(record.stateMachineArn, task.resource, withToken);
      await this.slots.run(() => this.integrations.invoke(task.resource, withToken));
      if (kimTimeoutSeconds === undefined) return await outcome;
      const timeout = clock.sleep(kimTimeoutSeconds * 1000, taskSignal).then(async () => {
        // The engine keeps States.Timeout out of the States.TaskFailed wildcard only for its own error class.
        throw new (await engineTimeoutError())();
      });
      timeout.catch(() => undefined);
      return await Promise.race([outcome, timeout]);
    } finally {
      this.tokens.withdraw(token);
      taskDone.abort();
    }
  }

  private recordHistory(machine: LoadedStateMachine, record: ExecutionRecord, event: EventLog): void {
    const entry = historyEntry(event, machine.prepared.stateTypes, `arn:aws:iam::${this.options.accountId}:role/local`);
    if (entry === undefined) return;
    const id = record.history.length + 1;
    record.history.push({ id, previousEventId: id - 1, timestamp: this.options.clock.now(), ...entry });
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (record === undefined) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  listExecutions(stateMachineArn: string, status: ExecutionStatus | undefined): ExecutionRecord[] {
    this.describeStateMachine(stateMachineArn);
    return [...this.executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (status === undefined || e.status === status))
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  stopExecution(executionArn: string, error: string | undefined, cause: string | undefined): Date {
    const record = this.describeExecution(executionArn);
    if (record.status === 'RUNNING') {
      const handle = this.running.get(executionArn);
      this.finish(record, 'ABORTED', { error, cause });
      handle?.controller.abort(new Error('execution stopped'));
      handle?.abort();
    }
    return record.stopDate ?? this.options.clock.now();
  }

  /** The state machine a pending task token belongs to (the rehearsal's scenario asks whether a wait is live). */
  stateMachineOfToken(token: string): string | undefined {
    return this.tokens.stateMachineOf(token);
  }

  sendTaskSuccess(token: string, output: string): void {
    this.tokens.succeed(token, output);
  }

  sendTaskFailure(token: string, error: string | undefined, cause: string | undefined): void {
    this.tokens.fail(token, error, cause);
  }

  sendTaskHeartbeat(token: string): void {
    this.tokens.heartbeat(token);
  }

  /** Resolves once every running execution has been stopped and has settled. */
  async shutdown(): Promise<void> {
    const running = [...this.running.keys()];
    for (const arn of running) this.stopExecution(arn, 'States.Runtime', 'local runtime stopped');
    await Promise.all([...this.running.values()].map((r) => r.done));
  }
}
