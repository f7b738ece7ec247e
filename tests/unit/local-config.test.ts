import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_PATH } from '../../core/profile/load-profile.ts';
import { ConfigError, parseLocalConfig } from '../../local/config.ts';
import { DEFAULT_DEMO_DATA_PATH } from '../../local/demo/load-demo-data.ts';

const CWD = resolve('/srv/kim-flow');

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseLocalConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('parseLocalConfig', () => {
  it('uses the defaults for an empty environment', () => {
    const config = parseLocalConfig({}, CWD);
    expect(config.dataDir).toBe(join(CWD, '.kim'));
    expect(config.host).toBe('127.0.0.1');
    expect(config.ports).toEqual({ app: 3000, dynamodb: 8000, stepfunctions: 8083, ses: 8005 });
    expect(config.timeScale).toBe(1);
    expect(config.tableName).toBe('kim-flow');
    expect(config.profilePath).toBe(DEFAULT_PROFILE_PATH);
  });

  it('treats empty strings as unset', () => {
    const empty = {
      KIM_DATA_DIR: '',
      KIM_HOST: '',
      PORT: '',
      DYNAMODB_PORT: '',
      STEPFUNCTIONS_PORT: '',
      SES_PORT: '',
      KIM_TIME_SCALE: '',
      KIM_TABLE_NAME: '',
      KIM_PROFILE: '',
    };
    expect(parseLocalConfig(empty, CWD)).toEqual(parseLocalConfig({}, CWD));
  });

  it('ignores unrelated environment variables', () => {
    expect(parseLocalConfig({ HOME: '/root', PATH: '/usr/bin', NODE_ENV: 'test' }, CWD)).toEqual(parseLocalConfig({}, CWD));
  });

  it('reads every variable that is set', () => {
    const config = parseLocalConfig(
      {
        KIM_DATA_DIR: 'daten',
        KIM_HOST: 'localhost',
        PORT: '4000',
        DYNAMODB_PORT: '9000',
        STEPFUNCTIONS_PORT: '9083',
        SES_PORT: '9005',
        KIM_TIME_SCALE: '60',
        KIM_TABLE_NAME: 'kim-flow-test',
      },
      CWD,
    );
    expect(config.dataDir).toBe(join(CWD, 'daten'));
    expect(config.host).toBe('localhost');
    expect(config.ports).toEqual({ app: 4000, dynamodb: 9000, stepfunctions: 9083, ses: 9005 });
    expect(config.timeScale).toBe(60);
    expect(config.tableName).toBe('kim-flow-test');
  });

  it('resolves a relative KIM_PROFILE against cwd and keeps an absolute one', () => {
    expect(parseLocalConfig({ KIM_PROFILE: 'profiles/kreis.json' }, CWD).profilePath).toBe(join(CWD, 'profiles', 'kreis.json'));
    expect(parseLocalConfig({ KIM_PROFILE: '../andere/kreis.json' }, CWD).profilePath).toBe(resolve(CWD, '..', 'andere', 'kreis.json'));
    const absolute = resolve('/etc/kim/profile.json');
    expect(parseLocalConfig({ KIM_PROFILE: absolute }, CWD).profilePath).toBe(absolute);
  });

  it('takes the demo people of another profile from KIM_DEMO_DATA, relative to cwd', () => {
    expect(parseLocalConfig({}, CWD).demoDataPath).toBe(DEFAULT_DEMO_DATA_PATH);
    expect(parseLocalConfig({ KIM_DEMO_DATA: 'profiles/demo.json' }, CWD).demoDataPath).toBe(join(CWD, 'profiles', 'demo.json'));
  });

  it.each([
    ['PORT', 'abc', 'Portnummer'],
    ['PORT', '70000', 'zwischen 1 und 65535'],
    ['PORT', '0', 'zwischen 1 und 65535'],
    ['PORT', '80.5', 'ganze Zahl'],
    ['SES_PORT', '-1', 'zwischen 1 und 65535'],
    ['KIM_TIME_SCALE', '0', 'größer als 0'],
    ['KIM_TIME_SCALE', 'schnell', 'Zahl'],
    ['KIM_TABLE_NAME', 'a b', 'Tabellenname'],
    ['KIM_HOST', 'example.org', 'IPv4-Adresse'],
  ])('rejects %s=%j with a German sentence naming the variable', (name, value, german) => {
    const error = configError({ [name]: value });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`- ${name}:`);
    expect(error.message).toContain('Umgebungsvariablen sind ungültig');
    expect(error.message).toContain(german);
  });

  it('reports every bad variable, one line each', () => {
    const error = configError({ PORT: 'abc', KIM_TIME_SCALE: '0', KIM_TABLE_NAME: 'a b' });
    expect(error.message).toContain('- PORT:');
    expect(error.message).toContain('- KIM_TIME_SCALE:');
    expect(error.message).toContain('- KIM_TABLE_NAME:');
    expect(error.message.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(3);
  });

  it('rejects two services on the same port, naming both variables', () => {
    const error = configError({ PORT: '8000' });
    // "PORT" must appear on its own, not only as part of "DYNAMODB_PORT".
    expect(error.message).toMatch(/\bDYNAMODB_PORT und PORT\b|\bPORT und DYNAMODB_PORT\b/);
    expect(error.message).toContain('8000');
    expect(error.message).toContain('denselben Port');

    const other = configError({ STEPFUNCTIONS_PORT: '9999', SES_PORT: '9999' });
    expect(other.message).toMatch(/SES_PORT und STEPFUNCTIONS_PORT|STEPFUNCTIONS_PORT und SES_PORT/);
  });
});
