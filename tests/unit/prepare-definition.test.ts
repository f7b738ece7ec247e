import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCAL_WAIT_RESOURCE, prepareDefinition, substitute } from '../../local/stepfunctions/prepare-definition.ts';
import type { AslDefinition } from '../../local/stepfunctions/prepare-definition.ts';

const ENGINE_MAX_TIMEOUT_SECONDS = 2_147_483;
const WAIT_FIELDS = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];
const TOKEN_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_RESOURCE = 'arn:aws:states:::lambda:invoke';

type State = AslDefinition['States'][string];

function single(name: string, state: State): AslDefinition {
  return { StartAt: name, States: { [name]: state } };
}

function stateOf(definition: AslDefinition, name: string): State {
  const state = definition.States[name];
  if (state === undefined) throw new Error(`no state ${name}`);
  return state;
}

describe('prepareDefinition: Wait states', () => {
  it.each([
    ['Seconds', 3600, { seconds: 3600 }],
    ['SecondsPath', '$.delay', { 'seconds.$': '$.delay' }],
    ['Timestamp', '2025-04-01T09:00:00Z', { timestamp: '2025-04-01T09:00:00Z' }],
    ['TimestampPath', '$.meeting.remindAt', { 'timestamp.$': '$.meeting.remindAt' }],
  ] as const)('turns a Wait with %s into a local wait Task', (field, value, kimWait) => {
    const source = single('Warten', {
      Type: 'Wait',
      [field]: value,
      Comment: 'Erinnerung',
      InputPath: '$.case',
      OutputPath: '$.result',
      Next: 'Weiter',
    });
    const { definition, tasks, stateTypes } = prepareDefinition(source);
    const state = stateOf(definition, 'Warten');

    expect(state.Type).toBe('Task');
    expect(state.Resource).toBe(LOCAL_WAIT_RESOURCE);
    expect(state.Parameters).toEqual({ 'input.$': '$', kimWait });
    expect(state.Next).toBe('Weiter');
    expect(state.InputPath).toBe('$.case');
    expect(state.OutputPath).toBe('$.result');
    expect(state.Comment).toBe('Erinnerung');
    for (const waitField of WAIT_FIELDS) expect(state).not.toHaveProperty(waitField);

    expect(stateTypes.get('Warten')).toBe('Wait');
    expect(tasks.get('Warten')).toEqual({ stateName: 'Warten', kind: 'wait', resource: LOCAL_WAIT_RESOURCE, waitForTaskToken: false });
  });

  it('keeps End on a final Wait state', () => {
    const { definition } = prepareDefinition(single('Ende', { Type: 'Wait', Seconds: 5, End: true }));
    const state = stateOf(definition, 'Ende');
    expect(state.End).toBe(true);
    expect(state).not.toHaveProperty('Next');
    expect(state.Parameters).toEqual({ 'input.$': '$', kimWait: { seconds: 5 } });
  });

  it('keeps Seconds: 0 (zero is a value, not a missing field)', () => {
    const { definition } = prepareDefinition(single('Sofort', { Type: 'Wait', Seconds: 0, End: true }));
    expect(stateOf(definition, 'Sofort').Parameters).toEqual({ 'input.$': '$', kimWait: { seconds: 0 } });
  });
});

