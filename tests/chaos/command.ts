/**
 * `npm run chaos`'s command line, without side effects, so the unit test can read it: the scenarios, the counts,
 * and the options schema (zod, German messages naming the option).
 */
import * as z from 'zod';
import { readCommandLine, type Command, type CommandLine, type CommandOptions } from '../../bin/command-line.ts';
import { formatIssues } from '../../core/validation/format-issues.ts';

export const SCENARIOS = ['dynamodb', 'engine', 'reconcilers'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const DEFAULTS = { intakes: 200, concurrency: 10, cases: 30, restarts: 2, reconcilers: 3 } as const;

const COUNT_ERROR = 'muss eine ganze Zahl ab 1 sein';
const count = z.coerce.number({ error: COUNT_ERROR }).int({ error: COUNT_ERROR }).min(1, { error: COUNT_ERROR });
const scenarioList = z
  .string()
  .transform((list) => list.split(','))
  .pipe(z.array(z.enum(SCENARIOS, { error: `kennt nur die Szenarien ${SCENARIOS.join(', ')}` })));

const optionsSchema = z.object({
  only: scenarioList.default([...SCENARIOS]),
  intakes: count.default(DEFAULTS.intakes),
  concurrency: count.default(DEFAULTS.concurrency),
  cases: count.default(DEFAULTS.cases),
  restarts: count.default(DEFAULTS.restarts),
  reconcilers: count.default(DEFAULTS.reconcilers),
  keep: z.boolean().default(false),
});

export type ChaosOptions = z.infer<typeof optionsSchema>;

const counted = (description: string, name: keyof typeof DEFAULTS) => ({ type: 'string', valueName: '<n>', description: `${description} (Standard: ${String(DEFAULTS[name])})` }) as const;

export const CHAOS_COMMAND = {
  name: 'npm run chaos',
  synopsis: ['[Optionen]'],
  summary: [
    'Wiederholt die Störungstests hinter Issue 16 gegen ein eigenes npm start (freie Ports, temporärer Datenordner,',
    'nie .kim) und berichtet mit Zahlen: jede 202 ist gespeichert, nichts ist halb geschrieben, jeder offene Fall wird',
    'genau einmal fortgesetzt, keine Mail geht zweimal hinaus. Szenarien:',
    '  dynamodb     DynamoDB Local mitten in vielen Erfassungen mit SIGKILL beenden; Clients wiederholen mit demselben',
    '               Idempotency-Key. Was DynamoDB Local selbst verliert, wird gezählt („lost“), ist aber kein Fehler.',
    '  engine       npm start mit kill -9 beenden, während Fälle zwischen ihren Schritten sind, und neu starten;',
    '               zuletzt Bedarfsklärungen einreichen und beenden, während die Vermittlungen hinausgehen.',
    '  reconcilers  mehrere npm run reconcile gleichzeitig über dieselben Sitzungen.',
    'Alle drei dauern auf 2 Kernen etwa 5–10 Minuten. Nicht Teil von npm test.',
    'Exit-Code 1, wenn ein Versprechen gebrochen ist (halb geschriebener Fall, doppelter Fall, doppelte Mail, …).',
  ].join('\n'),
  options: {
    only: { type: 'string', valueName: '<Szenarien>', description: `nur diese Szenarien, mit Komma getrennt: ${SCENARIOS.join(', ')} (Standard: alle)` },
    intakes: counted('Erfassungen im Szenario dynamodb', 'intakes'),
    concurrency: counted('gleichzeitige Anfragen der Clients', 'concurrency'),
    cases: counted('neue Fälle je Neustart im Szenario engine', 'cases'),
    restarts: counted('kill -9 und Neustarts im Szenario engine', 'restarts'),
    reconcilers: counted('gleichzeitige Sitzungsabgleiche im Szenario reconcilers', 'reconcilers'),
    keep: { type: 'boolean', description: 'die temporären Datenordner behalten (nach einem Fehler werden sie immer behalten)' },
  },
  maxPositionals: 0,
  examples: ['npm run chaos', 'npm run chaos -- --only=dynamodb --intakes=500', 'npm run chaos -- --only=engine,reconcilers --restarts=3'],
} satisfies Command<CommandOptions>;

/** The command line read: --help, a mistake (one German sentence per wrong option), or the options. */
export function readChaosCommandLine(args: readonly string[]): Exclude<CommandLine<typeof CHAOS_COMMAND.options>, { kind: 'parsed' }> | { kind: 'options'; options: ChaosOptions } {
  const line = readCommandLine(CHAOS_COMMAND, args);
  if (line.kind !== 'parsed') return line;
  const parsed = optionsSchema.safeParse(line.values);
  if (parsed.success) return { kind: 'options', options: parsed.data };
  const sentences = formatIssues(parsed.error.issues).map(({ field, message }) => `--${field.replace(/\[\d+\]$/, '')} ${message}.`);
  return { kind: 'mistake', message: [...new Set(sentences)].join(' ') };
}
