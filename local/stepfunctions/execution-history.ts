/**
 * An execution's history as GetExecutionHistory reports it: the engine's event log mapped to Step Functions' event
 * types and details (the parts the tests and the AWS CLI read).
 */
import type { PreparedDefinition } from './prepare-definition.ts';

// The engine's event type is not exported; this is the part the history uses.
export type EventLog = { type: string } & Record<string, unknown>;

export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: string;
  readonly [details: string]: unknown;
}

type HistoryEntry = { type: string; [details: string]: unknown };

/** The history entry of one engine event, or undefined for events Step Functions does not report. */
export function historyEntry(event: EventLog, stateTypes: PreparedDefinition['stateTypes'], roleArn: string): HistoryEntry | undefined {
  const state = event.state as { name: string; input?: unknown; output?: unknown } | undefined;
  const stateType = state === undefined ? undefined : stateTypes.get(state.name);
  const json = (value: unknown): string => JSON.stringify(value ?? null);
  switch (event.type) {
    case 'ExecutionStarted':
      return { type: 'ExecutionStarted', executionStartedEventDetails: { input: json(event.input), roleArn } };
    case 'ExecutionSucceeded':
      return { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: json(event.output) } };
    case 'ExecutionFailed':
      return { type: 'ExecutionFailed', executionFailedEventDetails: { error: String(event.Error), cause: String(event.Cause) } };
    case 'ExecutionAborted':
      return { type: 'ExecutionAborted' };
    case 'ExecutionTimeout':
      return { type: 'ExecutionTimedOut' };
    case 'StateEntered':
      return { type: `${stateType ?? 'Task'}StateEntered`, stateEnteredEventDetails: { name: state?.name, input: json(state?.input) } };
    case 'StateExited':
      return { type: `${stateType ?? 'Task'}StateExited`, stateExitedEventDetails: { name: state?.name, output: json(state?.output) } };
    case 'StateFailed':
      return stateType === 'Task' ? { type: 'TaskFailed', taskFailedEventDetails: { error: String(event.Error), cause: String(event.Cause) } } : undefined;
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const parent = event.parentState as { name: string } | undefined;
      const key = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
      return { type: event.type, [key]: { name: parent?.name, index: event.index } };
    }
    default:
      return undefined;
  }
}