describe('prepareDefinition: .waitForTaskToken Tasks', () => {
  it('wraps Parameters with the timeout, drops HeartbeatSeconds and lifts TimeoutSeconds', () => {
    const parameters = { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'caseId.$': '$.caseId' } };
    const source = single('Zustimmung', {
      Type: 'Task',
      Resource: TOKEN_RESOURCE,
      Parameters: parameters,
      TimeoutSeconds: 1_209_600,
      HeartbeatSeconds: 3600,
      ResultPath: '$.consent',
      Next: 'Weiter',
    });
    const { definition, tasks, stateTypes } = prepareDefinition(source);
    const state = stateOf(definition, 'Zustimmung');

    expect(state.Parameters).toEqual({ parameters, kimTimeoutSeconds: 1_209_600 });
    expect(state).not.toHaveProperty('HeartbeatSeconds');
    expect(state.TimeoutSeconds).toBe(ENGINE_MAX_TIMEOUT_SECONDS);
    expect(state.Type).toBe('Task');
    expect(state.Resource).toBe(TOKEN_RESOURCE);
    expect(state.ResultPath).toBe('$.consent');
    expect(state.Next).toBe('Weiter');

    expect(stateTypes.get('Zustimmung')).toBe('Task');
    expect(tasks.get('Zustimmung')).toEqual({ stateName: 'Zustimmung', kind: 'task', resource: TOKEN_RESOURCE, waitForTaskToken: true });
  });

  it('passes TimeoutSecondsPath on as kimTimeoutSeconds.$ and removes it from the state', () => {
    const source = single('Zustimmung', {
      Type: 'Task',
      Resource: TOKEN_RESOURCE,
      Parameters: { FunctionName: 'notify' },
      TimeoutSecondsPath: '$.timeouts.consent',
      End: true,
    });
    const state = stateOf(prepareDefinition(source).definition, 'Zustimmung');
    expect(state.Parameters).toEqual({ parameters: { FunctionName: 'notify' }, 'kimTimeoutSeconds.$': '$.timeouts.consent' });
    expect(state).not.toHaveProperty('TimeoutSecondsPath');
    expect(state.TimeoutSeconds).toBe(ENGINE_MAX_TIMEOUT_SECONDS);
  });

  it('hands the whole input on as parameters.$ when the Task had no Parameters, and sets no timeout it was not given', () => {
    const source = single('Zustimmung', { Type: 'Task', Resource: TOKEN_RESOURCE, End: true });
    const state = stateOf(prepareDefinition(source).definition, 'Zustimmung');
    expect(state.Parameters).toEqual({ 'parameters.$': '$' });
    expect(state.TimeoutSeconds).toBe(ENGINE_MAX_TIMEOUT_SECONDS);
  });

  it('leaves a normal Task untouched but records it', () => {
    const original: State = {
      Type: 'Task',
      Resource: LAMBDA_RESOURCE,
      Parameters: { FunctionName: 'save', 'Payload.$': '$' },
      TimeoutSeconds: 30,
      HeartbeatSeconds: 10,
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
      Next: 'Weiter',
    };
    const { definition, tasks } = prepareDefinition(single('Speichern', original));
    expect(stateOf(definition, 'Speichern')).toEqual(original);
    expect(tasks.get('Speichern')).toEqual({ stateName: 'Speichern', kind: 'task', resource: LAMBDA_RESOURCE, waitForTaskToken: false });
  });

  it('leaves Pass, Choice, Succeed and Fail states alone but records their types', () => {
    const source: AslDefinition = {
      StartAt: 'Vorbereiten',
      States: {
        Vorbereiten: { Type: 'Pass', Result: { a: 1 }, Next: 'Entscheiden' },
        Entscheiden: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: 1, Next: 'Fertig' }], Default: 'Fehler' },
        Fertig: { Type: 'Succeed' },
        Fehler: { Type: 'Fail', Error: 'Kaputt' },
      },
    };
    const { definition, tasks, stateTypes } = prepareDefinition(source);
    expect(definition).toEqual(source);
    expect(tasks.size).toBe(0);
    expect(Object.fromEntries(stateTypes)).toEqual({ Vorbereiten: 'Pass', Entscheiden: 'Choice', Fertig: 'Succeed', Fehler: 'Fail' });
  });
});

