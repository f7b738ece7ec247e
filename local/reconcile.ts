/**
 * `npm run -s reconcile`: starts the meeting-notifications state machine on the running `npm start` (what the
 * 15-minute schedule does) and waits for it, printing what happened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { parseCommandLine } from '../bin/command-line.ts';
import { createSfnClient } from '../core/adapters/aws-clients.ts';
import { localEnvironmentHelp, parseLocalConfig } from './config.ts';
import { stateMachineArn } from './runtime.ts';

parseCommandLine({
  name: 'npm run -s reconcile',
  synopsis: [],
  summary: [
    'Startet den Sitzungsabgleich (Zustandsautomat meeting-notifications) im laufenden npm start – was sonst der',
    'Zeitplan alle 15 Minuten tut – und wartet auf sein Ende: Einladungen, Aktualisierungen, Absagen und Erinnerungen',
    'landen im Postausgang. Findet npm start über <Datenordner>/endpoints.json.',
  ].join('\n'),
  options: {},
  maxPositionals: 0,
  environment: localEnvironmentHelp(['KIM_DATA_DIR']),
});

const config = parseLocalConfig(process.env, process.cwd());
let endpoints: { stepfunctions: string };
try {
  endpoints = JSON.parse(readFileSync(join(config.dataDir, 'endpoints.json'), 'utf8')) as { stepfunctions: string };
} catch {
  console.error(`Keine laufende lokale Umgebung gefunden (${join(config.dataDir, 'endpoints.json')} fehlt). Bitte zuerst "npm start".`);
  process.exit(1);
}
const sfn = createSfnClient({ region: config.region, endpoint: endpoints.stepfunctions });
try {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: stateMachineArn(config, 'meeting-notifications'), name: `manual-${String(Date.now())}`, input: '{}' }),
  );
  process.stdout.write('Sitzungsabgleich läuft');
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      console.log(`\nSitzungsabgleich ${execution.status === 'SUCCEEDED' ? 'abgeschlossen' : `fehlgeschlagen (${execution.error ?? execution.status})`}. Die E-Mails stehen im Postausgang.`);
      process.exit(execution.status === 'SUCCEEDED' ? 0 : 1);
    }
    process.stdout.write('.');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
} catch (error) {
  console.error(`\nDer Sitzungsabgleich konnte nicht gestartet werden: ${error instanceof Error ? error.message : String(error)}. Läuft "npm start"?`);
  process.exit(1);
} finally {
  sfn.destroy();
}
