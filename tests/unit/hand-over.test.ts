/**
 * The hand-over's mail to the new case manager when a call dies on the way (what the workflow tests cannot make
 * happen): the marker the transaction leaves is answered by a later call for the case — not while the first call may
 * still be running, once after that, never twice. In-memory case store with the repository's version check.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/cases/case.ts';
import { VersionConflict, type CaseChanges, type CaseEvent, type CaseManagerLoad, type CaseRepository } from '../../core/cases/ports.ts';
import { ManualClock } from '../../core/clock.ts';
import { handOverCase } from '../../core/casework/hand-over.ts';
import type { Caller } from '../../core/identity/caller.ts';
import type { OutgoingMail } from '../../core/mail/mail-message.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';

const MINUTE = 60 * 1000;
const coordinator: Caller = { userId: 'sabine-kraemer', email: 'sabine.kraemer@kreis-dueren.example', roles: ['coordinator'] };

function world() {
  const clock = new ManualClock('2026-12-01T09:00:00Z');
  const record: CaseRecord = {
    caseId: 'KIM-2026-7QK3M2XD',
    version: 7,
    createdAt: '2026-11-24T08:00:00.000Z',
    updatedAt: '2026-11-24T08:00:00.000Z',
    stage: 'monitoring',
    municipalityId: 'kreuzau',
    requestedFocusArea: 'welcome',
    focusArea: 'welcome',
    crisis: false,
    needCategories: ['language'],
    intakeBy: 'lena-hoffmann',
    caseManagerId: 'samuel-mensah',
    providerId: 'kommune-kreuzau',
    closureTaskToken: 'token-1',
    generation: 1,
  };
  const managers = new Map<string, CaseManagerLoad>(
    [
      { staffId: 'samuel-mensah', name: 'Samuel Mensah', email: 'samuel@example.org', providerId: 'kommune-kreuzau', focusAreas: ['welcome'], openCases: 1 },
      { staffId: 'thomas-mueller', name: 'Thomas Müller', email: 'thomas@example.org', providerId: 'traeger-c', focusAreas: ['welcome'], openCases: 0 },
    ].map((m) => [m.staffId, m]),
  );
  const stored = new Map([[record.caseId, record]]);
  const events: CaseEvent[] = [];
  const sent: OutgoingMail[] = [];
  let failNextMail = false;
  const put = (expected: CaseRecord, changes: CaseChanges, now: Date): CaseRecord => {
    if (stored.get(expected.caseId)?.version !== expected.version) throw new VersionConflict('changed');
    const next = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
    stored.set(next.caseId, next);
    return next;
  };
  const cases: Partial<CaseRepository> = {
    getCase: (caseId) => Promise.resolve(stored.get(caseId)),
    getCaseManager: (staffId) => Promise.resolve(managers.get(staffId)),
    listCaseManagers: (providerIds) => Promise.resolve([...managers.values()].filter((m) => providerIds.includes(m.providerId))),
    listAllCaseManagers: () => Promise.resolve([...managers.values()]),
    updateCase: (expected, changes, event, now) => {
      const next = put(expected, changes, now);
      if (event !== undefined) events.push(event);
      return Promise.resolve(next);
    },
    handOverCase: (expected, manager, changes, event, now) => {
      const next = put(expected, { ...changes, caseManagerId: manager.staffId, providerId: manager.providerId }, now);
      events.push(event);
      return Promise.resolve(next);
    },
  };
  const mailer = {
    send: (mail: OutgoingMail) => {
      if (failNextMail) {
        failNextMail = false;
        return Promise.reject(new Error('SES not reached'));
      }
      sent.push(mail);
      return Promise.resolve('message-id');
    },
  };
  const deps = { profile: bundledProfile(), clock, cases: cases as CaseRepository, mailer, appUrl: 'https://kim.example' };
  return { deps, stored, events, sent, failMail: () => (failNextMail = true), record };
}

const input = { from: 'samuel-mensah', target: 'thomas-mueller', reason: 'Elternzeit' };

describe('the hand-over mail to the new case manager', () => {
  it('is sent once, the marker removed, the waiting token kept, and a repeated call sends nothing', async () => {
    const w = world();
    expect(await handOverCase(w.deps, coordinator, w.record.caseId, input)).toMatchObject({ caseManagerId: 'thomas-mueller', handedOver: true });
    expect(w.sent.map((m) => [m.to, m.subject])).toEqual([[['thomas@example.org'], `Fall ${w.record.caseId} an Sie übergeben`]]);
    expect(w.stored.get(w.record.caseId)).toMatchObject({ caseManagerId: 'thomas-mueller', providerId: 'traeger-c', closureTaskToken: 'token-1' });
    expect(w.stored.get(w.record.caseId)?.handoverNotice).toBeUndefined();
    expect(await handOverCase(w.deps, coordinator, w.record.caseId, input)).toMatchObject({ handedOver: false });
    expect(w.sent).toHaveLength(1);
    expect(w.events.map((e) => e.kind)).toEqual(['handed-over']);
  });

  it('is owed when the call died before it: a later call sends it once the first call is surely over, and only once', async () => {
    const w = world();
    w.failMail();
    await expect(handOverCase(w.deps, coordinator, w.record.caseId, input)).rejects.toThrow('SES not reached');
    // The case moved; the marker says the mail is owed.
    expect(w.stored.get(w.record.caseId)?.handoverNotice).toEqual({ staffId: 'thomas-mueller', since: w.deps.clock.now().toISOString() });

    // A retry at once: the first call might still be on its way, so no mail yet.
    expect(await handOverCase(w.deps, coordinator, w.record.caseId, input)).toMatchObject({ handedOver: false });
    expect(w.sent).toHaveLength(0);

    await w.deps.clock.advance(3 * MINUTE);
    const retries = await Promise.all([1, 2, 3].map(() => handOverCase(w.deps, coordinator, w.record.caseId, { ...input, target: 'auto' })));
    expect(retries.every((r) => !r.handedOver && r.caseManagerId === 'thomas-mueller')).toBe(true);
    expect(w.sent.map((m) => m.to)).toEqual([['thomas@example.org']]);
    expect(w.stored.get(w.record.caseId)?.handoverNotice).toBeUndefined();
  });

  it('chooses "auto" as the assignment does — the least loaded other case manager who may take the case — and refuses cases without one', async () => {
    const w = world();
    const auto = await handOverCase(w.deps, coordinator, w.record.caseId, { ...input, target: 'auto' });
    // This world has two case managers covering Kreuzau: "auto" takes the other one, whoever holds the case.
    expect(auto).toMatchObject({ caseManagerId: 'thomas-mueller', handedOver: true });
    expect(w.events[0]?.details).toMatchObject({ from: 'samuel-mensah', to: 'thomas-mueller', choice: 'auto' });
    const back = handOverCase(w.deps, coordinator, w.record.caseId, { from: 'thomas-mueller', target: 'auto', reason: 'Zurück' });
    await expect(back).resolves.toMatchObject({ caseManagerId: 'samuel-mensah', handedOver: true });

    const { caseManagerId: _none, ...unassigned } = w.record;
    w.stored.set(w.record.caseId, { ...unassigned, version: 20, stage: 'waiting-list' });
    await expect(handOverCase(w.deps, coordinator, w.record.caseId, input)).rejects.toThrow('Der Fall hat noch keine zuständige Person; er wird automatisch zugewiesen, sobald jemand frei ist.');
    w.stored.set(w.record.caseId, { ...w.record, version: 21, stage: 'closed' });
    await expect(handOverCase(w.deps, coordinator, w.record.caseId, input)).rejects.toThrow('Ein abgeschlossener Fall wird nicht übergeben. Soll weiter an ihm gearbeitet werden, eröffnen Sie ihn zuerst wieder.');
    await expect(handOverCase(w.deps, { ...coordinator, roles: ['casemanager'] }, w.record.caseId, input)).rejects.toThrow('Dafür fehlt Ihnen die Berechtigung.');
  });

  it('is not sent in stage "assigned": the workflow tells the new case manager with its own first mail', async () => {
    const w = world();
    w.stored.set(w.record.caseId, { ...w.record, stage: 'assigned' });
    expect(await handOverCase(w.deps, coordinator, w.record.caseId, input)).toMatchObject({ handedOver: true });
    expect(w.sent).toEqual([]);
    expect(w.stored.get(w.record.caseId)?.handoverNotice).toBeUndefined();
  });
});
