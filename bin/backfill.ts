/**
 * `npm run backfill`: builds what every case write derives — the KPI report's counters, the case list's entries and
 * counts — from the cases in the table (core/adapters/dynamo-kpi-backfill.ts): once after deploying the version that
 * writes them with every change, or to repair them. For a
 * deployed stage (KIM_TABLE_NAME, AWS_REGION, the AWS credentials of the person running it) or, with --local, for
 * the running `npm start`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildKpiCounters, type BackfillProgress } from '../core/adapters/dynamo-kpi-backfill.ts';
import { createDocumentClient, createDynamoDbClient } from '../core/adapters/dynamodb-client.ts';
import { systemClock } from '../core/clock.ts';
import { bundledProfile } from '../core/profile/bundled-profile.ts';
import { loadProfileFile, ProfileError } from '../core/profile/load-profile.ts';
import { stageTableSchema, TABLE_HINT } from '../core/staff/staff-config.ts';
import { formatIssues } from '../core/validation/format-issues.ts';
import { ConfigError, parseLocalConfig } from '../local/config.ts';
import { exitWithMistake, parseCommandLine, type Command, type CommandOptions } from './command-line.ts';
import { kpiCalendarOf, type KpiCalendar } from '../core/reports/kpi-calendar.ts';

const COMMAND: Command<CommandOptions> = {
  name: 'npm run backfill',
  synopsis: ['[--local]'],
  summary: [
    'Baut aus den Fällen der Tabelle neu auf, was jede Änderung eines Falls mitschreibt: die Zähler des Kennzahlenberichts',
    '(je Tag und Monat der Erstaufnahme) und die Einträge und Zählstände der Fall-Listen. Einmal nach dem Einspielen der',
    'Version, die sie schreibt, oder zur Reparatur; ein zweiter Lauf ergibt dasselbe. Bitte laufen lassen, während niemand an',
    'Fällen arbeitet: ein Fall, der währenddessen geändert wird, kann doppelt oder gar nicht gezählt sein (ein weiterer',
    'Lauf repariert das). Fälle nach Ablauf ihrer Löschfrist werden nicht mehr gezählt.',
  ].join('\n'),
  options: {
    local: { type: 'boolean', description: 'die Tabelle des laufenden npm start (DynamoDB Local) statt einer bereitgestellten Stufe' },
  },
  maxPositionals: 0,
  environment: {
    KIM_TABLE_NAME: `Pflicht ohne --local: ${TABLE_HINT}`,
    AWS_REGION: 'Region der Stufe (Standard: eu-central-1)',
    KIM_DATA_DIR: 'mit --local: Datenordner des npm start (Standard: .kim)',
    KIM_PROFILE: 'mit --local: Bezirksprofil des npm start (Standard: das Profil im Code)',
  },
  examples: ['KIM_TABLE_NAME=kim-flow-prod npm run backfill', 'npm run backfill -- --local'],
};

interface Target {
  readonly tableName: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly calendar: KpiCalendar;
}

function localTarget(): Target {
  const config = parseLocalConfig(process.env, process.cwd());
  let endpoint: string;
  try {
    endpoint = (JSON.parse(readFileSync(join(config.dataDir, 'endpoints.json'), 'utf8')) as { dynamodb: string }).dynamodb;
  } catch {
    throw new ConfigError(`Keine laufende lokale Umgebung gefunden (${join(config.dataDir, 'endpoints.json')} fehlt). Bitte zuerst "npm start".`);
  }
  return { tableName: config.tableName, region: config.region, endpoint, calendar: kpiCalendarOf(loadProfileFile(config.profilePath)) };
}

function stageTarget(): Target {
  const present = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = stageTableSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`${formatIssues(parsed.error.issues).map((e) => `Umgebungsvariable ${e.field} ${e.message}`).join('; ')}.`);
  return { tableName: parsed.data.KIM_TABLE_NAME, region: parsed.data.AWS_REGION, calendar: kpiCalendarOf(bundledProfile()) };
}

const PHASES: Readonly<Record<BackfillProgress['phase'], string>> = { read: 'Fälle gelesen', write: 'Einträge geschrieben' };

const { values } = parseCommandLine(COMMAND);
let target: Target;
try {
  target = values.local === true ? localTarget() : stageTarget();
} catch (error) {
  if (error instanceof ConfigError || error instanceof ProfileError) exitWithMistake(COMMAND, error.message);
  throw error;
}
const dynamodb = createDynamoDbClient({ region: target.region, ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }) });
try {
  console.log(`Zähler und Fall-Listen neu aufbauen: Tabelle ${target.tableName} (${target.endpoint ?? target.region}) …`);
  const result = await rebuildKpiCounters({ documents: createDocumentClient(dynamodb), tableName: target.tableName, calendar: target.calendar }, systemClock.now(), (progress) => {
    console.log(`  ${String(progress.done)} von ${String(progress.total)} ${PHASES[progress.phase]}`);
  });
  console.log(
    `Fertig: ${String(result.cases)} Fälle gezählt, Zähler für ${String(result.days)} Tage und ${String(result.months)} Monate geschrieben, ${String(result.removed)} veraltete entfernt.`,
  );
} catch (error) {
  console.error(`Der Neuaufbau ist abgebrochen: ${error instanceof Error ? error.message : String(error)}. Ein neuer Lauf setzt ihn vollständig neu auf.`);
  process.exitCode = 1;
} finally {
  dynamodb.destroy();
}
