/**
 * The process's dependencies, in parts. A Lambda handler takes only the parts it uses, from the modules that build
 * them: this one (profile, clock, working calendar, app URL), table-dependencies.ts (DynamoDB and the repositories),
 * step-functions-dependencies.ts (starting workflows, answering waiting tasks), mail-dependencies.ts (SES) and
 * link-secret-dependencies.ts (Secrets Manager). Each part is built once per process, on first use, from the Lambda
 * environment (parsed once, with zod, failing with a sentence that names the variable). Nothing is built while the
 * module loads, and a handler that does not import a part's module never loads its AWS SDK package: in an ESM
 * bundle every static import is evaluated at init, so this module imports no SDK at all.
 *
 * Under `npm start` and in tests the runtime provides all of them at once (`provideDependencies`), with its clock
 * and the local endpoints; every part then comes from that object.
 */
import * as z from 'zod';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { systemClock, type Clock } from '../../../core/clock.ts';
import { createWorkingCalendar, type WorkingCalendar } from '../../../core/calendar/working-days.ts';
import type { CaseRepository, CaseWorkflow, ReferralRepository } from '../../../core/cases/ports.ts';
import type { TaskCallbacks } from '../../../core/cases/task-callbacks.ts';
import type { Mailer } from '../../../core/mail/mail-message.ts';
import type { NoticeLedger } from '../../../core/mail/notice-ledger.ts';
import type { MeetingRepository } from '../../../core/meetings/ports.ts';
import type { MinutesRepository } from '../../../core/meetings/minutes-ports.ts';
import type { CaseRecordRepository } from '../../../core/counselling/ports.ts';
import { bundledProfile } from '../../../core/profile/bundled-profile.ts';
import type { DistrictProfile } from '../../../core/profile/schema.ts';

/** Everything any handler may get; the local runtime and the tests build all of it (dependencies.ts). */
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
  /** Meetings' minutes, their action items and follow-up. */
  readonly minutes: MinutesRepository;
  /** The case record: contacts, notes, goals. */
  readonly records: CaseRecordRepository;
  /** The workflow notices' claims: each goes out at most once. */
  readonly notices: NoticeLedger;
  /** The key that signs RSVP links and calendar-feed URLs (Secrets Manager in AWS, a local file under npm start). */
  readonly linkSecret: () => Promise<string>;
}

export class MissingConfiguration extends Error {}

let provided: Dependencies | undefined;

/** Used by the local runtime and tests: handlers then run against the local endpoints on the runtime's clock. */
export function provideDependencies(dependencies: Dependencies): void {
  provided = dependencies;
}

export function providedDependencies(): Dependencies | undefined {
  return provided;
}

export interface LambdaEnvironment {
  readonly region: string;
  readonly tableName: string;
  readonly intakeStateMachineArn?: string;
  readonly mailFrom: string;
  readonly appUrl: string;
  readonly sesConfigurationSet?: string;
  readonly linkSecretArn?: string;
}

let environment: LambdaEnvironment | undefined;

/** The function's environment, parsed on first use (the schema too: nothing of it runs at init). */
export function lambdaEnvironment(): LambdaEnvironment {
  if (environment === undefined) {
    const parsed = z
      .object({
        AWS_REGION: z.string().min(1),
        TABLE_NAME: z.string().min(1),
        INTAKE_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
        MAIL_FROM: z.string().min(3),
        APP_URL: z.url(),
        SES_CONFIGURATION_SET: z.string().min(1).optional(),
        LINK_SECRET_ARN: z.string().startsWith('arn:').optional(),
      })
      .safeParse(process.env);
    if (!parsed.success) {
      throw new MissingConfiguration(`Umgebung der Funktion unvollständig: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    const env = parsed.data;
    environment = {
      region: env.AWS_REGION,
      tableName: env.TABLE_NAME,
      mailFrom: env.MAIL_FROM,
      appUrl: env.APP_URL,
      ...(env.INTAKE_STATE_MACHINE_ARN === undefined ? {} : { intakeStateMachineArn: env.INTAKE_STATE_MACHINE_ARN }),
      ...(env.SES_CONFIGURATION_SET === undefined ? {} : { sesConfigurationSet: env.SES_CONFIGURATION_SET }),
      ...(env.LINK_SECRET_ARN === undefined ? {} : { linkSecretArn: env.LINK_SECRET_ARN }),
    };
  }
  return environment;
}

/**
 * One part of the dependencies: built from the environment on the first call, then the same object for the life
 * of the process — or, when a runtime provided the dependencies, that object.
 */
export function dependencyPart<K extends keyof Dependencies>(build: (env: LambdaEnvironment) => Pick<Dependencies, K>): () => Pick<Dependencies, K> {
  let built: Pick<Dependencies, K> | undefined;
  return () => {
    if (provided !== undefined) return provided;
    built ??= build(lambdaEnvironment());
    return built;
  };
}

/** What almost every handler needs and no AWS client: the district profile (parsed on first use), clock, calendar. */
export const baseDependencies = dependencyPart<'profile' | 'clock' | 'calendar' | 'appUrl'>((env) => {
  const profile = bundledProfile();
  return { profile, clock: systemClock, calendar: createWorkingCalendar(profile), appUrl: env.appUrl };
});
