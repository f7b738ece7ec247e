/**
 * `npm run staff -- add|list|disable …`: staff of a deployed stage, i.e. the Cognito account and the staff item
 * keyed by its sub (core/staff/provision-staff.ts). Runs with the operator's AWS credentials; the stage is chosen
 * by KIM_USER_POOL_ID and KIM_TABLE_NAME (core/staff/staff-config.ts). A wrong call (unknown command or option):
 * one German sentence, exit 2; bad input or configuration: one German sentence, exit 1.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { exitWithMistake, parseCommandLine, type Command, type CommandOptions } from './command-line.ts';
import { createDocumentClient, createDynamoDbClient } from '../core/adapters/aws-clients.ts';
import { CognitoIdentityDirectory } from '../core/adapters/cognito-identity-directory.ts';
import { DynamoCaseRepository } from '../core/adapters/dynamo-case-repository.ts';
import { DynamoStaffDirectory } from '../core/adapters/dynamo-staff-directory.ts';
import type { CaseRecord } from '../core/cases/case.ts';
import { openCasesOf } from '../core/casework/hand-over-caseload.ts';
import { systemClock } from '../core/clock.ts';
import { ROLE_LABELS, STAFF_ROLES } from '../core/identity/roles.ts';
import { bundledProfile, DISTRICT_PROFILE_VARIABLE } from '../core/profile/bundled-profile.ts';
import { ProfileError } from '../core/profile/load-profile.ts';
import type { DistrictProfile } from '../core/profile/schema.ts';
import { StaffVersionConflict, type StaffRecord } from '../core/staff/ports.ts';
import {
  addStaff,
  disableStaff,
  listStaff,
  parseAddStaffInput,
  parseEmailInput,
  StaffInputError,
  type AddStaffResult,
  type DisableStaffResult,
  type StaffProvisioning,
} from '../core/staff/provision-staff.ts';
import { openCaseLines } from '../core/staff/open-case-lines.ts';
import { parseStaffConfig, POOL_HINT, StaffConfigError, TABLE_HINT } from '../core/staff/staff-config.ts';
import { formatIssues, type FieldError } from '../core/validation/format-issues.ts';
import { kpiCalendarOf } from '../core/reports/kpi-calendar.ts';

const STAFF_COMMAND = {
  name: 'npm run staff',
  synopsis: ['add --email <E-Mail> --name "<Name>" --role <Rolle> [--provider <Träger>] [--focus <Schwerpunkte>]', 'list', 'disable --email <E-Mail>'],
  summary: [
    'Verwaltet die Mitarbeitenden einer bereitgestellten Stufe: Cognito-Konto (Gruppe = Rolle) und Mitarbeitereintrag in',
    'der Tabelle, mit den AWS-Zugangsdaten der ausführenden Person. add legt an oder ergänzt (wiederholbar), list zeigt',
    'alle, disable sperrt das Konto, nimmt die Person aus der Zuweisung und listet ihre offenen Fälle (Fallnummer und',
    'Phase) mit dem Weg zur Seite „Übergabe“, auf der die Koordination sie übergibt. Eingaben werden vor jedem AWS-Aufruf',
    'geprüft.',
  ].join('\n'),
  options: {
    email: { type: 'string', valueName: '<E-Mail>', description: 'Anmeldeadresse der Person (add, disable)' },
    name: { type: 'string', valueName: '"<Name>"', description: 'Vor- und Nachname, in Anführungszeichen (add)' },
    role: { type: 'string', valueName: '<Rolle>', description: `${STAFF_ROLES.join(', ')} (add)` },
    provider: { type: 'string', valueName: '<Träger>', description: 'Kennung des Trägers im Bezirksprofil; Pflicht für casemanager (add)' },
    focus: { type: 'string', valueName: '<Schwerpunkte>', description: 'Schwerpunkte mit Komma getrennt, z. B. welcome,labour; nur für casemanager (add)' },
  },
  // Arguments beyond the command get their own hint (parseCommand).
  maxPositionals: Number.POSITIVE_INFINITY,
  environment: {
    KIM_USER_POOL_ID: `Pflicht: ${POOL_HINT}`,
    KIM_TABLE_NAME: `Pflicht: ${TABLE_HINT}`,
    AWS_REGION: 'Region der Stufe (Standard: eu-central-1)',
    [DISTRICT_PROFILE_VARIABLE]: 'Bezirksprofil der Stufe als JSON-Text, wenn sie nicht das Profil im Code nutzt',
  },
  examples: [
    'npm run staff -- add --email koordination@kreis-dueren.de --name "Sabine Krämer" --role coordinator',
    'npm run staff -- add --email a.weber@juelich.de --name "Anna Weber" --role casemanager --provider kommune-juelich --focus welcome',
    'npm run staff -- list',
    'npm run staff -- disable --email a.weber@juelich.de',
  ],
} satisfies Command<CommandOptions>;

const option = z.string().optional();

const commandSchema = z.discriminatedUnion(
  'command',
  [
    z.strictObject({ command: z.literal('add'), email: option, name: option, role: option, provider: option, focus: option }),
    z.strictObject({ command: z.literal('list') }),
    z.strictObject({ command: z.literal('disable'), email: option }),
  ],
  { error: 'muss add, list oder disable sein' },
);

/** Core names fields as the data has them; the operator typed options and arguments. */
const LABELS: Readonly<Record<string, string>> = { command: 'Befehl', argument: 'Argument', providerId: '--provider', focusAreas: '--focus' };

