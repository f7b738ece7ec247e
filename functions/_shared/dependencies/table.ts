/** The table part of the dependencies: one DynamoDB client per process and the repositories on it. */
import { createDocumentClient, createDynamoDbClient } from '../../../core/adapters/dynamodb-client.ts';
import { DynamoCaseRepository } from '../../../core/adapters/dynamo-case-repository.ts';
import { DynamoReferralRepository } from '../../../core/adapters/dynamo-referral-repository.ts';
import { DynamoMeetingRepository } from '../../../core/adapters/dynamo-meeting-repository.ts';
import { DynamoMinutesRepository } from '../../../core/adapters/dynamo-minutes-repository.ts';
import { DynamoCaseRecordRepository } from '../../../core/adapters/dynamo-case-record-repository.ts';
import { DynamoNoticeLedger } from '../../../core/adapters/dynamo-notice-ledger.ts';
import { bundledProfile } from '../../../core/profile/bundled-profile.ts';
import { dependencyPart } from './process.ts';
import { kpiCalendarOf } from '../../../core/reports/kpi-calendar.ts';

export const tableDependencies = dependencyPart<'tableName' | 'documents' | 'cases' | 'referrals' | 'meetings' | 'minutes' | 'records' | 'notices'>((env) => {
  const documents = createDocumentClient(createDynamoDbClient({ region: env.region }));
  // The district's calendar: the KPI counters are kept by its days and working days (core/reports/kpi-calendar.ts).
  const calendar = kpiCalendarOf(bundledProfile());
  return {
    tableName: env.tableName,
    documents,
    cases: new DynamoCaseRepository(documents, env.tableName, calendar),
    referrals: new DynamoReferralRepository(documents, env.tableName, calendar),
    meetings: new DynamoMeetingRepository(documents, env.tableName),
    minutes: new DynamoMinutesRepository(documents, env.tableName),
    records: new DynamoCaseRecordRepository(documents, env.tableName),
    notices: new DynamoNoticeLedger(documents, env.tableName),
  };
});
