/**
 * Everything a handler needs, built once per process. In Lambda from the environment (parsed with zod, failing
 * with a sentence that names the variable); under `npm start` and in tests the runtime provides them, with its
 * clock and the local endpoints.
 */
import { z } from 'zod';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock, type Clock } from '../clock.ts';
import { createWorkingCalendar, type WorkingCalendar } from '../calendar/working-days.ts';
import type { Mailer } from '../mail/mail-message.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { bundledProfile } from '../profile/bundled-profile.ts';
import type { CaseRepository, CaseWorkflow, ReferralRepository } from '../cases/ports.ts';
import { createDocumentClient, createDynamoDbClient, createSesClient, createSfnClient } from './aws-clients.ts';
import { SesMailer } from './ses-mailer.ts';
import { SfnTaskCallbacks } from './sfn-task-callbacks.ts';
import { DynamoMeetingRepository } from './dynamo-meeting-repository.ts';
import type { MeetingRepository } from '../meetings/ports.ts';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';
import { DynamoCaseRepository, DynamoReferralRepository } from './dynamo-case-repository.ts';
import { SfnCaseWorkflow } from './sfn-case-workflow.ts';

export interface Dependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly tableName: string;
  readonly documents: DynamoDBDocumentClient;
  readonly cases: CaseRepository;
  readonly referrals: ReferralRepository;
  /** Only for functions that start workflows (the API); task functions of the state machine have no ARN. */
  readonly workflow: CaseWorkflow;
  readonly sfn: SFNClient;
  readonly callbacks: TaskCallbacks;
  readonly calendar: WorkingCalendar;
  readonly mailer: Mailer;
  readonly appUrl: string;
  readonly meetings: MeetingRepository;
  /** The key that signs RSVP links and calendar-feed URLs (Secrets Manager in AWS, a local file under npm start). */
  readonly linkSecret: () => Promise<string>;
}

export interface DependencyOptions {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly tableName: string;
  readonly region: string;
  readonly intakeStateMachineArn?: string;
  readonly mailFrom: string;
  readonly appUrl: string;
  readonly sesConfigurationSet?: string;
  readonly linkSecret: () => Promise<string>;
  readonly endpoints?: { readonly dynamodb: string; readonly stepfunctions: string; readonly ses: string };
}

export class MissingConfiguration extends Error {}

export function buildDependencies(options: DependencyOptions): Dependencies {
  const documents = createDocumentClient(createDynamoDbClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.dynamodb }) }));
  const sfn: SFNClient = createSfnClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.stepfunctions }) });
  const ses = createSesClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.ses }) });
  const arn = options.intakeStateMachineArn;
  return {
    profile: options.profile,
    clock: options.clock,
    tableName: options.tableName,
    documents,
    cases: new DynamoCaseRepository(documents, options.tableName),
    referrals: new DynamoReferralRepository(documents, options.tableName),
    workflow:
      arn === undefined
        ? { start: () => Promise.reject(new MissingConfiguration('INTAKE_STATE_MACHINE_ARN ist für diese Funktion nicht gesetzt.')) }
        : new SfnCaseWorkflow(sfn, arn),
    sfn,
    callbacks: new SfnTaskCallbacks(sfn),
    calendar: createWorkingCalendar(options.profile),
    mailer: new SesMailer(ses, options.mailFrom, options.sesConfigurationSet),
    appUrl: options.appUrl,
    meetings: new DynamoMeetingRepository(documents, options.tableName),
    linkSecret: options.linkSecret,
  };
}

/** Reads the signing key from Secrets Manager once per process, on first use (not every handler needs it). */
function secretFrom(region: string, secretArn: string | undefined): () => Promise<string> {
  let value: Promise<string> | undefined;
  return () => {
    if (secretArn === undefined) return Promise.reject(new MissingConfiguration('LINK_SECRET_ARN ist für diese Funktion nicht gesetzt.'));
    value ??= new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: secretArn })).then((answer) => {
      if (answer.SecretString === undefined || answer.SecretString.length < 32) throw new MissingConfiguration('Der Signaturschlüssel (LINK_SECRET_ARN) ist leer oder zu kurz.');
      return answer.SecretString;
    });
    return value;
  };
}

const lambdaEnvironment = z.object({
  AWS_REGION: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  INTAKE_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  MAIL_FROM: z.string().min(3),
  APP_URL: z.url(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  LINK_SECRET_ARN: z.string().startsWith('arn:').optional(),
});

let current: Dependencies | undefined;

/** The process's dependencies; built from the Lambda environment on first use unless a runtime provided them. */
export function dependencies(): Dependencies {
  if (current === undefined) {
    const parsed = lambdaEnvironment.safeParse(process.env);
    if (!parsed.success) {
      throw new MissingConfiguration(`Umgebung der Funktion unvollständig: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    current = buildDependencies({
      profile: bundledProfile(),
      clock: systemClock,
      tableName: parsed.data.TABLE_NAME,
      region: parsed.data.AWS_REGION,
      mailFrom: parsed.data.MAIL_FROM,
      appUrl: parsed.data.APP_URL,
      linkSecret: secretFrom(parsed.data.AWS_REGION, parsed.data.LINK_SECRET_ARN),
      ...(parsed.data.SES_CONFIGURATION_SET === undefined ? {} : { sesConfigurationSet: parsed.data.SES_CONFIGURATION_SET }),
      ...(parsed.data.INTAKE_STATE_MACHINE_ARN === undefined ? {} : { intakeStateMachineArn: parsed.data.INTAKE_STATE_MACHINE_ARN }),
    });
  }
  return current;
}

/** Used by the local runtime and tests: handlers then run against the local endpoints on the runtime's clock. */
export function provideDependencies(provided: Dependencies): void {
  current = provided;
}
