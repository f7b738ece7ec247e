/**
 * POST /api/cases/{id}/resume ("Fortsetzen"): the coordination has fixed what made a case park and lets it go on
 * from its stage in a new execution generation. Idempotent: of many clicks at once one raises the generation and
 * starts the execution; the others find the case no longer parked and answer the same without starting anything.
 */
import type { CaseWorkflow } from '../cases/ports.ts';
import { conflict } from '../errors.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import { restartWorkflow } from '../workflow/resume-cases.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { MUNICIPALITY_CHANGED } from './correct-client-fields.ts';

export interface ResumeResult {
  /** The generation now driving the case. */
  readonly generation: number;
  /** false when the case was not parked (any more): someone resumed it first, nothing was started. */
  readonly resumed: boolean;
}

export async function resumeCase(deps: Pick<CaseworkDependencies, 'cases' | 'clock'> & { readonly workflow: CaseWorkflow }, caller: Caller, caseId: string): Promise<ResumeResult> {
  requireRole(caller, 'coordinator');
  const record = await caseForCaller(deps, caller, caseId);
  if (record.attention === undefined) return { generation: record.generation, resumed: false };
  if (record.stage === 'closed') throw conflict('Ein abgeschlossener Fall kann nicht fortgesetzt werden. Soll er weitergehen, eröffnen Sie ihn bitte wieder (auf der Fallseite).');
  // Its execution still runs: a new one beside it would drive the case twice. The hand-over clears the mark.
  if (record.attention.step === MUNICIPALITY_CHANGED) throw conflict('Dieser Fall läuft weiter und wird nicht fortgesetzt, sondern übergeben: Bitte übergeben Sie ihn an eine Person, deren Träger die neue Kommune abdeckt.');
  const { attention, ...unparked } = record;
  const next = await restartWorkflow(deps, unparked, { kind: 'case-resumed', actor: caller.userId, details: { step: attention.step } });
  if (next !== undefined) return { generation: next.generation, resumed: true };
  // Lost the race: whoever won resumed it — unless something else changed the case and it is still parked.
  const now = await caseForCaller(deps, caller, caseId);
  if (now.attention === undefined) return { generation: now.generation, resumed: false };
  throw conflict('Der Fall wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.');
}
