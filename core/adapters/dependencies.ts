/**
 * All dependencies at once, for the local runtime (`npm start`) and the tests: every client against the local
 * endpoints, on the runtime's clock. Lambda handlers do not import this module — it loads every AWS SDK package —
 * but take the parts they use from the part modules (process-dependencies.ts explains them), which answer with
 * what `provideDependencies` was given here.
 */
import type { Clock } from '../clock.ts';
import { createWorkingCalendar } from '../calendar/working-days.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { createDocumentClient, createDynamoDbClient } from './dynamodb-client.ts';
import { createSesClient } from './ses-client.ts';
import { createSfnClient } from './sfn-client.ts';
import { SesMailer } from './ses-mailer.ts';
import { SfnTaskCallbacks } from './sfn-task-callbacks.ts';
import { DynamoMeetingRepository } from './dynamo-meeting-repository.ts';
import { DynamoCaseRepository, DynamoReferralRepository } from './dynamo-case-repository.ts';
import { SfnCaseWorkflow } from './sfn-case-workflow.ts';
import { MissingConfiguration, type Dependencies } from './process-dependencies.ts';

export { MissingConfiguration, provideDependencies, type Dependencies } from './process-dependencies.ts';

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

export function buildDependencies(options: DependencyOptions): Dependencies {
  const documents = createDocumentClient(createDynamoDbClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.dynamodb }) }));
  const sfn = createSfnClient({ region: options.region, ...(options.endpoints === undefined ? {} : { endpoint: options.endpoints.stepfunctions }) });
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
