/** POST /api/cases/{id}/close: the case manager closes a case in monitoring; the retention period starts. */
import { VersionConflict } from '../cases/ports.ts';
import { conflict } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';

const DAY_SECONDS = 24 * 60 * 60;

export async function closeCase(deps: CaseworkDependencies, caller: Caller, caseId: string): Promise<{ closedAt: string; expiresAt: number }> {
  const record = await caseForCaller(deps, caller, caseId);
  if (record.stage !== 'monitoring') throw conflict('Nur ein Fall in der Begleitung (alle Vermittlungen abgeschlossen) kann geschlossen werden.');
  const now = deps.clock.now();
  const expiresAt = Math.floor(now.getTime() / 1000) + deps.profile.retention.caseClosedDays * DAY_SECONDS;
  const { closureTaskToken, ...rest } = record;
  try {
    await deps.cases.closeCase(
      rest,
      { stage: 'closed', closedAt: now.toISOString(), expiresAt },
      { kind: 'closed', actor: caller.userId, details: { retentionDays: deps.profile.retention.caseClosedDays } },
      now,
    );
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Der Fall wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.');
    throw error;
  }
  if (closureTaskToken !== undefined) await deps.callbacks.succeed(closureTaskToken, { closed: true });
  return { closedAt: now.toISOString(), expiresAt };
}
