/**
 * All dependencies at once, for the local runtime (`npm start`) and the tests: every client against the local
 * endpoints, on the runtime's clock. Lambda handlers do not import this module — it loads every AWS SDK package —
 * but take the parts they use from the part modules (process-dependencies.ts explains them), which answer with
 * what `provideDependencies` was given here.
 */
import { logger } from '../logger.ts';
import type { Clock } from '../../../core/clock.ts';
import { createWorkingCalendar } from '../../../core/calendar/working-days.ts';
import type { DistrictProfile } from '../../../core/profile/schema.ts';
import { createDocumentClient, createDynamoDbClient } from '../../../core/adapters/dynamodb-client.ts';
import { createSesClient } from '../../../core/adapters/ses-client.ts';
import { createSfnClient } from '../../../core/adapters/sfn-client.ts';
import { SesMailer } from '../../../core/adapters/ses-mailer.ts';
import { SfnTaskCallbacks } from '../../../core/adapters/sfn-task-callbacks.ts';
import { DynamoMeetingRepository } from '../../../core/adapters/dynamo-meeting-repository.ts';
import { DynamoMinutesRepository } from '../../../core/adapters/dynamo-minutes-repository.ts';
import { DynamoCaseRecordRepository } from '../../../core/adapters/dynamo-case-record-repository.ts';
import { DynamoNoticeLedger } from '../../../core/adapters/dynamo-notice-ledger.ts';
import { DynamoCaseRepository } from '../../../core/adapters/dynamo-case-repository.ts';
import { DynamoReferralRepository } from '../../../core/adapters/dynamo-referral-repository.ts';
import { SfnCaseWorkflow } from '../../../core/adapters/sfn-case-workflow.ts';
import { countedMailer } from './counted-mailer.ts';
import { MissingConfiguration, type Dependencies } from './process.ts';
import { kpiCalendarOf } from '../../../core/reports/kpi-calendar.ts';

export { MissingConfiguration, provideDependencies, type Dependencies } from './process.ts';

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

const unconfigured = (): Promise<never> => Promise.reject(new MissingConfiguration('INTAKE_STATE_MACHINE_ARN ist für diese Funktion nicht gesetzt.'));

export function buildDependencies(options: DependencyOptions): Dependencies {
  const documents = createDocumentClient(createDynamoDbClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.dynamodb }) }));
  const sfn = createSfnClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.stepfunctions }) });
  const ses = createSesClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.ses }) });
  const arn = options.intakeStateMachineArn;
  const kpiCalendar = kpiCalendarOf(options.profile);
  return {
    profile: options.profile,
    clock: options.clock,
    tableName: options.tableName,
    documents,
    cases: new DynamoCaseRepository(documents, options.tableName, kpiCalendar),
    referrals: new DynamoReferralRepository(documents, options.tableName, kpiCalendar),
    workflow:
      arn === undefined
        ? { start: unconfigured, execution: unconfigured, running: unconfigured, stop: unconfigured }
        : new SfnCaseWorkflow(sfn, arn),
    sfn,
    callbacks: new SfnTaskCallbacks(sfn, (message, facts) => {
      logger.warn(message, facts);
    }),
    calendar: createWorkingCalendar(options.profile),
    mailer: countedMailer(new SesMailer(ses, options.mailFrom, options.sesConfigurationSet)),
    appUrl: options.appUrl,
    meetings: new DynamoMeetingRepository(documents, options.tableName),
    minutes: new DynamoMinutesRepository(documents, options.tableName),
    records: new DynamoCaseRecordRepository(documents, options.tableName),
    notices: new DynamoNoticeLedger(documents, options.tableName),
    linkSecret: options.linkSecret,
  };
}
