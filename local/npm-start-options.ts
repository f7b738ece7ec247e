/**
 * What `npm start` asks of the local runtime: the configured profile with the demo people, a clock that may run
 * faster (KIM_TIME_SCALE), DynamoDB Local on disk under the data dir, the pages, and the background work of AWS
 * (resuming cases, the meeting schedule). Tokens live on real time, so `npm run token` (another process) works.
 */
import { scaledClock, systemClock } from '../core/clock.ts';
import { loadProfileFile } from '../core/profile/load-profile.ts';
import { localLinkSecret } from './auth/create-once.ts';
import { PORT_VARIABLES, type LocalConfig } from './config.ts';
import { loadDemoData } from './demo/load-demo-data.ts';
import type { LocalRuntimeOptions } from './runtime.ts';

export function npmStartOptions(config: LocalConfig, log: (line: string) => void): LocalRuntimeOptions {
  const profile = loadProfileFile(config.profilePath);
  let linkSecret: string | undefined;
  const setting = (name: keyof typeof PORT_VARIABLES) => ({ port: config.ports[name], variable: PORT_VARIABLES[name] });
  return {
    profile,
    demo: loadDemoData(profile, config.demoDataPath),
    clock: scaledClock(config.timeScale),
    tableName: config.tableName,
    region: config.region,
    accountId: config.accountId,
    host: config.host,
    dataDir: config.dataDir,
    ports: { app: setting('app'), stepfunctions: setting('stepfunctions'), ses: setting('ses') },
    dynamodb: { start: { ...setting('dynamodb'), inMemory: false } },
    web: true,
    background: true,
    tokenClock: systemClock,
    // Created in the data dir on first use (after the runtime checked the dir is writable), then kept.
    linkSecret: () => Promise.resolve((linkSecret ??= localLinkSecret(config.dataDir))),
    log,
  };
}
