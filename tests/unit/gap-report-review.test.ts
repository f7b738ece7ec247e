/**
 * The review state machine of gap reports (core/casework/review-gap-report.ts) and raising them by hand, on
 * in-memory repositories that check versions as the table does: allowed transitions, merge counts, routing onto a
 * body's next scheduled meeting, and 409 when a report changed meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { ManualClock } from '../../core/clock.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import { VersionConflict } from '../../core/cases/ports.ts';
import type { GapReportRepository, GapReportUpdate } from '../../core/casework/gap-report-repository.ts';
import { listGapReports } from '../../core/casework/list-gap-reports.ts';
import { raiseGapReport } from '../../core/casework/raise-gap-report.ts';
import { agendaText, allowedReviewActions, reviewGapReport } from '../../core/casework/review-gap-report.ts';
import { Refusal } from '../../core/errors.ts';
import { httpStatusOf } from '../../functions/_shared/http/http-errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { MeetingChanges, MeetingRepository } from '../../core/meetings/ports.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';

const profile = bundledProfile();
const coordinator: Caller = { userId: 'koordination-1', email: 'k@kreis-dueren.example', roles: ['coordinator'] };
const manager: Caller = { userId: 'cm-1', email: 'cm@traeger-a.example', roles: ['casemanager'] };

class MemoryGapReports implements GapReportRepository {
  readonly items = new Map<string, GapReport>();
  /** The meetings a routing writes together with the report. */
  meetings?: MemoryMeetings;
  /** Called once before the next write: lets a test change a report "meanwhile". */
  beforeWrite?: () => void;
  listGapReports(): Promise<GapReport[]> {
    return Promise.resolve([...this.items.values()]);
  }
  listGapReportsRaisedBy(staffId: string): Promise<GapReport[]> {
    return Promise.resolve([...this.items.values()].filter((r) => r.raisedBy === staffId));
  }
  getGapReport(id: string): Promise<GapReport | undefined> {
    return Promise.resolve(this.items.get(id));
  }
  createGapReport(report: GapReport): Promise<GapReport> {
    const created = { ...report, version: 1 };
    this.items.set(report.gapReportId, created);
    return Promise.resolve(created);
  }
  updateGapReports(updates: readonly GapReportUpdate[]): Promise<GapReport[]> {
    const hook = this.beforeWrite;
    this.beforeWrite = undefined;
    hook?.();
    if (updates.some(({ expected }) => this.items.get(expected.gapReportId)?.version !== expected.version)) return Promise.reject(new VersionConflict('changed'));
    const written = updates.map(({ expected, changes }) => ({ ...expected, ...changes, version: (expected.version ?? 1) + 1 }));
    for (const report of written) this.items.set(report.gapReportId, report);
    return Promise.resolve(written);
  }
  /** As the table's transaction: both versions checked before either is written. */
  async routeGapReport(update: GapReportUpdate, meeting: { expected: MeetingRecord; changes: MeetingChanges }, now: Date): Promise<{ gapReport: GapReport; meeting: MeetingRecord }> {
    const meetings = this.meetings;
    if (meetings?.items.get(meeting.expected.meetingId)?.version !== meeting.expected.version) throw new VersionConflict('meeting changed');
    const [gapReport] = await this.updateGapReports([update]);
    if (gapReport === undefined) throw new Error('no report written');
    return { gapReport, meeting: await meetings.updateMeeting(meeting.expected, meeting.changes, now) };
  }
}

function meeting(meetingId: string, bodyId: string, start: string, status: MeetingRecord['status'] = 'scheduled'): MeetingRecord {
  return { meetingId, bodyId, version: 1, sequence: 0, ruleDate: start.slice(0, 10), start, end: start, location: 'Kreishaus', status, agenda: [], guests: [], changeLog: [], createdAt: start, updatedAt: start };
}

