/** `npm start`: runs the whole system on this machine until Ctrl-C. */
// First: --help and wrong options are answered before any other module runs (start-command-line.ts).
import './start-command-line.ts';
import { ProfileError } from '../core/profile/load-profile.ts';
import { ConfigError, parseLocalConfig } from './config.ts';
import { StartupError } from './dynamodb-local.ts';
import { PortInUseError } from './http-server.ts';
import { npmStartOptions } from './npm-start-options.ts';
import { startLocalRuntime, type LocalRuntime } from './runtime.ts';
import { logger, useLogFormat } from '../functions/_shared/logger.ts';

const KNOWN_ERRORS = [ConfigError, ProfileError, StartupError, PortInUseError];
const started = Date.now();
const log = (line: string): void => {
  logger.info(line);
};

// Signals are handled from the first moment: a Ctrl-C during start-up waits for the start to finish (or fail)
// and then stops everything, so DynamoDB Local (a Java process) is never left behind.
let runtime: LocalRuntime | undefined;
let stopRequested: string | undefined;
let stopping = false;
// 1 when npm start stops because DynamoDB Local cannot be kept running, so scripts see that it failed.
let exitCode = 0;
const shutdown = (signal: string): void => {
  stopRequested ??= signal;
  if (runtime === undefined || stopping) return;
  stopping = true;
  log(`${signal}: KIM Flow wird beendet …`);
  runtime.stop().then(
    () => {
      log('Beendet.');
      process.exit(exitCode);
    },
    (error: unknown) => {
      console.error('Fehler beim Beenden:', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => {
  shutdown('SIGINT');
});
process.on('SIGTERM', () => {
  shutdown('SIGTERM');
});
// Without its database the app could only answer 500: stop cleanly and say why.
const onFatal = (message: string): void => {
  console.error(`${message} KIM Flow wird beendet; bitte starten Sie es neu (npm start).`);
  exitCode = 1;
  shutdown('DynamoDB Local');
};

try {
  const config = parseLocalConfig(process.env, process.cwd());
  useLogFormat(config.logFormat);
  // EMF lines are CloudWatch's input; on a terminal they would only hide the log (set it to false to see them).
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  runtime = await startLocalRuntime({ ...npmStartOptions(config, log), onFatal });
  const { endpoints } = runtime;
  // The addresses are the command's answer to a person, not a log entry: plain lines, also with KIM_LOG_FORMAT=json.
  console.log(
    [
      '',
      `KIM Flow läuft (bereit nach ${((Date.now() - started) / 1000).toFixed(1)} s):`,
      `  Anwendung        ${endpoints.app}/`,
      `  Anmelden         ${endpoints.app}/anmelden`,
      `  Status           ${endpoints.app}/health`,
      `  Postausgang      ${endpoints.app}/outbox  (Ordner ${endpoints.outbox})`,
      `  DynamoDB Local   ${endpoints.dynamodb}`,
      `  Step Functions   ${endpoints.stepfunctions}`,
      `  SES              ${endpoints.ses}`,
      config.timeScale === 1 ? '' : `  Uhr läuft ${config.timeScale}-mal so schnell (KIM_TIME_SCALE).`,
      `Adressen auch in ${config.dataDir}/endpoints.json. Beenden mit Strg+C.`,
    ]
      .filter((line) => line !== '')
      .join('\n'),
  );
  if (stopRequested !== undefined) shutdown(stopRequested);
} catch (error) {
  if (KNOWN_ERRORS.some((known) => error instanceof known)) console.error(`KIM Flow konnte nicht starten: ${(error as Error).message}`);
  else console.error('KIM Flow konnte nicht starten:', error);
  process.exit(1);
}