function optionName(field: string): string {
  const top = field.split(/[.[]/)[0] ?? field;
  return LABELS[top] ?? `--${top}`;
}

const sentence = (errors: readonly FieldError[]): string => `Nicht ausgeführt – ${errors.map((e) => `${optionName(e.field)}: ${e.message}`).join('; ')}.`;

function parseCommand(args: readonly string[]): z.output<typeof commandSchema> {
  const { values, positionals } = parseCommandLine(STAFF_COMMAND, args);
  const [command, ...extra] = positionals;
  const parsed = commandSchema.safeParse({ command, ...values });
  const errors = [
    ...(parsed.success ? [] : formatIssues(parsed.error.issues)),
    ...extra.map((arg) => ({ field: 'argument', message: `„${arg}“ gehört zu keiner Option (einen Namen mit Leerzeichen in Anführungszeichen setzen)` })),
  ];
  if (!parsed.success || errors.length > 0) exitWithMistake(STAFF_COMMAND, sentence(errors));
  return parsed.data;
}

/** The stage's provisioning, plus its cases (disable lists the person's open ones). */
type StageDependencies = StaffProvisioning & { readonly cases: DynamoCaseRepository };

/** Runs `work` against the stage the environment names; the clients are closed afterwards so the process ends. */
async function withStage(profile: DistrictProfile, work: (deps: StageDependencies) => Promise<string[]>): Promise<string[]> {
  const config = parseStaffConfig(process.env);
  const cognito = new CognitoIdentityProviderClient({ region: config.region });
  const dynamo = createDynamoDbClient({ region: config.region });
  try {
    const documents = createDocumentClient(dynamo);
    return await work({
      identities: new CognitoIdentityDirectory(cognito, config.userPoolId),
      staff: new DynamoStaffDirectory(documents, config.tableName),
      cases: new DynamoCaseRepository(documents, config.tableName, kpiCalendarOf(profile)),
      profile,
      clock: systemClock,
    });
  } finally {
    cognito.destroy();
    dynamo.destroy();
  }
}

function addLines(email: string, role: string, result: AddStaffResult): string[] {
  return [
    result.account === 'created' ? `Konto ${email} angelegt; Cognito schickt das vorläufige Passwort per E-Mail.` : `Konto ${email} bestand bereits; es ist in der Gruppe ${role}.`,
    `Mitarbeitereintrag ${result.sub} ${{ created: 'angelegt', updated: 'aktualisiert', unchanged: 'unverändert' }[result.staffItem]}.`,
  ];
}

function disableLines(email: string, result: DisableStaffResult, cases: readonly Pick<CaseRecord, 'caseId' | 'stage'>[]): string[] {
  return [
    `Konto ${email} deaktiviert.`,
    {
      disabled: `Mitarbeitereintrag ${result.sub} ist inaktiv; die Zuweisung wählt die Person nicht mehr.`,
      unchanged: `Mitarbeitereintrag ${result.sub} war bereits inaktiv.`,
      missing: 'Zu diesem Konto gibt es keinen Mitarbeitereintrag.',
    }[result.staffItem],
    ...(result.staffItem === 'missing' ? [] : openCaseLines(result.sub, cases)),
  ];
}

function listLines(records: readonly StaffRecord[], profile: DistrictProfile): string[] {
  if (records.length === 0) return ['Noch keine Mitarbeitenden angelegt.'];
  const providerName = (id: string | undefined): string => (id === undefined ? '–' : (profile.providers.find((p) => p.id === id)?.name ?? id));
  // Name and address are the only personal data shown: enough to recognise someone and to disable them.
  return [
    ['Kennung', 'Name', 'E-Mail', 'Rolle', 'Träger', 'Schwerpunkte', 'Status'].join('\t'),
    ...records.map((r) =>
      [r.id, r.name, r.email, ROLE_LABELS[r.role], providerName(r.providerId), r.focusAreas?.join(',') ?? '–', r.disabledAt === undefined ? 'aktiv' : `deaktiviert (${r.disabledAt})`].join('\t'),
    ),
  ];
}

async function run(args: readonly string[]): Promise<string[]> {
  const command = parseCommand(args);
  const profile = bundledProfile();
  switch (command.command) {
    case 'add': {
      // Checked before any AWS call, so a typo never leaves half a person behind.
      const { email, name, role, provider, focus } = command;
      const input = parseAddStaffInput({ email, name, role, providerId: provider, focusAreas: focus?.split(',').map((area) => area.trim()) }, profile);
      return withStage(profile, async (deps) => addLines(input.email, input.role, await addStaff(deps, input)));
    }
    case 'disable': {
      const email = parseEmailInput({ email: command.email });
      return withStage(profile, async (deps) => {
        const result = await disableStaff(deps, email);
        return disableLines(email, result, result.staffItem === 'missing' ? [] : await openCasesOf(deps, result.sub));
      });
    }
    case 'list':
      return withStage(profile, async (deps) => listLines(await listStaff(deps), profile));
  }
}

/** Errors AWS answered with (service errors carry `$metadata`) or that kept the SDK from asking (no credentials). */
const isAwsError = (error: unknown): error is Error => error instanceof Error && ('$metadata' in error || error.name === 'CredentialsProviderError');

try {
  for (const line of await run(process.argv.slice(2))) console.log(line);
} catch (error) {
  if (error instanceof StaffInputError) console.error(sentence(error.fieldErrors));
  else if (error instanceof StaffConfigError || error instanceof ProfileError) console.error(error.message);
  else if (error instanceof StaffVersionConflict) console.error('Der Mitarbeitereintrag wurde gleichzeitig geändert; bitte den Befehl noch einmal ausführen.');
  else if (isAwsError(error)) console.error(`Der Aufruf bei AWS ist fehlgeschlagen (${error.name}): ${error.message}`);
  else throw error;
  process.exitCode = 1;
}
