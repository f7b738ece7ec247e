/**
 * The Lambda handlers `npm start` runs in-process: the API's (by functionName of functions/api-routes.ts) and the
 * state machines' task functions (by functions/task-functions.ts). In AWS each is its own function.
 */
import type { ApiHandler } from './api-gateway.ts';
import type { LocalLambdaHandler } from './stepfunctions/task-integrations.ts';
import { functionArnPlaceholder, STATE_MACHINE_TASKS, type TaskFunctionName } from '../functions/task-functions.ts';
import { handler as createIntake } from '../functions/create-intake/handler.ts';
import { handler as listCases } from '../functions/list-cases/handler.ts';
import { handler as getCase } from '../functions/get-case/handler.ts';
import { handler as consentForm } from '../functions/consent-form/handler.ts';
import { handler as searchCases } from '../functions/search-cases/handler.ts';
import { handler as caseloadOverview } from '../functions/caseload-overview/handler.ts';
import { handler as listInactiveCases } from '../functions/list-inactive-cases/handler.ts';
import { handler as submitAssessment } from '../functions/submit-assessment/handler.ts';
import { handler as revokeConsent } from '../functions/revoke-consent/handler.ts';
import { handler as closeCase } from '../functions/close-case/handler.ts';
import { handler as reopenCase } from '../functions/reopen-case/handler.ts';
import { handler as correctClient } from '../functions/correct-client/handler.ts';
import { handler as restrictCase } from '../functions/restrict-case/handler.ts';
import { handler as erasePerson } from '../functions/erase-person/handler.ts';
import { handler as eraseCaseData } from '../functions/erase-case-data/handler.ts';
import { handler as tellServicesErased } from '../functions/tell-services-erased/handler.ts';
import { handler as handOverCase } from '../functions/hand-over-case/handler.ts';
import { handler as handOverCaseload } from '../functions/hand-over-caseload/handler.ts';
import { handler as listHandOverTargets } from '../functions/list-handover-targets/handler.ts';
import { handler as listCaseManagers } from '../functions/list-case-managers/handler.ts';
import { handler as listCaseload } from '../functions/list-caseload/handler.ts';
import { handler as recordConsent } from '../functions/record-consent/handler.ts';
import { handler as addReferral } from '../functions/add-referral/handler.ts';
import { handler as resumeCase } from '../functions/resume-case/handler.ts';
import { handler as recordOutcome } from '../functions/record-outcome/handler.ts';
import { handler as listGapReports } from '../functions/list-gap-reports/handler.ts';
import { handler as raiseGapReport } from '../functions/raise-gap-report/handler.ts';
import { handler as reviewGapReport } from '../functions/review-gap-report/handler.ts';
import { handler as kpiReport } from '../functions/kpi-report/handler.ts';
import { handler as exportPerson } from '../functions/export-person/handler.ts';
import { handler as auditLog } from '../functions/audit-log/handler.ts';
import { handler as processingRecord } from '../functions/processing-record/handler.ts';
import { handler as triageCase } from '../functions/triage-case/handler.ts';
import { handler as assignCaseManager } from '../functions/assign-case-manager/handler.ts';
import { handler as notifyCaseManager } from '../functions/notify-case-manager/handler.ts';
import { handler as assessmentTimer } from '../functions/assessment-timer/handler.ts';
import { handler as awaitAssessment } from '../functions/await-assessment/handler.ts';
import { handler as listOpenReferrals } from '../functions/list-open-referrals/handler.ts';
import { handler as sendReferral } from '../functions/send-referral/handler.ts';
import { handler as outcomeTimer } from '../functions/outcome-timer/handler.ts';
import { handler as awaitOutcome } from '../functions/await-outcome/handler.ts';
import { handler as awaitClosure } from '../functions/await-closure/handler.ts';
import { handler as monitoringTimer } from '../functions/monitoring-timer/handler.ts';
import { handler as applyRetention } from '../functions/apply-retention/handler.ts';
import { handler as parkCase } from '../functions/park-case/handler.ts';
import { handler as planMeetingNotifications } from '../functions/plan-meeting-notifications/handler.ts';
import { handler as reconcileMeeting } from '../functions/reconcile-meeting/handler.ts';
import { handler as sweepCases } from '../functions/sweep-cases/handler.ts';
import { handler as meetingsApi } from '../functions/meetings-api/handler.ts';
import { handler as caseRecord } from '../functions/case-record/handler.ts';
import { handler as meetingLinks } from '../functions/meeting-links/handler.ts';
import { handler as referralLinks } from '../functions/referral-links/handler.ts';
import { handler as oparl } from '../functions/oparl/handler.ts';
import { handler as openapi } from '../functions/openapi/handler.ts';

export function localHandlers(): Record<string, ApiHandler> {
  return {
    'create-intake': createIntake,
    'list-cases': listCases,
    'get-case': getCase,
    'consent-form': consentForm,
    'search-cases': searchCases,
    'caseload-overview': caseloadOverview,
    'list-inactive-cases': listInactiveCases,
    'submit-assessment': submitAssessment,
    'revoke-consent': revokeConsent,
    'close-case': closeCase,
    'reopen-case': reopenCase,
    'correct-client': correctClient,
    'restrict-case': restrictCase,
    'erase-person': erasePerson,
    'hand-over-case': handOverCase,
    'hand-over-caseload': handOverCaseload,
    'list-handover-targets': listHandOverTargets,
    'list-case-managers': listCaseManagers,
    'list-caseload': listCaseload,
    'record-consent': recordConsent,
    'add-referral': addReferral,
    'resume-case': resumeCase,
    'record-outcome': recordOutcome,
    'list-gap-reports': listGapReports,
    'raise-gap-report': raiseGapReport,
    'review-gap-report': reviewGapReport,
    'kpi-report': kpiReport,
    'export-person': exportPerson,
    'audit-log': auditLog,
    'processing-record': processingRecord,
    'meetings-api': meetingsApi,
    'case-record': caseRecord,
    'meeting-links': meetingLinks,
    'referral-links': referralLinks,
    oparl,
    openapi,
  };
}

const TASK_HANDLERS: Record<TaskFunctionName, LocalLambdaHandler> = {
  'triage-case': triageCase,
  'assign-case-manager': assignCaseManager,
  'notify-case-manager': notifyCaseManager,
  'assessment-timer': assessmentTimer,
  'await-assessment': awaitAssessment,
  'list-open-referrals': listOpenReferrals,
  'send-referral': sendReferral,
  'outcome-timer': outcomeTimer,
  'await-outcome': awaitOutcome,
  'await-closure': awaitClosure,
  'monitoring-timer': monitoringTimer,
  'apply-retention': applyRetention,
  'erase-case-data': eraseCaseData,
  'tell-services-erased': tellServicesErased,
  'park-case': parkCase,
  'plan-meeting-notifications': planMeetingNotifications,
  'reconcile-meeting': reconcileMeeting,
  'sweep-cases': sweepCases,
};

/** The task handlers by function name, and the ASL placeholders filled with local function ARNs. */
export function localTaskFunctions(region: string, accountId: string): { lambdas: Record<string, LocalLambdaHandler>; substitutions: Record<string, string> } {
  const names = Object.values(STATE_MACHINE_TASKS).flat();
  return {
    lambdas: Object.fromEntries(names.map((name) => [name, TASK_HANDLERS[name]])),
    substitutions: Object.fromEntries(names.map((name) => [functionArnPlaceholder(name), `arn:aws:lambda:${region}:${accountId}:function:${name}`])),
  };
}