class MemoryMeetings {
  readonly items = new Map<string, MeetingRecord>();
  constructor(records: readonly MeetingRecord[]) {
    for (const r of records) this.items.set(r.meetingId, r);
  }
  getMeeting(id: string): Promise<MeetingRecord | undefined> {
    return Promise.resolve(this.items.get(id));
  }
  listMeetings(from: Date, to: Date, bodyId?: string): Promise<MeetingRecord[]> {
    return Promise.resolve([...this.items.values()].filter((m) => (bodyId === undefined || m.bodyId === bodyId) && new Date(m.start) >= from && new Date(m.start) <= to));
  }
  updateMeeting(expected: MeetingRecord, changes: MeetingChanges, now: Date): Promise<MeetingRecord> {
    if (this.items.get(expected.meetingId)?.version !== expected.version) return Promise.reject(new VersionConflict('meeting changed'));
    const record = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
    this.items.set(record.meetingId, record);
    return Promise.resolve(record);
  }
}

function setup(meetings: readonly MeetingRecord[] = []) {
  const gapReports = new MemoryGapReports();
  const meetingRepo = new MemoryMeetings(meetings);
  gapReports.meetings = meetingRepo;
  const clock = new ManualClock('2027-02-15T08:00:00Z');
  const deps = { profile, clock, calendar: createWorkingCalendar(profile), meetings: meetingRepo as unknown as MeetingRepository, gapReports };
  const workflowReport = (fields: Partial<GapReport> = {}): GapReport => {
    const report: GapReport = { gapReportId: crypto.randomUUID(), createdAt: '2026-11-24', source: 'workflow', reason: 'no-service-for-need', municipalityId: 'kreuzau', needCategory: 'housing', status: 'new', version: 1, ...fields };
    gapReports.items.set(report.gapReportId, report);
    return report;
  };
  return { deps, gapReports, meetingRepo, workflowReport };
}

/** The refusal as the API answers it: status, message and field errors. */
async function failure(promise: Promise<unknown>): Promise<{ statusCode: number; message: string; errors?: Refusal['errors'] }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Refusal)) throw new Error(`expected a Refusal, got ${String(error)}`);
  return { statusCode: httpStatusOf(error), message: error.message, errors: error.errors };
}

describe('allowedReviewActions', () => {
  it('lets a text travel only after it was checked, and closes nothing twice', () => {
    expect(allowedReviewActions({ status: 'new', text: 'frei' })).toEqual(['accept', 'merge']);
    expect(allowedReviewActions({ status: 'new' })).toEqual(['accept', 'merge', 'route']);
    expect(allowedReviewActions({ status: 'accepted', text: 'geprüft' })).toEqual(['accept', 'merge', 'route']);
    expect(allowedReviewActions({ status: 'routed' })).toEqual(['outcome']);
    expect(allowedReviewActions({ status: 'merged' })).toEqual([]);
    expect(allowedReviewActions({ status: 'closed' })).toEqual([]);
  });
});

describe('raiseGapReport', () => {
  it('stores an anonymous report with the author as staff id only, for case managers and coordinators', async () => {
    const { deps, gapReports } = setup();
    const report = await raiseGapReport(deps, manager, { reason: 'service-capacity', municipalityId: 'dueren', focusArea: '', text: '  Sprachkurse ausgebucht.  ' });
    expect(report).toMatchObject({ reason: 'service-capacity', municipalityId: 'dueren', status: 'new', source: 'case-manager', raisedBy: 'cm-1', count: 1, text: 'Sprachkurse ausgebucht.', createdAt: '2027-02-15' });
    expect(report).not.toHaveProperty('focusArea');
    expect((await listGapReports({ gapReports }, manager, { mine: true })).gapReports).toHaveLength(1);
    expect((await failure(raiseGapReport(deps, { ...manager, roles: ['intake'] }, {}))).statusCode).toBe(403);
  });

  it('names each bad field in German, and refuses a case reference', async () => {
    const { deps } = setup();
    const error = await failure(raiseGapReport(deps, manager, { reason: 'x', municipalityId: 'aachen', text: 'a'.repeat(1001), caseId: 'KIM-2026-0000000H' }));
    expect(error.statusCode).toBe(400);
    expect(error.errors?.map((e) => e.field).sort()).toEqual(['caseId', 'municipalityId', 'reason', 'text']);
    expect(error.errors?.find((e) => e.field === 'text')?.message).toBe('ist zu lang (höchstens 1000 Zeichen)');
    const caseNumber = await failure(raiseGapReport(deps, manager, { reason: 'other', municipalityId: 'titz', text: 'wie bei KIM-2026-0000000H' }));
    expect(caseNumber.errors).toEqual([{ field: 'text', message: 'darf keine Fallnummer enthalten (die Meldung bleibt ohne Bezug zu einem Fall)' }]);
  });
});

