/**
 * The local runtime's configuration, from environment variables, parsed once with zod. A bad value stops
 * `npm start` with one sentence per variable, naming it.
 */
import { resolve } from 'node:path';
import * as z from 'zod';
import { describeFieldErrors, formatIssues } from '../core/validation/format-issues.ts';
import { DEFAULT_PROFILE_PATH } from '../core/profile/load-profile.ts';
import { DEFAULT_DEMO_DATA_PATH } from './demo/load-demo-data.ts';

const port = (fallback: number, service: string) =>
  z.coerce
    .number({ error: 'muss eine Portnummer sein (1–65535)' })
    .int({ error: 'muss eine ganze Zahl sein (1–65535)' })
    .min(1, { error: 'muss zwischen 1 und 65535 liegen' })
    .max(65535, { error: 'muss zwischen 1 und 65535 liegen' })
    .default(fallback)
    .describe(`Port ${service}`);

// Each variable's description is what `npm start -- --help` shows (localEnvironmentHelp).
const environmentSchema = z.object({
  KIM_DATA_DIR: z.string().min(1).default('.kim').describe('Datenordner: DynamoDB-Dateien, Postausgang, Schlüssel, endpoints.json'),
  KIM_HOST: z
    .union([z.ipv4(), z.literal('localhost')], { error: 'muss eine IPv4-Adresse oder "localhost" sein' })
    .default('127.0.0.1')
    .describe('Adresse, auf der die lokalen Dienste lauschen'),
  PORT: port(3000, 'der Anwendung: Seiten und API'),
  DYNAMODB_PORT: port(8000, 'von DynamoDB Local'),
  STEPFUNCTIONS_PORT: port(8083, 'des lokalen Step-Functions-Endpunkts'),
  SES_PORT: port(8005, 'des lokalen SES-Endpunkts'),
  KIM_TIME_SCALE: z.coerce
    .number({ error: 'muss eine Zahl sein, z. B. 60 für eine Minute pro Sekunde' })
    .positive({ error: 'muss größer als 0 sein' })
    .max(1_000_000, { error: 'darf höchstens 1000000 sein' })
    .default(1)
    .describe('wie viel schneller die Uhr läuft, z. B. 1440: ein Tag pro Minute'),
  KIM_TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: 'muss ein gültiger DynamoDB-Tabellenname sein (3–255 Zeichen: A–Z a–z 0–9 _ . -)' })
    .default('kim-flow')
    .describe('Name der Tabelle in DynamoDB Local'),
  KIM_LOG_FORMAT: z
    .enum(['pretty', 'json'], { error: 'muss „pretty“ (eine lesbare Zeile je Eintrag) oder „json“ (wie in AWS) sein' })
    .default('pretty')
    .describe('Protokoll im Terminal: pretty (eine lesbare Zeile je Eintrag) oder json (wie in AWS)'),
  KIM_PROFILE: z.string().min(1).optional().describe('Pfad eines Bezirksprofils (Standard: das Profil im Code, core/profile/kreis-dueren.json)'),
  // Demo people name the profile's providers and bodies: another profile needs its own demo people.
  KIM_DEMO_DATA: z.string().min(1).optional().describe('Pfad der Demo-Personen zum Profil (Standard: local/demo/demo-data.json)'),
});

export type LocalVariable = keyof typeof environmentSchema.shape;

/** The variables (all, or those a command reads) with meaning and default, for the commands' `--help`. */
export function localEnvironmentHelp(names: readonly LocalVariable[] = environmentSchema.keyof().options): Record<string, string> {
  const defaults = environmentSchema.parse({});
  return Object.fromEntries(
    names.map((name) => {
      const fallback = defaults[name];
      return [name, `${environmentSchema.shape[name].description ?? ''}${fallback === undefined ? '' : ` (Standard: ${fallback})`}`];
    }),
  );
}

export interface LocalConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly ports: { readonly app: number; readonly dynamodb: number; readonly stepfunctions: number; readonly ses: number };
  readonly timeScale: number;
  readonly tableName: string;
  readonly profilePath: string;
  readonly demoDataPath: string;
  readonly logFormat: 'pretty' | 'json';
  readonly region: string;
  readonly accountId: string;
}

/** Which variable moves which port, for messages about a port already in use. */
export const PORT_VARIABLES = { app: 'PORT', dynamodb: 'DYNAMODB_PORT', stepfunctions: 'STEPFUNCTIONS_PORT', ses: 'SES_PORT' } as const;

export class ConfigError extends Error {}

export function parseLocalConfig(env: NodeJS.ProcessEnv, cwd: string): LocalConfig {
  // Empty variables count as unset, as a shell user expects from `PORT= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`Die Umgebungsvariablen sind ungültig:\n${describeFieldErrors(formatIssues(parsed.error.issues))}`);
  }
  const e = parsed.data;
  const ports = { app: e.PORT, dynamodb: e.DYNAMODB_PORT, stepfunctions: e.STEPFUNCTIONS_PORT, ses: e.SES_PORT };
  const taken = new Map<number, string>();
  for (const [name, value] of Object.entries(ports) as [keyof typeof ports, number][]) {
    const other = taken.get(value);
    if (other !== undefined) throw new ConfigError(`${PORT_VARIABLES[name]} und ${other} haben denselben Port ${value}; jeder Dienst braucht einen eigenen.`);
    taken.set(value, PORT_VARIABLES[name]);
  }
  return {
    dataDir: resolve(cwd, e.KIM_DATA_DIR),
    host: e.KIM_HOST,
    ports,
    timeScale: e.KIM_TIME_SCALE,
    tableName: e.KIM_TABLE_NAME,
    logFormat: e.KIM_LOG_FORMAT,
    profilePath: e.KIM_PROFILE === undefined ? DEFAULT_PROFILE_PATH : resolve(cwd, e.KIM_PROFILE),
    demoDataPath: e.KIM_DEMO_DATA === undefined ? DEFAULT_DEMO_DATA_PATH : resolve(cwd, e.KIM_DEMO_DATA),
    // Data stays in Germany: the same region as the deployment; the account id is DynamoDB Local's dummy.
    region: 'eu-central-1',
    accountId: '000000000000',
  };
}
