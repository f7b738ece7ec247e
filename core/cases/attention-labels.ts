/**
 * Why a case parked ("Klärung nötig"), in words a coordinator understands. The case item keeps only ids: the error
 * name the ASL's Catch handed to ParkCase (`attention.step`) and its stage, which does not change while the case is
 * parked — the state machine picks its steps by stage (ResumeAtStage), so the stage says which step failed.
 * Browser-safe: plain data and type imports only (the case page and the mails use it).
 */
import { MUNICIPALITY_CHANGED } from '../casework/correct-client-fields.ts';
import type { CaseStage } from './case.ts';

/** The step that runs in each stage, for errors that do not name their step themselves. */
const STEP_OF_STAGE: Readonly<Record<CaseStage, string>> = {
  intake: 'Die Einordnung in einen Schwerpunkt ist fehlgeschlagen',
  triaged: 'Die Zuweisung an das Case-Management ist fehlgeschlagen',
  'waiting-list': 'Die Zuweisung an das Case-Management ist fehlgeschlagen',
  assigned: 'Die E-Mail an das Case-Management konnte nicht gesendet werden',
  'awaiting-assessment': 'Das Warten auf die Einschätzung ist fehlgeschlagen (Erinnerung oder Meldung an die Koordination)',
  referring: 'Die Vermittlungen konnten nicht vorbereitet werden',
  monitoring: 'Das Warten auf den Abschluss ist fehlgeschlagen',
  closed: 'Ein Arbeitsschritt ist fehlgeschlagen',
};

/** Errors of the ASL that name their step (the Fail states inside the Referrals map), and marks set by people. */
const NAMED_STEPS: Readonly<Record<string, string>> = {
  ReferralNotSent: 'Die E-Mail an den Dienst (Vermittlung) konnte nicht gesendet werden',
  ReferralFailed: 'Die Nachverfolgung einer Vermittlung ist fehlgeschlagen (Erinnerung an den Dienst oder dessen Rückmeldung)',
  // Not a failure: a correction of the client's municipality (core/casework/correct-client-plan.ts); a hand-over clears it.
  [MUNICIPALITY_CHANGED]: 'Nach der Berichtigung der Kommune ist der Träger der zuständigen Person dort nicht zuständig: Bitte übergeben Sie den Fall',
};

/** What kind of failure it was, where the error name tells. */
const CAUSES: Readonly<Record<string, string>> = {
  KimTransientError: 'technische Störung, auch nach mehreren Versuchen',
  'States.Timeout': 'Zeitüberschreitung',
  'States.TaskFailed': 'technischer Fehler',
  StepFailed: 'die Daten des Falls passen nicht zu diesem Schritt',
};

/** One German sentence: which step failed and, where known, why. */
export function attentionReason(stage: CaseStage, step: string): string {
  const what = NAMED_STEPS[step] ?? STEP_OF_STAGE[stage];
  const cause = CAUSES[step];
  return cause === undefined ? `${what}.` : `${what} – ${cause}.`;
}
