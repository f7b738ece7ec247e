/**
 * Issue 18, the minutes, on the real system (DynamoDB Local, the reconciler, the outbox): a draft saved by the
 * coordination (German field errors, nothing saved on bad input), released once the meeting has begun — once, also
 * when five releases race — and mailed to everyone invited with the printable minutes attached and no calendar part;
 * the action item is listed on the body's next meeting, its owner reminded once on the reminder day, and it can be
 * marked done once; a decision on a routed gap report becomes that report's outcome, which its author sees; a
 * correction needs its note, becomes edition 2 and replaces the outcome's text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapReport } from '../../core/cases/gap-report.ts';
import type { GapReportList } from '../../core/casework/list-gap-reports.ts';
import type { MinutesView, TrackedAction } from '../../core/meetings/minutes.ts';
import { reconcileAll } from '../../core/meetings/reconcile-all.ts';
import { WorkflowHarness } from '../fixtures/workflow-harness.ts';

const MEETING = 'jour-fixe-2026-11-24'; // 10:00 in Düren; the clock starts at 09:00
const NEXT = 'jour-fixe-2026-12-08';


describe('the minutes of a meeting', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const mails = () => h.outboxMails();
  /** The minutes as the coordination reads them: with the draft and who may own an action item. */
  type KeptMinutes = MinutesView & Required<Pick<MinutesView, 'draft' | 'owners'>>;
  const kept = (body: Record<string, unknown>): KeptMinutes => {
    const view = body as unknown as MinutesView;
    if (view.draft === undefined || view.owners === undefined) throw new Error(`no draft in ${JSON.stringify(body)}`);
    return { ...view, draft: view.draft, owners: view.owners };
  };
  const minutes = async (path = `/api/meetings/${MEETING}/minutes`): Promise<KeptMinutes> => {
    const answer = await h.api('GET', path, 'coordinator');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return kept(answer.body);
  };
  const invited = (day: string) => h.demo.members.filter((m) => m.bodyId === 'jour-fixe' && m.from <= day && (m.to === undefined || m.to >= day)).map((m) => m.email);

  it('goes from draft to released edition, mail, reminder, done and correction — each once', async () => {
    await reconcileAll(h.deps);

    // A checked gap report of the case manager, routed onto today's Jour fixe.
    const manager = h.staff('casemanager').id;
    const raised = await h.api('POST', '/api/gap-reports', manager, { reason: 'no-service-for-need', municipalityId: 'kreuzau', needCategory: 'housing', text: 'Keine Wohnungsberatung für große Familien.' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const reportId = (raised.body as unknown as GapReport).gapReportId;
    expect((await h.api('POST', `/api/gap-reports/${reportId}/review`, 'coordinator', { action: 'accept' })).status).toBe(200);
    const routed = await h.api('POST', `/api/gap-reports/${reportId}/review`, 'coordinator', { action: 'route', bodyId: 'jour-fixe' });
    expect(routed.body.meeting, JSON.stringify(routed.body)).toMatchObject({ meetingId: MEETING });

    // Before the meeting: a fresh draft from the agenda; only the coordination writes; release waits for the start.
    const fresh = await minutes();
    expect(fresh.draft.version).toBe(0);
    expect(fresh.releaseBlockedBecause).toBe('Das Protokoll kann freigegeben werden, sobald die Sitzung begonnen hat.');
    const gapItem = fresh.draft.items.find((item) => item.title.startsWith('Bedarfsmeldung'));
    expect(gapItem).toBeDefined();
    const owner = invited('2026-11-24')[0] ?? '';
    const draft = {
      version: 0,
      attendance: fresh.draft.attendance.map((a, i) => ({ email: a.email, present: i !== 1 })),
      items: [
        {
          itemId: gapItem?.itemId ?? '',
          discussion: 'Die Lage in Kreuzau wurde erörtert.',
          decisions: [{ text: 'Die Koordination fragt beim Caritasverband eine Wohnungsberatung an.' }],
          actionItems: [{ what: 'Anfrage an den Caritasverband stellen', ownerEmail: owner, due: '2026-11-27' }],
        },
      ],
    };
    expect((await h.api('PUT', `/api/meetings/${MEETING}/minutes`, 'casemanager', draft)).status).toBe(403);
    const stranger = await h.api('PUT', `/api/meetings/${MEETING}/minutes`, 'coordinator', { ...draft, items: [{ ...draft.items[0], actionItems: [{ what: 'x', ownerEmail: 'fremd@example.org', due: '2026-11-10' }] }] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toEqual([
      { field: 'items[0].actionItems[0].due', message: 'darf nicht vor dem Sitzungstag liegen' },
      { field: 'items[0].actionItems[0].ownerEmail', message: 'ist weder Mitglied noch Gast dieser Sitzung' },
    ]);
    expect((await minutes()).draft.version).toBe(0); // nothing saved
    const saved = await h.api('PUT', `/api/meetings/${MEETING}/minutes`, 'coordinator', draft);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(kept(saved.body).draft.version).toBe(1);
    expect((await h.api('PUT', `/api/meetings/${MEETING}/minutes`, 'coordinator', draft)).status).toBe(409); // version 0 is gone
    const early = await h.api('POST', `/api/meetings/${MEETING}/minutes/release`, 'coordinator', { version: 1 });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('Das Protokoll kann freigegeben werden, sobald die Sitzung begonnen hat.');

    // After the meeting: five releases at once give one edition.
    await h.clock.advance(3 * 3_600_000);
    const releases = await Promise.all(Array.from({ length: 5 }, () => h.api('POST', `/api/meetings/${MEETING}/minutes/release`, 'coordinator', { version: 1 })));
    expect(releases.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const released = await minutes();
    expect(released.editions.map((e) => e.edition)).toEqual([1]);
    expect(released.latest?.items.find((i) => i.itemId === gapItem?.itemId)?.decisions).toHaveLength(1);

    // The decision is the gap report's outcome; its author sees it.
    const mine = (await h.api('GET', '/api/gap-reports?mine=true', manager)).body as unknown as GapReportList;
    const report = (mine.gapReports as GapReport[]).find((r) => r.gapReportId === reportId);
    expect(report?.outcomes).toEqual([expect.objectContaining({ outcome: 'decision', text: 'Die Koordination fragt beim Caritasverband eine Wohnungsberatung an.', bodyId: 'jour-fixe' })]);

    // Two runs at once mail the edition once to everyone invited: the minutes attached, no calendar part.
    await Promise.all([reconcileAll(h.deps), reconcileAll(h.deps)]);
    await reconcileAll(h.deps);
    const minutesMails = (await mails()).filter((m) => m.subject.startsWith('Protokoll:'));
    expect(minutesMails.map((m) => m.to).sort()).toEqual(invited('2026-11-24').sort());
    for (const mail of minutesMails) {
      expect(mail.attachments.map((a) => a.contentType)).toEqual(['text/html']);
      expect(mail.attachments[0]?.filename).toMatch(/^Protokoll-.*\.html$/);
      expect(mail.attachments[0]?.content).toContain('Anfrage an den Caritasverband stellen');
    }
    // The next Jour fixe's invitation, sent in the same runs, carries the open action item as its agenda's last item.
    const nextInvitations = (await mails()).flatMap((m) => m.attachments.filter((a) => a.contentType.startsWith('text/calendar') && a.content.includes(`UID:${NEXT}@`)));
    expect(nextInvitations.length).toBe(invited('2026-12-08').length);
    for (const part of nextInvitations) expect(part.content.replace(/\r?\n[ \t]/g, '')).toContain('Offene Aufgaben aus früheren Sitzungen: Anfrage an den Caritasverband stellen');
    const reminders = () => mails().then((all) => all.filter((m) => m.subject.startsWith('Erinnerung: Aufgabe')));
    expect(await reminders()).toEqual([]); // due Friday 27th; reminded two working days before

    // The next Jour fixe lists the open action item.
    const next = await h.api('GET', `/api/meetings/${NEXT}`, 'casemanager');
    const open = next.body.openActions as TrackedAction[];
    expect(open.map((a) => a.what)).toEqual(['Anfrage an den Caritasverband stellen']);

    // Wednesday: the owner's reminder, once under two runs at once and a third.
    await h.clock.advance(24 * 3_600_000);
    await Promise.all([reconcileAll(h.deps), reconcileAll(h.deps)]);
    await reconcileAll(h.deps);
    expect((await reminders()).map((m) => m.to)).toEqual([owner]);

    // Marked done once; the next meeting no longer lists it.
    const actionId = open[0]?.actionId ?? '';
    const done = await Promise.all(Array.from({ length: 3 }, () => h.api('POST', `/api/meetings/${MEETING}/actions/${actionId}/done`, 'coordinator')));
    expect(done.map((d) => d.status).sort()).toEqual([200, 409, 409]);
    expect((await h.api('GET', `/api/meetings/${NEXT}`, 'casemanager')).body.openActions).toEqual([]);

    // A correction: without its note refused, with it edition 2, mailed once more; the outcome's text follows.
    const current = await minutes();
    const corrected = {
      version: current.draft.version,
      attendance: current.draft.attendance.map((a) => ({ email: a.email, present: a.present })),
      items: current.draft.items.map((item) => ({
        itemId: item.itemId,
        ...(item.discussion === '' ? {} : { discussion: item.discussion }),
        decisions: item.decisions.map((d) => ({ decisionId: d.decisionId, text: d.text.replace('Caritasverband', 'Diakonischen Werk') })),
        actionItems: item.actionItems.map((a) => ({ actionId: a.actionId, what: a.what, ownerEmail: a.owner.email, due: a.due })),
      })),
    };
    const resaved = await h.api('PUT', `/api/meetings/${MEETING}/minutes`, 'coordinator', corrected);
    expect(resaved.status, JSON.stringify(resaved.body)).toBe(200);
    const noNote = await h.api('POST', `/api/meetings/${MEETING}/minutes/release`, 'coordinator', { version: current.draft.version + 1 });
    expect(noNote.body.errors).toEqual([{ field: 'correctionNote', message: 'ist für eine Berichtigung erforderlich: Was wurde geändert?' }]);
    const second = await h.api('POST', `/api/meetings/${MEETING}/minutes/release`, 'coordinator', { version: current.draft.version + 1, correctionNote: 'Träger im Beschluss berichtigt.' });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect((second.body as unknown as MinutesView).editions.map((e) => e.edition)).toEqual([1, 2]);
    await reconcileAll(h.deps);
    const corrections = (await mails()).filter((m) => m.subject.includes('Fassung 2'));
    expect(corrections.map((m) => m.to).sort()).toEqual(invited('2026-11-24').sort());
    const after = ((await h.api('GET', '/api/gap-reports?mine=true', manager)).body as unknown as GapReportList).gapReports as GapReport[];
    expect(after.find((r) => r.gapReportId === reportId)?.outcomes?.map((o) => o.text)).toEqual(['Die Koordination fragt beim Diakonischen Werk eine Wohnungsberatung an.']);
    // The action item was done: the correction does not open or remind it again.
    await h.clock.advance(24 * 3_600_000);
    await reconcileAll(h.deps);
    expect((await reminders()).length).toBe(1);

    // A third edition strikes the decision: it leaves the gap report's outcomes again.
    const third = await minutes();
    const withoutDecision = await h.api('PUT', `/api/meetings/${MEETING}/minutes`, 'coordinator', { version: third.draft.version, attendance: [], items: [{ itemId: gapItem?.itemId ?? '', decisions: [] }] });
    expect(withoutDecision.status, JSON.stringify(withoutDecision.body)).toBe(200);
    const struck = await h.api('POST', `/api/meetings/${MEETING}/minutes/release`, 'coordinator', { version: third.draft.version + 1, correctionNote: 'Der Beschluss wurde zurückgenommen.' });
    expect(struck.status, JSON.stringify(struck.body)).toBe(200);
    const final = ((await h.api('GET', '/api/gap-reports?mine=true', manager)).body as unknown as GapReportList).gapReports as GapReport[];
    expect(final.find((r) => r.gapReportId === reportId)?.outcomes ?? []).toEqual([]);
  });

  it('shows agenda items added after the draft, refuses an unknown one, and lets a correction strike an action item', async () => {
    const path = `/api/meetings/${NEXT}/minutes`;
    expect((await h.api('POST', `/api/meetings/${NEXT}/agenda`, 'coordinator', { title: 'Dolmetschen in den Beratungen' })).status).toBe(200);
    const fresh = await minutes(path);
    const owner = fresh.owners[0]?.email ?? '';
    const first = fresh.draft.items.find((item) => item.itemId !== 'offene-aufgaben');
    // Two coordinators' first saves at once: one is saved, the other told the draft changed.
    const firstSave = (what: string) =>
      h.api('PUT', path, 'coordinator', { version: fresh.draft.version, attendance: [], items: [{ itemId: first?.itemId ?? '', actionItems: [{ what, ownerEmail: owner, due: '2026-12-18' }] }] });
    const saves = await Promise.all([firstSave('Liste der Dolmetscher aktualisieren'), firstSave('Liste der Dolmetscher aktualisieren')]);
    expect(saves.map((r) => r.status).sort()).toEqual([200, 409]);
    const noVersion = await h.api('PUT', path, 'coordinator', { attendance: [], items: [] });
    expect(noVersion.body.errors).toEqual([{ field: 'version', message: expect.any(String) as unknown }]);
    // Ids given twice would be two writes of one item in the release: refused by field.
    const savedAction = (await minutes(path)).draft.items.find((item) => item.itemId === first?.itemId)?.actionItems[0];
    const twice = { actionId: savedAction?.actionId, what: 'x', ownerEmail: owner, due: '2026-12-18' };
    const duplicate = await h.api('PUT', path, 'coordinator', { version: 1, attendance: [], items: [{ itemId: first?.itemId ?? '', actionItems: [twice, twice] }] });
    expect(duplicate.body.errors).toEqual([{ field: 'items[0].actionItems[1].actionId', message: 'kommt mehrfach vor' }]);
    // A case manager reads what was released, never the draft.
    const asCaseManager = (await h.api('GET', path, 'casemanager')).body as unknown as MinutesView;
    expect(asCaseManager.draft).toBeUndefined();
    expect(asCaseManager.owners).toBeUndefined();
    expect(asCaseManager.editions).toEqual([]);
    expect((await h.api('POST', `/api/meetings/${NEXT}/agenda`, 'coordinator', { title: 'Neuer Punkt nach dem Entwurf' })).status).toBe(200);
    const withNewItem = await minutes(path);
    expect(withNewItem.draft.items.at(-1)).toMatchObject({ title: 'Neuer Punkt nach dem Entwurf', discussion: '', decisions: [], actionItems: [] });
    // An action given again under another item than the one that keeps it: refused as well.
    const moved = await h.api('PUT', path, 'coordinator', { version: withNewItem.draft.version, attendance: [], items: [{ itemId: withNewItem.draft.items.at(-1)?.itemId ?? '', actionItems: [twice] }] });
    expect(moved.body.errors).toEqual([{ field: 'items[0].actionItems[0].actionId', message: 'kommt mehrfach vor' }]);
    const unknown = await h.api('PUT', path, 'coordinator', { version: withNewItem.draft.version, attendance: [], items: [{ itemId: 'unbekannt' }] });
    expect(unknown.body.errors).toEqual([{ field: 'items[0].itemId', message: 'ist kein Tagesordnungspunkt dieser Sitzung' }]);

    await h.clock.advance(Date.parse('2026-12-08T12:00:00Z') - h.clock.now().getTime());
    expect((await h.api('POST', `${path}/release`, 'coordinator', { version: withNewItem.draft.version })).status).toBe(200);
    const later = ((await h.api('GET', '/api/meetings?body=jour-fixe&from=2026-12-09', 'coordinator')).body.meetings as { meetingId: string; start: string }[]).sort((a, b) => a.start.localeCompare(b.start))[0];
    const listed = async () => ((await h.api('GET', `/api/meetings/${later?.meetingId ?? ''}`, 'coordinator')).body.openActions as TrackedAction[]).map((a) => a.what);
    expect(await listed()).toEqual(['Liste der Dolmetscher aktualisieren']);

    const released = await minutes(path);
    expect(((await h.api('GET', path, 'casemanager')).body as unknown as MinutesView).latest?.edition).toBe(1);
    const struck = await h.api('PUT', path, 'coordinator', { version: released.draft.version, attendance: [], items: [{ itemId: first?.itemId ?? '', actionItems: [] }] });
    expect(struck.status, JSON.stringify(struck.body)).toBe(200);
    // The correction striking the action races its being marked done. Whichever order: no fault, and no write is
    // lost — a correction that read the action before it was marked done is told to reload (409), a "done" after
    // the correction finds no action (404).
    const actionId = (await h.deps.minutes.listActions(NEXT))[0]?.actionId ?? '';
    const release = () => h.api('POST', `${path}/release`, 'coordinator', { version: released.draft.version + 1, correctionNote: 'Die Aufgabe war schon erledigt.' });
    const [done, correction] = await Promise.all([h.api('POST', `/api/meetings/${NEXT}/actions/${actionId}/done`, 'coordinator'), release()]);
    expect([200, 404]).toContain(done.status);
    expect([200, 409]).toContain(correction.status);
    expect(done.status === 404 && correction.status !== 200).toBe(false);
    // Told to reload: the correction goes through now (the done action is struck with it).
    if (correction.status !== 200) expect((await release()).status).toBe(200);
    expect(await listed()).toEqual([]);
    expect(await h.deps.minutes.listActions(NEXT)).toEqual([]);
    // Releasing the same content again is refused: nothing changed since edition 2.
    const again = await h.api('POST', `${path}/release`, 'coordinator', { version: released.draft.version + 2, correctionNote: 'Nochmals.' });
    expect(again.status).toBe(409);
  });
});
