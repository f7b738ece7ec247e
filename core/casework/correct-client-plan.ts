/**
 * What a correction of client data (Art. 16 DSGVO) changes, decided without I/O: which fields differ from what is
 * stored (only their names go into the history, never a value), the client item as it becomes, whether the person
 * key moves (it is derived from family name and date of birth), and — when the municipality changes — whether the
 * case may stay as it is. The rules are those of triage and assignment: a focus area not offered in the new
 * municipality takes triage's alternative route (the welcome counselling, plus a gap report), and a case manager
 * whose provider does not cover the new municipality (and focus area) must hand the case over. Such a case is marked
 * "Klärung nötig" (attention step `municipality-changed`) until the coordination hands it over — never kept silently.
 */
import { mayTakeCase } from '../cases/assignment.ts';
import type { CaseRecord, ClientRecord } from '../cases/case.ts';
import { workflowGapReport, type GapReport } from '../cases/gap-report.ts';
import { personKey } from '../cases/person-key.ts';
import type { CaseManagerLoad } from '../cases/ports.ts';
import { triage } from '../cases/triage.ts';
import { validationFailed } from '../errors.ts';
import type { DistrictProfile, FocusAreaId } from '../profile/schema.ts';
import { CORRECTABLE_FIELDS, MUNICIPALITY_CHANGED, type CorrectableField } from './correct-client-fields.ts';
import type { ClientCorrection } from './correct-client-input.ts';

/** What the change of municipality means for the case. */
export type Eligibility =
  /** The municipality stayed. */
  | { readonly kind: 'unchanged' }
  /** Focus area offered there, and the case manager (if any yet) may keep the case; or triage is still to come. */
  | { readonly kind: 'eligible' }
  /** A closed case is corrected, not re-routed. */
  | { readonly kind: 'closed' }
  /** The focus area is not offered there: triage's alternative route; `handOver` when the case manager cannot follow. */
  | { readonly kind: 'alternative-route'; readonly from: FocusAreaId; readonly to: FocusAreaId; readonly handOver: boolean }
  /** The case manager's provider does not cover the new municipality: the coordination must hand the case over. */
  | { readonly kind: 'hand-over' };

export interface CorrectionPlan {
  /** In the order of CORRECTABLE_FIELDS; empty when the correction repeats what is stored. */
  readonly changed: CorrectableField[];
  /** The client item as it becomes (version and all): replaces the stored one at its version. */
  readonly client: ClientRecord;
  /** The case as it becomes, still at the version read (the write raises it), like every conditional update. */
  readonly case: CaseRecord;
  /** The new person key, when family name or date of birth changed it. */
  readonly personKey?: string;
  readonly gapReport?: GapReport;
  readonly eligibility: Eligibility;
}

/** Equal as stored data: objects by their entries whatever their key order (DynamoDB does not keep it). */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, i) => sameValue(value, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return a === b;
}

/** The stored client with the correction applied: a field left out stays, null removes an optional one. */
function corrected(client: ClientRecord, correction: ClientCorrection): { client: ClientRecord; changed: CorrectableField[] } {
  const removed = new Set(CORRECTABLE_FIELDS.filter((field) => correction[field] === null));
  const given = Object.fromEntries(CORRECTABLE_FIELDS.flatMap((field) => (correction[field] === undefined || correction[field] === null ? [] : [[field, correction[field]]])));
  const next = Object.fromEntries(Object.entries({ ...client, ...given }).filter(([field]) => !removed.has(field as CorrectableField))) as unknown as ClientRecord;
  return { client: next, changed: CORRECTABLE_FIELDS.filter((field) => !sameValue(next[field], client[field])) };
}

interface EligibilityInput {
  readonly record: CaseRecord;
  readonly municipalityId: string;
  /** The case's case manager as the staff list knows them; undefined when they left (or the case has none). */
  readonly manager: Pick<CaseManagerLoad, 'providerId' | 'focusAreas'> | undefined;
}

function eligibilityOf(profile: Pick<DistrictProfile, 'focusAreas' | 'providers'>, { record, municipalityId, manager }: EligibilityInput): { eligibility: Eligibility; focusArea?: FocusAreaId; gap?: boolean } {
  if (record.stage === 'closed') return { eligibility: { kind: 'closed' } };
  // Not triaged yet: triage reads the case's (new) municipality itself.
  if (record.focusArea === undefined) return { eligibility: { kind: 'eligible' } };
  const routed = triage(profile, municipalityId, record.focusArea);
  const managerMayKeep = record.caseManagerId === undefined || (manager !== undefined && mayTakeCase(profile, manager, municipalityId, routed.focusArea));
  if (!routed.eligible) {
    return { eligibility: { kind: 'alternative-route', from: record.focusArea, to: routed.focusArea, handOver: !managerMayKeep }, focusArea: routed.focusArea, gap: true };
  }
  return { eligibility: managerMayKeep ? { kind: 'eligible' } : { kind: 'hand-over' } };
}

const needsHandOver = (eligibility: Eligibility): boolean => eligibility.kind === 'hand-over' || (eligibility.kind === 'alternative-route' && eligibility.handOver);

/** The attention mark after the correction: set when a hand-over is due, cleared when a move back made it moot. */
function withAttention(record: CaseRecord, eligibility: Eligibility, now: Date): CaseRecord {
  if (eligibility.kind === 'unchanged') return record;
  if (needsHandOver(eligibility)) {
    // A case parked for another reason stays parked for it: the coordination looks at it anyway.
    return record.attention === undefined ? { ...record, attention: { step: MUNICIPALITY_CHANGED, at: now.toISOString() } } : record;
  }
  if (record.attention?.step !== MUNICIPALITY_CHANGED) return record;
  const { attention: _moot, ...rest } = record;
  return rest;
}

export function planCorrection(
  profile: Pick<DistrictProfile, 'focusAreas' | 'providers'>,
  input: { readonly record: CaseRecord; readonly client: ClientRecord; readonly correction: ClientCorrection; readonly manager: EligibilityInput['manager'] },
  now: Date,
): CorrectionPlan {
  const { record, client, correction } = input;
  const next = corrected(client, correction);
  // The intake's cross-field rule, on the data as it becomes.
  if (next.client.arrivalDate < next.client.dateOfBirth) {
    throw validationFailed([{ field: correction.arrivalDate === undefined ? 'dateOfBirth' : 'arrivalDate', message: 'Die Ankunft in Deutschland darf nicht vor dem Geburtsdatum liegen' }]);
  }
  const moved = next.changed.includes('municipalityId');
  const routed = moved ? eligibilityOf(profile, { record, municipalityId: next.client.municipalityId, manager: input.manager }) : { eligibility: { kind: 'unchanged' } as const };
  const key = personKey(next.client.familyName, next.client.dateOfBirth);
  return {
    changed: next.changed,
    client: { ...next.client, version: client.version + 1 },
    case: withAttention(
      {
        ...record,
        municipalityId: next.client.municipalityId,
        ...(routed.focusArea === undefined ? {} : { focusArea: routed.focusArea }),
      },
      routed.eligibility,
      now,
    ),
    ...(key === personKey(client.familyName, client.dateOfBirth) ? {} : { personKey: key }),
    ...(routed.gap === true && record.focusArea !== undefined
      ? { gapReport: workflowGapReport({ reason: 'focus-area-not-offered', municipalityId: next.client.municipalityId, focusArea: record.focusArea }, now) }
      : {}),
    eligibility: routed.eligibility,
  };
}