describe('prepareDefinition: nested states', () => {
  const nested = (): AslDefinition => ({
    StartAt: 'ProFall',
    States: {
      ProFall: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'MapWarten',
          States: {
            MapWarten: { Type: 'Wait', Seconds: 60, Next: 'MapToken' },
            MapToken: { Type: 'Task', Resource: TOKEN_RESOURCE, TimeoutSeconds: 600, End: true },
          },
        },
        Next: 'AltMap',
      },
      AltMap: {
        Type: 'Map',
        Iterator: {
          StartAt: 'IterWarten',
          States: { IterWarten: { Type: 'Wait', TimestampPath: '$.at', End: true } },
        },
        Next: 'Parallel',
      },
      Parallel: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'ZweigA', States: { ZweigA: { Type: 'Wait', SecondsPath: '$.s', End: true } } },
          {
            StartAt: 'ZweigB',
            States: { ZweigB: { Type: 'Task', Resource: TOKEN_RESOURCE, Parameters: { x: 1 }, HeartbeatSeconds: 60, End: true } },
          },
        ],
        End: true,
      },
    },
  });

  function nestedState(definition: AslDefinition, path: readonly (string | number)[]): Record<string, unknown> {
    const found = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], definition);
    if (typeof found !== 'object' || found === null) throw new Error(`nothing at ${path.join('.')}`);
    return found as Record<string, unknown>;
  }

  it('visits Map ItemProcessor, legacy Map Iterator and Parallel branches', () => {
    const { definition, tasks, stateTypes } = prepareDefinition(nested());

    const mapWait = nestedState(definition, ['States', 'ProFall', 'ItemProcessor', 'States', 'MapWarten']);
    expect(mapWait).toMatchObject({ Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, Parameters: { 'input.$': '$', kimWait: { seconds: 60 } }, Next: 'MapToken' });

    const mapToken = nestedState(definition, ['States', 'ProFall', 'ItemProcessor', 'States', 'MapToken']);
    expect(mapToken).toMatchObject({ Parameters: { 'parameters.$': '$', kimTimeoutSeconds: 600 }, TimeoutSeconds: ENGINE_MAX_TIMEOUT_SECONDS });

    const iterWait = nestedState(definition, ['States', 'AltMap', 'Iterator', 'States', 'IterWarten']);
    expect(iterWait).toMatchObject({ Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, Parameters: { 'input.$': '$', kimWait: { 'timestamp.$': '$.at' } } });
    expect(iterWait).not.toHaveProperty('TimestampPath');

    const branchA = nestedState(definition, ['States', 'Parallel', 'Branches', 0, 'States', 'ZweigA']);
    expect(branchA).toMatchObject({ Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, Parameters: { 'input.$': '$', kimWait: { 'seconds.$': '$.s' } } });

    const branchB = nestedState(definition, ['States', 'Parallel', 'Branches', 1, 'States', 'ZweigB']);
    expect(branchB).toMatchObject({ Parameters: { parameters: { x: 1 } }, TimeoutSeconds: ENGINE_MAX_TIMEOUT_SECONDS });
    expect(branchB).not.toHaveProperty('HeartbeatSeconds');

    expect(Object.fromEntries(stateTypes)).toEqual({
      ProFall: 'Map',
      MapWarten: 'Wait',
      MapToken: 'Task',
      AltMap: 'Map',
      IterWarten: 'Wait',
      Parallel: 'Parallel',
      ZweigA: 'Wait',
      ZweigB: 'Task',
    });
    expect([...tasks.keys()].sort()).toEqual(['IterWarten', 'MapToken', 'MapWarten', 'ZweigA', 'ZweigB']);
    expect(tasks.get('ZweigB')?.waitForTaskToken).toBe(true);
    expect(tasks.get('IterWarten')?.kind).toBe('wait');
  });

  it('does not mutate the source definition', () => {
    const source = nested();
    const before = structuredClone(source);
    const { definition } = prepareDefinition(source);
    expect(source).toEqual(before);
    expect(definition).not.toEqual(before);
  });

  it('throws naming a state name used both at the top level and inside a Map', () => {
    const source: AslDefinition = {
      StartAt: 'Pruefen',
      States: {
        Pruefen: { Type: 'Pass', Next: 'Schleife' },
        Schleife: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Pruefen', States: { Pruefen: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    expect(() => prepareDefinition(source)).toThrow(/"Pruefen"/);
  });

  it('throws naming a state name used in two Parallel branches', () => {
    const source: AslDefinition = {
      StartAt: 'Beide',
      States: {
        Beide: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Melden', States: { Melden: { Type: 'Pass', End: true } } },
            { StartAt: 'Melden', States: { Melden: { Type: 'Wait', Seconds: 1, End: true } } },
          ],
          End: true,
        },
      },
    };
    expect(() => prepareDefinition(source)).toThrow(/"Melden"/);
  });
});

describe('substitute', () => {
  it('fills every ${Name} placeholder', () => {
    const text = '{"Resource":"${NotifyArn}","Table":"${TableName}","Again":"${NotifyArn}"}';
    expect(substitute(text, { NotifyArn: 'arn:aws:lambda:eu-central-1:000000000000:function:notify', TableName: 'kim-flow' }, 'intake.asl.json')).toBe(
      '{"Resource":"arn:aws:lambda:eu-central-1:000000000000:function:notify","Table":"kim-flow","Again":"arn:aws:lambda:eu-central-1:000000000000:function:notify"}',
    );
  });

  it('inserts values literally, even ones that look like replacement patterns', () => {
    expect(substitute('x=${A}', { A: '$& $1 ${B}' }, 'src')).toBe('x=$& $1 ${B}');
  });

  it('throws naming the unknown placeholder and the source', () => {
    expect(() => substitute('{"a":"${Known}","b":"${Unknown}"}', { Known: 'k' }, 'state-machines/intake.asl.json')).toThrow(
      /state-machines\/intake\.asl\.json.*\$\{Unknown\}/,
    );
  });

  it('names every missing placeholder once', () => {
    let message = '';
    try {
      substitute('${A} ${B} ${A}', {}, 'src');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('${A}');
    expect(message).toContain('${B}');
    expect(message.split('${A}')).toHaveLength(2);
  });

  it('returns text without placeholders unchanged', () => {
    expect(substitute('{"StartAt":"A","States":{}}', {}, 'src')).toBe('{"StartAt":"A","States":{}}');
  });

  it('property: a string without "${" comes back unchanged, whatever the substitutions', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.constantFrom('$', '{', '}', 'A', '_', '1'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }),
        fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), fc.string()),
        (text, substitutions) => {
          fc.pre(!text.includes('${'));
          expect(substitute(text, substitutions, 'src')).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses context fields the local engine cannot provide, at load time', () => {
    const definition = {
      StartAt: 'Stamp',
      States: { Stamp: { Type: 'Pass', Parameters: { 'at.$': '$$.State.EnteredTime' }, End: true } },
    };
    expect(() => prepareDefinition(definition)).toThrow(/\$\$\.State\.EnteredTime.*nicht unterstützt/);
  });
});
