/**
 * A read of a person's data is written to the case's history as it happens — who, when, which kind of read, never
 * what was shown — and kept for the profile's `retention.readAuditDays` on its own date, not the case's: the data
 * protection officer's view (gsi AUDIT#…) must not lose reads when a case is reopened, nor keep them longer.
 */
import type { CaseRepository } from '../cases/ports.ts';
import type { Clock } from '../clock.ts';
import type { Caller } from '../identity/caller.ts';
import { expiresAfterDays } from '../privacy/retention.ts';
import type { DistrictProfile } from '../profile/schema.ts';

export type ReadKind = 'case-read' | 'record-read' | 'case-found' | 'person-exported' | 'consent-form-printed';

export interface ReadAuditDependencies {
  readonly cases: Pick<CaseRepository, 'appendEvent'>;
  readonly clock: Clock;
  readonly profile: Pick<DistrictProfile, 'retention'>;
}

export async function auditRead(deps: ReadAuditDependencies, caller: Pick<Caller, 'userId'>, caseId: string, kind: ReadKind, details?: Readonly<Record<string, string | number | boolean>>): Promise<void> {
  const now = deps.clock.now();
  await deps.cases.appendEvent(caseId, { kind, actor: caller.userId, ...(details === undefined ? {} : { details }), expiresAt: expiresAfterDays(now, deps.profile.retention.readAuditDays) }, now);
}
