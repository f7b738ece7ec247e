/**
 * Every ASL file in state-machines/ (not only the ones a stack test knows): robust Task states, its task functions
 * as listed in functions/task-functions.ts, and deployed by exactly one state machine with every placeholder filled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { functionArnPlaceholder, STATE_MACHINE_TASKS } from '../../functions/task-functions.ts';
import { aslPath, aslPlaceholders } from '../../lib/constructs/task-state-machine.ts';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { newTestApp, type TestApp } from './synth.ts';

const STATE_MACHINES_DIR = new URL('../../state-machines/', import.meta.url);
const ASL_FILES = readdirSync(STATE_MACHINES_DIR)
  .filter((file) => file.endsWith('.asl.json'))
  .sort();
const machineOf = (file: string): string => file.replace(/\.asl\.json$/, '');

// Just enough of the Amazon States Language to walk every state, nested Map and Parallel states included.
interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  /** Where a Lambda task names its function (JSONPath `Parameters`, JSONata `Arguments`). */
  readonly Parameters?: unknown;
  readonly Arguments?: unknown;
  readonly Retry?: readonly { readonly ErrorEquals: readonly string[] }[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly ItemProcessor?: AslMachine;
  readonly Iterator?: AslMachine;
  readonly Branches?: readonly AslMachine[];
}
interface AslMachine {
  readonly States: Readonly<Record<string, AslState>>;
}
const aslMachine: z.ZodType<AslMachine> = z.lazy(() =>
  z.object({
    States: z.record(
      z.string(),
      z.object({
        Type: z.string(),
        Resource: z.string().optional(),
        Parameters: z.unknown().optional(),
        Arguments: z.unknown().optional(),
        Retry: z.array(z.object({ ErrorEquals: z.array(z.string()) })).optional(),
        Catch: z.array(z.object({ ErrorEquals: z.array(z.string()), Next: z.string() })).optional(),
        TimeoutSeconds: z.number().optional(),
        TimeoutSecondsPath: z.string().optional(),
        ItemProcessor: aslMachine.optional(),
        Iterator: aslMachine.optional(),
        Branches: z.array(aslMachine).optional(),
      }),
    ),
  }),
);

function allStates(machine: AslMachine, prefix = ''): [string, AslState][] {
  return Object.entries(machine.States).flatMap(([name, state]) => {
    const path = `${prefix}${name}`;
    const nested = [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].filter((m): m is AslMachine => m !== undefined);
    return [[path, state] as [string, AslState], ...nested.flatMap((m, i) => allStates(m, `${path}${nested.length > 1 ? `[${i}]` : ''}/`))];
  });
}

/** The task functions of a machine (functions/task-functions.ts), or undefined for a file without an entry there. */
function tasksOf(machine: string): readonly string[] | undefined {
  return Object.entries(STATE_MACHINE_TASKS).find(([name]) => name === machine)?.[1];
}

it('finds the ASL files: intake-to-referral and meeting-notifications at least', () => {
  expect(ASL_FILES).toEqual(expect.arrayContaining(['intake-to-referral.asl.json', 'meeting-notifications.asl.json']));
});

describe.each(ASL_FILES)('state-machines/%s', (file) => {
  const machine = machineOf(file);
  const text = readFileSync(aslPath(machine), 'utf8');
  const states = allStates(aslMachine.parse(JSON.parse(text)));
  const tasks = states.filter(([, state]) => state.Type === 'Task');

  it('is a state machine of functions/task-functions.ts', () => {
    expect(tasksOf(machine), `no entry "${machine}" in STATE_MACHINE_TASKS`).toBeDefined();
  });

  it('gives every Task (nested ones too) a Retry and a Catch of everything (States.ALL)', () => {
    expect(tasks.length).toBeGreaterThan(0);
    const missing = tasks
      .filter(([, task]) => !(task.Retry?.length && task.Catch?.some((c) => c.ErrorEquals.includes('States.ALL'))))
      .map(([path]) => path);
    expect(missing).toEqual([]);
  });

  it('gives every .waitForTaskToken state a timeout', () => {
    const waits = tasks.filter(([, task]) => task.Resource?.endsWith('.waitForTaskToken') === true);
    expect(waits.filter(([, task]) => task.TimeoutSeconds === undefined && task.TimeoutSecondsPath === undefined).map(([path]) => path)).toEqual([]);
  });

  it('calls each of its task functions from a Task state, and no function of another machine', () => {
    const taskText = JSON.stringify(tasks.map(([, task]) => task));
    const expected = (tasksOf(machine) ?? []).map(functionArnPlaceholder);
    expect(expected.filter((placeholder) => !taskText.includes(`\${${placeholder}}`))).toEqual([]);
    const functionPlaceholders = aslPlaceholders(text).filter((placeholder) => placeholder.endsWith('FunctionArn'));
    expect(functionPlaceholders.sort()).toEqual([...expected].sort());
  });
});

describe('the synthesized app', () => {
  let testApp: TestApp;
  let deployed: { stack: string; definition: string; substitutions: Record<string, unknown> }[];

  beforeAll(() => {
    testApp = newTestApp();
    const flow = buildKimFlow(testApp.app, { stage: 'dev' });
    deployed = [flow.data, flow.meetings, flow.workflow, flow.sweeper, flow.api].flatMap((stack) =>
      Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine')).map((resource) => {
        const properties = (resource as { Properties: { DefinitionString: string; DefinitionSubstitutions?: Record<string, unknown> } }).Properties;
        return { stack: stack.stackName, definition: properties.DefinitionString, substitutions: properties.DefinitionSubstitutions ?? {} };
      }),
    );
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('deploys every ASL file exactly once, inlined as it is, and nothing else', () => {
    const texts = ASL_FILES.map((file) => readFileSync(aslPath(machineOf(file)), 'utf8'));
    for (const [i, file] of ASL_FILES.entries()) {
      expect(deployed.filter((d) => d.definition === texts[i]).map((d) => d.stack), file).toHaveLength(1);
    }
    expect(deployed).toHaveLength(ASL_FILES.length);
  });

  it('substitutes every placeholder of every file, and only those', () => {
    for (const { stack, definition, substitutions } of deployed) {
      expect(Object.keys(substitutions).sort(), stack).toEqual(aslPlaceholders(definition).sort());
    }
  });
});
