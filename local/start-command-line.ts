/**
 * `npm start`'s command line. start.ts imports this module first, and ES modules are evaluated in import order, so
 * `--help` answers (and a wrong option stops with exit code 2) before any other module of the system runs:
 * nothing is started, no folder is created.
 */
import { parseCommandLine } from '../bin/command-line.ts';
import { localEnvironmentHelp } from './config.ts';

parseCommandLine({
  name: 'npm start',
  synopsis: [],
  summary: [
    'Startet KIM Flow vollständig auf diesem Rechner und läuft bis Strg+C: DynamoDB Local (braucht Java ≥ 17; die Daten',
    'bleiben im Datenordner), den lokalen Step-Functions-Endpunkt, der die Zustandsautomaten aus state-machines/ mit',
    'den echten Handlern ausführt, den lokalen SES-Endpunkt, der jede Mail in den Postausgang schreibt, und die',
    'Anwendung: Seiten, API, Anmeldung als Demo-Person (/anmelden), Postausgang (/outbox), Status (/health).',
    'Lädt Bezirksprofil und Demo-Daten, setzt offene Fälle fort und gleicht die Sitzungen alle 15 Minuten ab.',
    'Die Adressen stehen danach auch in <Datenordner>/endpoints.json.',
  ].join('\n'),
  options: {},
  maxPositionals: 0,
  environment: localEnvironmentHelp(),
  examples: ['npm start', 'PORT=3100 KIM_TIME_SCALE=1440 npm start     # eigener Port, ein Tag pro Minute'],
});
