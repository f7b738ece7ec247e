/**
 * The officer's audit query (core/privacy/audit-log.ts) before it reaches the store: dates of the district's calendar
 * become instants (Berlin, across a change of summer time), the month partitions from the newest back, the period at
 * most twelve months (a leap day too), German errors at their field, the dpo role only, and lines named by the staff
 * directory with the kind in German words.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { readAuditLog, type AuditLog, type AuditQuery } from '../../core/privacy/audit-log.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { StaffDirectory, StaffRecord } from '../../core/staff/ports.ts';

const dpo: Caller = { userId: 'jonas-berger', email: 'd@example.org', roles: ['dpo'] };

function world() {
  const asked: AuditQuery[] = [];
  const audit: AuditLog = {
    read: (query) => {
      asked.push(query);
      return Promise.resolve({ items: [{ at: '2026-03-30T08:00:00.000Z', caseId: 'KIM-2026-7QK3M2XD', actor: 'sabine-kraemer', kind: 'case-read' }], next: 'weiter' });
    },
  };
  const people = [{ id: 'sabine-kraemer', name: 'Sabine Krämer', role: 'coordinator' }] as unknown as StaffRecord[];
  const staff = { list: () => Promise.resolve(people) } as unknown as StaffDirectory;
  return { deps: { profile: bundledProfile(), clock: new ManualClock('2026-12-01T09:00:00Z'), audit, staff }, asked };
}

describe('the audit query', () => {
  it('turns the district’s days into instants and month partitions, newest first', async () => {
    const { deps, asked } = world();
    const answer = await readAuditLog(deps, dpo, { from: '2026-01-15', to: '2026-03-29', actor: 'sabine-kraemer' });
    expect(asked[0]).toMatchObject({ actor: 'sabine-kraemer', from: '2026-01-14T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z', months: ['2026-03', '2026-02', '2026-01'] });
    expect(answer).toEqual({
      entries: [{ at: '2026-03-30T08:00:00.000Z', caseId: 'KIM-2026-7QK3M2XD', kind: 'case-read', kindLabel: 'Fall angesehen', by: { id: 'sabine-kraemer', name: 'Sabine Krämer', role: 'Koordination' } }],
      next: 'weiter',
    });
    // The first of a month in Berlin begins in the month before, in UTC: that partition is read too.
    await readAuditLog(deps, dpo, { from: '2026-02-01', to: '2026-02-01' });
    expect(asked[1]?.months).toEqual(['2026-02', '2026-01']);
    expect(asked[1]?.from).toBe('2026-01-31T23:00:00.000Z');
  });

  it('allows at most twelve months, a leap day included, and names each bad field in German', async () => {
    const { deps } = world();
    await expect(readAuditLog(deps, dpo, { from: '2028-02-29', to: '2029-02-28' })).resolves.toBeDefined();
    const refusal = (raw: Record<string, string>) => readAuditLog(deps, dpo, raw).then(() => undefined, (error: unknown) => (error as { errors?: unknown }).errors);
    expect(await refusal({ from: '2028-02-29', to: '2029-03-01' })).toEqual([{ field: 'to', message: 'der Zeitraum darf höchstens 12 Monate umfassen' }]);
    expect(await refusal({ from: '2026-05-02', to: '2026-05-01' })).toEqual([{ field: 'to', message: 'darf nicht vor dem Anfangsdatum liegen' }]);
    expect(await refusal({ from: '2026-02-30', to: '2026-03-01' })).toEqual([{ field: 'from', message: 'ist kein gültiges Datum' }]);
    expect(await refusal({ from: '2026-01-01', to: '2026-01-31', case: 'Haddad' })).toEqual([{ field: 'case', message: 'muss eine Fallnummer wie „KIM-2026-7QK3M2XD“ sein' }]);
  });

  it('is for the data protection officer only', async () => {
    const { deps } = world();
    for (const role of ['intake', 'casemanager', 'coordinator', 'admin'] as const) {
      await expect(readAuditLog(deps, { ...dpo, roles: [role] }, { from: '2026-01-01', to: '2026-01-31' })).rejects.toMatchObject({ kind: 'not-allowed' });
    }
  });
});