describe('reviewGapReport', () => {
  it('accepts (editing the text), then routes onto the body’s next scheduled future meeting', async () => {
    const past = meeting('ak-migration-2026-09-10', 'ak-migration', '2026-09-10T08:00:00.000Z');
    const cancelled = meeting('ak-migration-2027-03-01', 'ak-migration', '2027-03-01T09:00:00.000Z', 'cancelled');
    const next = meeting('ak-migration-2027-03-11', 'ak-migration', '2027-03-11T09:00:00.000Z');
    const later = meeting('ak-migration-2027-09-09', 'ak-migration', '2027-09-09T08:00:00.000Z');
    const { deps, gapReports, meetingRepo } = setup([later, past, cancelled, next]);
    const raised = await raiseGapReport(deps, manager, { reason: 'no-service-for-need', municipalityId: 'kreuzau', needCategory: 'housing', text: 'Herr X. findet keine Beratung.' });
    const accepted = await reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'accept', text: 'Keine Wohnungsberatung in Kreuzau.', version: 1 });
    expect(accepted.gapReport).toMatchObject({ status: 'accepted', text: 'Keine Wohnungsberatung in Kreuzau.', version: 2, reviewedAt: '2027-02-15' });

    const routed = await reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'route', bodyId: 'ak-migration' });
    expect(routed.meeting).toMatchObject({ meetingId: next.meetingId, sequence: 1 });
    const agenda = meetingRepo.items.get(next.meetingId)?.agenda ?? [];
    expect(agenda.map((a) => a.title)).toEqual(['Bedarfsmeldung: Wohnen in Kreuzau (1)\nKein Angebot für diesen Bedarf.\nKeine Wohnungsberatung in Kreuzau.']);
    expect(agenda[0]?.title).not.toContain('cm-1');
    expect(gapReports.items.get(raised.gapReportId)).toMatchObject({ status: 'routed', routing: { bodyId: 'ak-migration', meetingId: next.meetingId, agendaItemId: agenda[0]?.itemId } });
    expect(meetingRepo.items.get(later.meetingId)?.agenda).toEqual([]);

    const outcome = await reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'outcome', outcome: 'decision', text: 'Beschluss: Bedarf an den Kreis melden.' });
    expect(outcome.gapReport).toMatchObject({ status: 'routed', outcomes: [{ outcome: 'decision', bodyId: 'ak-migration' }] });
    const closed = await reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'outcome', outcome: 'measure-started', text: 'Beratung startet im Mai.', close: true });
    expect(closed.gapReport.status).toBe('closed');
    expect(closed.gapReport.outcomes?.map((o) => o.outcome)).toEqual(['decision', 'measure-started']);
    const after = await failure(reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'outcome', outcome: 'decision', text: 'noch einmal' }));
    expect(after.statusCode).toBe(409);
    expect(after.message).toBe('Die Meldung ist abgeschlossen: „Ergebnis eintragen“ ist nicht möglich.');
  });

  it('refuses transitions the state machine does not allow (409) and unchecked text travelling', async () => {
    const { deps } = setup([meeting('ak-migration-2027-03-11', 'ak-migration', '2027-03-11T09:00:00.000Z')]);
    const raised = await raiseGapReport(deps, manager, { reason: 'other', municipalityId: 'titz', text: 'ungeprüft' });
    const early = await failure(reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'route', bodyId: 'ak-migration' }));
    expect(early.statusCode).toBe(409);
    expect(early.message).toContain('Bitte prüfen Sie zuerst den Text');
    expect((await failure(reviewGapReport(deps, coordinator, raised.gapReportId, { action: 'outcome', outcome: 'decision', text: 'x' }))).statusCode).toBe(409);
  });

  it('merges: counts add up, the merged report points to its target and is no target itself', async () => {
    const { deps, gapReports, workflowReport } = setup();
    const target = workflowReport({ count: 2 });
    const source = workflowReport({ count: 3 });
    const third = workflowReport();
    const answer = await reviewGapReport(deps, coordinator, source.gapReportId, { action: 'merge', targetId: target.gapReportId });
    expect(answer.gapReport).toMatchObject({ status: 'merged', mergedInto: target.gapReportId, version: 2 });
    expect(answer.target).toMatchObject({ count: 5, version: 2, status: 'new' });
    const groups = (await listGapReports({ gapReports }, coordinator)).groups;
    expect(groups.map((g) => g.count)).toEqual([6]); // the merged one counts in its target only
    expect((await failure(reviewGapReport(deps, coordinator, third.gapReportId, { action: 'merge', targetId: source.gapReportId }))).statusCode).toBe(409);
    expect((await failure(reviewGapReport(deps, coordinator, source.gapReportId, { action: 'merge', targetId: third.gapReportId }))).statusCode).toBe(409);
    const self = await failure(reviewGapReport(deps, coordinator, third.gapReportId, { action: 'merge', targetId: third.gapReportId }));
    expect(self.errors).toEqual([{ field: 'targetId', message: 'darf nicht die Meldung selbst sein' }]);
    const unknown = await failure(reviewGapReport(deps, coordinator, third.gapReportId, { action: 'merge', targetId: crypto.randomUUID() }));
    expect(unknown.errors).toEqual([{ field: 'targetId', message: 'ist keine bekannte Bedarfsmeldung' }]);
  });

  it('answers 409 on a stale version, and takes the agenda item off again when the report changed while routing', async () => {
    const next = meeting('ak-migration-2027-03-11', 'ak-migration', '2027-03-11T09:00:00.000Z');
    const { deps, gapReports, meetingRepo, workflowReport } = setup([next]);
    const report = workflowReport();
    const stale = await failure(reviewGapReport(deps, coordinator, report.gapReportId, { action: 'accept', version: 7 }));
    expect(stale.statusCode).toBe(409);
    expect(stale.message).toBe('Die Meldung wurde zwischenzeitlich geändert. Bitte laden Sie die Seite neu.');

    gapReports.beforeWrite = () => {
      gapReports.items.set(report.gapReportId, { ...report, version: 2 });
    };
    const raced = await failure(reviewGapReport(deps, coordinator, report.gapReportId, { action: 'route', bodyId: 'ak-migration' }));
    expect(raced.statusCode).toBe(409);
    expect(meetingRepo.items.get(next.meetingId)?.agenda).toEqual([]);

    gapReports.beforeWrite = () => {
      gapReports.items.set(report.gapReportId, { ...report, version: 3 });
    };
    expect((await failure(reviewGapReport(deps, coordinator, report.gapReportId, { action: 'accept' }))).statusCode).toBe(409);
  });

  it('answers 400/403/404/409 in German naming the field', async () => {
    const { deps, workflowReport } = setup([meeting('ak-migration-2027-03-01', 'ak-migration', '2027-03-01T09:00:00.000Z', 'cancelled')]);
    const report = workflowReport();
    expect((await failure(reviewGapReport(deps, manager, report.gapReportId, { action: 'accept' }))).statusCode).toBe(403);
    expect((await failure(reviewGapReport(deps, coordinator, crypto.randomUUID(), { action: 'accept' }))).message).toBe('Die Bedarfsmeldung wurde nicht gefunden.');
    expect((await failure(reviewGapReport(deps, coordinator, report.gapReportId, { action: 'close' }))).errors).toEqual([{ field: 'action', message: 'muss accept, merge, route oder outcome sein' }]);
    expect((await failure(reviewGapReport(deps, coordinator, report.gapReportId, { action: 'route', bodyId: 'ak-x' }))).errors).toEqual([{ field: 'bodyId', message: 'ist kein Gremium des Profils' }]);
    const none = await failure(reviewGapReport(deps, coordinator, report.gapReportId, { action: 'route', bodyId: 'ak-migration' }));
    expect(none.statusCode).toBe(409);
    expect(none.message).toBe('Für das Gremium „Arbeitskreis „Migration““ ist keine kommende Sitzung geplant.');
  });

  it('cuts a long text to fit the agenda limit', () => {
    const text = agendaText(profile, { gapReportId: 'x', createdAt: '2027-01-01', source: 'case-manager', reason: 'other', municipalityId: 'titz', status: 'accepted', text: 'ü'.repeat(1000) });
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(2000);
    expect(text.startsWith('Bedarfsmeldung: Sonstige Lücke im Angebot in Titz (1)\n')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
  });
});
