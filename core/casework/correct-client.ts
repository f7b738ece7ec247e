/**
 * PATCH /api/cases/{id}/client: the case's case manager or the coordination corrects the person's data (Art. 16
 * DSGVO). One transaction (CaseRepository.correctClient) writes the client item at the version the form was filled
 * from, the case (its municipality, and what a move means for it: correct-client-plan.ts), the person marker when
 * name or date of birth move its key, and one history event `client-corrected` naming the changed fields — names
 * only, never an old or a new value — with who and when (the event's actor and time).
 *
 * A correction that repeats what is stored changes nothing and answers so (a form sent twice). A correction filled
 * from older data than is stored is refused: the person would overwrite what someone else corrected meanwhile.
 */
import { localDate } from '../calendar/local-date.ts';
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseManagerLoad } from '../cases/ports.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { nameOf } from '../workflow/workflow-dependencies.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import type { CorrectableField } from './correct-client-fields.ts';
import { clientCorrectionSchema } from './correct-client-input.ts';
import { planCorrection, type Eligibility } from './correct-client-plan.ts';

export type CorrectionDependencies = Pick<CaseworkDependencies, 'profile' | 'clock' | 'cases'>;

export interface CorrectionResult {
  /** Names of the corrected fields; empty when the data already read so. */
  readonly changed: CorrectableField[];
  /** The client item's version now: the next correction is made on it. */
  readonly clientVersion: number;
  readonly eligibility: Eligibility;
  /** What follows, in German, when the case cannot stay as it is after a change of municipality. */
  readonly consequence?: string;
}

// A workflow step may write the case between read and write (a task token, a stage): read again, plan again.
const ATTEMPTS = 5;
const STALE = 'Die Angaben zur Person wurden zwischenzeitlich geändert. Bitte laden Sie den Fall neu und prüfen Sie sie noch einmal.';
const HAND_OVER = 'Bitte übergeben Sie den Fall (Abschnitt „Übergeben“); bis dahin ist er als „Klärung nötig“ markiert.';

/** The German sentence the answer and the page show for an outcome that asks for action. */
export function consequenceOf(profile: Pick<DistrictProfile, 'focusAreas' | 'municipalities' | 'providers'>, record: CaseRecord, eligibility: Eligibility, manager: CaseManagerLoad | undefined): string | undefined {
  const municipality = nameOf(profile.municipalities, record.municipalityId);
  const managerIs = manager === undefined ? 'die bisher zuständige Person arbeitet nicht mehr im Case-Management' : `der Träger ${nameOf(profile.providers, manager.providerId)} von ${manager.name} ist für ${municipality} nicht zuständig`;
  switch (eligibility.kind) {
    case 'hand-over':
      return `${managerIs.charAt(0).toUpperCase()}${managerIs.slice(1)}: ${HAND_OVER}`;
    case 'alternative-route': {
      const route = `Der Schwerpunkt ${nameOf(profile.focusAreas, eligibility.from)} wird in ${municipality} nicht angeboten: Der Fall wird wie bei der Einordnung über die ${nameOf(profile.focusAreas, eligibility.to)} begleitet, die Lücke ist an die Koordination gemeldet.`;
      return eligibility.handOver ? `${route} Doch ${managerIs}: ${HAND_OVER}` : route;
    }
    default:
      return undefined;
  }
}

export async function correctClient(deps: CorrectionDependencies, caller: Caller, caseId: string, raw: unknown): Promise<CorrectionResult> {
  await caseForCaller(deps, caller, caseId);
  const parsed = clientCorrectionSchema({ profile: deps.profile, today: localDate(deps.clock.now(), deps.profile.district.timeZone) }).safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const correction = parsed.data;
  for (let attempt = 1; ; attempt += 1) {
    const record = await caseForCaller(deps, caller, caseId);
    const client = await deps.cases.getClient(caseId);
    if (client === undefined) throw notFound('Die Angaben zur Person');
    const manager = record.caseManagerId === undefined ? undefined : await deps.cases.getCaseManager(record.caseManagerId);
    const now = deps.clock.now();
    const plan = planCorrection(deps.profile, { record, client, correction, manager }, now);
    if (plan.changed.length === 0) return { changed: [], clientVersion: client.version, eligibility: plan.eligibility };
    if (client.version !== correction.version) throw conflict(STALE);
    const focusAreaMoved = plan.case.focusArea !== record.focusArea;
    try {
      await deps.cases.correctClient(
        plan.case,
        { caseBefore: record, expected: client, client: plan.client, ...(plan.personKey === undefined ? {} : { personKey: plan.personKey }), ...(plan.gapReport === undefined ? {} : { gapReport: plan.gapReport }) },
        {
          kind: 'client-corrected',
          actor: caller.userId,
          details: {
            fields: plan.changed.join(','),
            ...(plan.eligibility.kind === 'unchanged' ? {} : { eligibility: plan.eligibility.kind }),
            ...(focusAreaMoved && plan.case.focusArea !== undefined ? { focusArea: plan.case.focusArea } : {}),
          },
        },
        now,
      );
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (attempt >= ATTEMPTS) throw conflict(STALE);
      continue;
    }
    const consequence = consequenceOf(deps.profile, plan.case, plan.eligibility, manager);
    return { changed: plan.changed, clientVersion: plan.client.version, eligibility: plan.eligibility, ...(consequence === undefined ? {} : { consequence }) };
  }
}
