import type { TableAccess } from './constructs/kim-function.ts';

/**
 * What each API function may do besides reading the table (see core/casework/, core/intake/, core/meetings/): write
 * it, start the intake-to-referral workflow, answer a waiting task (SendTaskSuccess), restart a case's workflow in a
 * new generation (start, and stop the case's executions), or read the key that signs RSVP links and calendar-feed
 * URLs. A function in functions/api-routes.ts without an entry here stops synth (lib/stacks/api-stack.ts): its permissions are a decision, not
 * a default.
 */
export const API_FUNCTION_ACCESS: Readonly<
  Record<string, { readonly table: TableAccess; readonly workflow?: 'start' | 'answer' | 'restart'; readonly linkSecret?: true; readonly sendsMail?: true }>
> = {
  'create-intake': { table: 'read-write', workflow: 'start' },
  'list-cases': { table: 'read' },
  // Every case a search shows is written to its history (audit); the caseload overview only reads.
  'search-cases': { table: 'read-write' },
  'caseload-overview': { table: 'read' },
  'list-inactive-cases': { table: 'read' },
  // Every read of a case's detail is written to its history (audit).
  'get-case': { table: 'read-write' },
  // The consent form shows the person's name and date of birth: the read is written to the case's history (audit).
  'consent-form': { table: 'read-write' },
  'submit-assessment': { table: 'read-write', workflow: 'answer' },
  'revoke-consent': { table: 'read-write', workflow: 'answer' },
  'close-case': { table: 'read-write', workflow: 'answer' },
  // Reopening starts the case's next execution generation (at its stage: monitoring).
  'reopen-case': { table: 'read-write', workflow: 'start' },
  // Fortsetzen: the parked case's next generation is a new execution.
  'resume-case': { table: 'read-write', workflow: 'start' },
  // Rectification: client, case, person marker and history in one transaction; the execution runs on untouched.
  'correct-client': { table: 'read-write' },
  // Restriction (data protection officer): restricting stops the case's execution, lifting starts its next generation.
  'restrict-case': { table: 'read-write', workflow: 'restart' },
  // Erasure (coordination): the tombstone, then the case's execution stopped and its erasing generation started.
  'erase-person': { table: 'read-write', workflow: 'restart' },
  'record-outcome': { table: 'read-write', workflow: 'answer' },
  // Hand-over (coordination): the case and both caseloads in one transaction, then a mail to the new case manager.
  // The waiting step keeps its token, so no Step Functions call; the lists only read.
  'hand-over-case': { table: 'read-write', sendsMail: true },
  'hand-over-caseload': { table: 'read-write', sendsMail: true },
  'list-handover-targets': { table: 'read' },
  'list-case-managers': { table: 'read' },
  'list-caseload': { table: 'read' },
  // A consent or referral added after the assessment: the case's execution is stopped and its next generation started.
  'record-consent': { table: 'read-write', workflow: 'restart' },
  'add-referral': { table: 'read-write', workflow: 'restart' },
  // The case record (contacts, notes, goals): written by the case work, and every read audited in the history.
  'case-record': { table: 'read-write' },
  // Gap reports are only read here; raising and reviewing them are changes of their own.
  'list-gap-reports': { table: 'read' },
  // A case manager's gap report: one new item.
  'raise-gap-report': { table: 'read-write' },
  // Reviewing changes gap reports and, when routing one to a body, that body's next meeting (an agenda item).
  'review-gap-report': { table: 'read-write' },
  // The KPI report only reads (cases by stage and date, their referrals, gap reports, meetings).
  'kpi-report': { table: 'read' },
  // The access export is audited in the case's history (person-exported); the audit view and the record of processing only read.
  'export-person': { table: 'read-write' },
  'audit-log': { table: 'read' },
  'processing-record': { table: 'read' },
  // Meeting administration changes meetings and memberships; like every meeting handler it may read the
  // link-signing key (signed links for the coordination, e.g. a body's calendar-feed URL).
  'meetings-api': { table: 'read-write', linkSecret: true },
  // RSVP answers are recorded; the calendar feed only reads. Both check the signed token in their URL.
  'meeting-links': { table: 'read-write', linkSecret: true },
  // The service's answer by its signed link: records the answer and ends the workflow's wait for it.
  'referral-links': { table: 'read-write', workflow: 'answer', linkSecret: true },
  // The public OParl feed (core/oparl/): reads meetings and memberships of the published bodies, nothing else.
  oparl: { table: 'read' },
  // The API's OpenAPI description reads nothing; the table is there only because every API function's environment
  // names it (functions/_shared/dependencies/process.ts), and read is the least of the two grants.
  openapi: { table: 'read' },
};
