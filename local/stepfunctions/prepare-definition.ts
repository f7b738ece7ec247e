/**
 * Turns an ASL definition into one that aws-local-stepfunctions can run on KIM Flow's clock:
 *  - Wait states become Tasks of a local "wait" resource that sleeps on the clock (the engine would sleep in
 *    real time, so KIM_TIME_SCALE and the tests' manual clock would not apply);
 *  - `.waitForTaskToken` Tasks get their Parameters wrapped so the local handler also receives the timeout,
 *    and their engine timeout is lifted: the clock-based timeout in the handler is the one that counts.
 * The engine resolves `$$.Task.Token` from one context value per run, so the definition carries a sentinel that
 * the task handler replaces by a fresh token per invocation.
 */
export const TASK_TOKEN_SENTINEL = 'kim-local-task-token-sentinel';
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::kim-local:wait';
// The engine times tasks with setTimeout, which overflows above 2^31-1 ms; this is the longest safe value.
const ENGINE_MAX_TIMEOUT_SECONDS = 2_147_483;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type StateDefinition = Record<string, Json>;
export interface AslDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  [key: string]: Json;
}

/** What the local engine must do when it reaches a Task state (keyed by state name, as the engine's overrides are). */
export interface PreparedTask {
  readonly stateName: string;
  readonly kind: 'wait' | 'task';
  /** The original resource, e.g. `arn:aws:states:::lambda:invoke.waitForTaskToken`. */
  readonly resource: string;
  readonly waitForTaskToken: boolean;
}

export interface PreparedDefinition {
  readonly definition: AslDefinition;
  readonly tasks: ReadonlyMap<string, PreparedTask>;
  /** Original state type per name (Wait stays "Wait" in the history even though the engine runs a Task). */
  readonly stateTypes: ReadonlyMap<string, string>;
  /** States with a Retry field (the engine's retry pauses are overridden by state name). */
  readonly retryStates: readonly string[];
}

/** The input a prepared wait or token task hands to its local handler. */
export interface WrappedWaitInput {
  readonly kimWait: { readonly seconds?: number; readonly timestamp?: string };
  readonly input: Json;
}
export interface WrappedTokenTaskInput {
  readonly kimTimeoutSeconds?: number;
  readonly parameters: Json;
}

const WAIT_FIELDS: Record<string, string> = {
  Seconds: 'seconds',
  SecondsPath: 'seconds.$',
  Timestamp: 'timestamp',
  TimestampPath: 'timestamp.$',
};

function asStates(value: Json | undefined, where: string): Record<string, StateDefinition> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where}: "States" fehlt oder ist kein Objekt`);
  }
  return value as Record<string, StateDefinition>;
}

function stringField(state: StateDefinition, field: string, where: string): string {
  const value = state[field];
  if (typeof value !== 'string') throw new Error(`${where}: "${field}" fehlt oder ist kein Text`);
  return value;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Context fields the engine does not provide: a definition using them would fail only at run time, deep in a case.
const UNSUPPORTED_CONTEXT = /\$\$\.(State\.(EnteredTime|Name|RetryCount)|Execution\.(RoleArn|RedriveCount))/;

export function prepareDefinition(source: AslDefinition): PreparedDefinition {
  const unsupported = UNSUPPORTED_CONTEXT.exec(JSON.stringify(source));
  if (unsupported !== null) throw new Error(`"${unsupported[0]}" wird von der lokalen Step-Functions-Umgebung nicht unterstützt`);
  const definition = structuredClone(source);
  const tasks = new Map<string, PreparedTask>();
  const stateTypes = new Map<string, string>();
  const retryStates: string[] = [];

  const visit = (states: Record<string, StateDefinition>, where: string): void => {
    for (const [name, state] of Object.entries(states)) {
      // Overrides are keyed by state name across nested Map/Parallel states, so names must be unique.
      if (stateTypes.has(name)) throw new Error(`${where}: Zustandsname "${name}" kommt mehrfach vor`);
      const type = stringField(state, 'Type', `${where}.${name}`);
      stateTypes.set(name, type);
      if (state.Retry !== undefined) retryStates.push(name);

      if (type === 'Wait') {
        const parameters: Record<string, Json> = { 'input.$': '$' };
        const wait: Record<string, Json> = {};
        for (const [field, key] of Object.entries(WAIT_FIELDS)) {
          const value = state[field];
          if (value !== undefined) wait[key] = value;
          // Wait has no Parameters, so its fields move into ours.
          Reflect.deleteProperty(state, field);
        }
        parameters.kimWait = wait;
        states[name] = {
          ...state,
          Type: 'Task',
          Resource: LOCAL_WAIT_RESOURCE,
          Parameters: parameters,
          TimeoutSeconds: ENGINE_MAX_TIMEOUT_SECONDS,
        };
        tasks.set(name, { stateName: name, kind: 'wait', resource: LOCAL_WAIT_RESOURCE, waitForTaskToken: false });
      } else if (type === 'Task') {
        const resource = stringField(state, 'Resource', `${where}.${name}`);
        const waitForTaskToken = resource.endsWith('.waitForTaskToken');
        if (waitForTaskToken) {
          const wrapped: Record<string, Json> =
            state.Parameters === undefined ? { 'parameters.$': '$' } : { parameters: state.Parameters };
          if (state.TimeoutSeconds !== undefined) wrapped.kimTimeoutSeconds = state.TimeoutSeconds;
          if (state.TimeoutSecondsPath !== undefined) wrapped['kimTimeoutSeconds.$'] = state.TimeoutSecondsPath;
          state.Parameters = wrapped;
          Reflect.deleteProperty(state, 'TimeoutSecondsPath');
          Reflect.deleteProperty(state, 'HeartbeatSeconds');
          state.TimeoutSeconds = ENGINE_MAX_TIMEOUT_SECONDS;
        }
        tasks.set(name, { stateName: name, kind: 'task', resource, waitForTaskToken });
      } else if (type === 'Map') {
        const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : state.Iterator;
        if (!isObject(processor)) throw new Error(`${where}.${name}: Map ohne ItemProcessor`);
        visit(asStates(processor.States, `${where}.${name}`), `${where}.${name}`);
      } else if (type === 'Parallel') {
        const branches = state.Branches;
        if (!Array.isArray(branches)) throw new Error(`${where}.${name}: Parallel ohne Branches`);
        branches.forEach((branch, index) => {
          if (!isObject(branch)) throw new Error(`${where}.${name}.Branches[${index}] ist kein Objekt`);
          visit(asStates(branch.States, `${where}.${name}`), `${where}.${name}.Branches[${index}]`);
        });
      }
    }
  };

  visit(asStates(definition.States, 'States'), 'States');
  return { definition, tasks, stateTypes, retryStates };
}

/** Replaces `${Name}` placeholders (CDK's definitionSubstitutions) and reports any left unfilled. */
export function substitute(text: string, substitutions: Readonly<Record<string, string>>, source: string): string {
  const missing = new Set<string>();
  const result = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, key: string) => {
    const value = substitutions[key];
    if (value === undefined) {
      missing.add(key);
      return '';
    }
    return value;
  });
  if (missing.size > 0) throw new Error(`${source}: keine lokale Ersetzung für ${[...missing].map((m) => `\${${m}}`).join(', ')}`);
  return result;
}
