/**
 * Routing a gap report to a body's agenda against DynamoDB Local: the report and the meeting's new agenda item are
 * one transaction (core/adapters/dynamo-gap-report-reader.ts), so a stale version of either leaves both as they
 * were; routings at the same moment put one item on the agenda per report, and different reports onto the same
 * meeting each get theirs.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { DynamoMeetingRepository } from '../../core/adapters/dynamo-meeting-repository.ts';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { ManualClock } from '../../core/clock.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import { VersionConflict } from '../../core/cases/ports.ts';
import { reviewGapReport } from '../../core/casework/review-gap-report.ts';
import { Refusal } from '../../core/errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { agendaAddition } from '../../core/meetings/meeting-admin.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { ensureTable } from '../../local/ensure-table.ts';

const profile = bundledProfile();
const coordinator: Caller = { userId: 'koordination-1', email: 'k@kreis-dueren.example', roles: ['coordinator'] };
const clock = new ManualClock('2027-02-15T08:00:00Z');
const BODY = 'ak-migration';

describe('routing a gap report: report and agenda item in one transaction', () => {
  const tableName = `routing-${randomUUID()}`;
  let client: DynamoDBClient;
  let gapReports: DynamoGapReportReader;
  let meetings: DynamoMeetingRepository;
  let deps: Parameters<typeof reviewGapReport>[0];
  let day = 0;

  beforeAll(async () => {
    client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    const documents = createDocumentClient(client);
    gapReports = new DynamoGapReportReader(documents, tableName);
    meetings = new DynamoMeetingRepository(documents, tableName);
    deps = { profile, clock, calendar: createWorkingCalendar(profile), meetings, gapReports };
  });
  afterAll(() => {
    client.destroy();
  });

  /** Each test its own body meeting: the next one of the body is the earliest, so each test adds a day before. */
  async function meeting(): Promise<MeetingRecord> {
    day += 1;
    const date = `2027-03-${String(10 - day).padStart(2, '0')}`;
    const record: MeetingRecord = {
      meetingId: `${BODY}-${date}`,
      bodyId: BODY,
      version: 1,
      sequence: 0,
      ruleDate: date,
      start: `${date}T09:00:00.000Z`,
      end: `${date}T11:00:00.000Z`,
      location: 'Kreishaus',
      status: 'scheduled',
      agenda: [],
      guests: [],
      changeLog: [],
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    };
    expect(await meetings.ensureMeeting(record)).toBe('created');
    return record;
  }

  const report = (): Promise<GapReport> =>
    gapReports.createGapReport({
      gapReportId: randomUUID(),
      createdAt: '2027-02-01',
      source: 'case-manager',
      raisedBy: 'cm-1',
      reason: 'no-service-for-need',
      municipalityId: 'kreuzau',
      needCategory: 'housing',
      status: 'accepted',
      text: 'Keine Wohnungsberatung in Kreuzau.',
      count: 1,
    });

  const routeUpdate = (expected: GapReport, target: MeetingRecord) => {
    const { item, changes } = agendaAddition(deps, coordinator, target, 'Bedarfsmeldung');
    const routing = { bodyId: BODY, meetingId: target.meetingId, agendaItemId: item.itemId, routedAt: '2027-02-15' };
    return [{ expected, changes: { status: 'routed' as const, routing } }, { expected: target, changes }] as const;
  };

  it('writes neither when the report is stale, nor when the meeting is', async () => {
    const target = await meeting();
    const read = await report();
    await gapReports.updateGapReports([{ expected: read, changes: { text: 'Geändert.' } }]);
    await expect(gapReports.routeGapReport(...routeUpdate(read, target), clock.now())).rejects.toBeInstanceOf(VersionConflict);
    expect(await meetings.getMeeting(target.meetingId)).toMatchObject({ version: 1, sequence: 0, agenda: [] });

    const fresh = await gapReports.getGapReport(read.gapReportId);
    if (fresh === undefined) throw new Error('report missing');
    await meetings.updateMeeting(target, { location: 'Rathaus' }, clock.now());
    await expect(gapReports.routeGapReport(...routeUpdate(fresh, target), clock.now())).rejects.toBeInstanceOf(VersionConflict);
    expect(await gapReports.getGapReport(read.gapReportId)).toMatchObject({ version: 2, status: 'accepted' });
    expect((await gapReports.getGapReport(read.gapReportId))?.routing).toBeUndefined();
  });

  it('answers a stale route with a conflict and leaves the agenda as it was', async () => {
    const target = await meeting();
    const read = await report();
    // The page shows version 1; meanwhile someone edits the text.
    await gapReports.updateGapReports([{ expected: read, changes: { text: 'Geändert.' } }]);
    const stale = reviewGapReport(deps, coordinator, read.gapReportId, { action: 'route', bodyId: BODY, version: 1 });
    await expect(stale).rejects.toMatchObject({ kind: 'conflict', message: 'Die Meldung wurde zwischenzeitlich geändert. Bitte laden Sie die Seite neu.' });
    expect((await meetings.getMeeting(target.meetingId))?.agenda).toEqual([]);
  });

  it('puts one agenda item on the meeting when the same report is routed eight times at once', async () => {
    const target = await meeting();
    const read = await report();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => reviewGapReport(deps, coordinator, read.gapReportId, { action: 'route', bodyId: BODY })));
    const routed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(routed).toHaveLength(1);
    expect(refused.every((error) => error instanceof Refusal && error.kind === 'conflict')).toBe(true);
    const written = await meetings.getMeeting(target.meetingId);
    expect(written?.agenda).toHaveLength(1);
    expect(written?.sequence).toBe(1);
    expect(await gapReports.getGapReport(read.gapReportId)).toMatchObject({ status: 'routed', version: 2, routing: { meetingId: target.meetingId, agendaItemId: written?.agenda[0]?.itemId } });
  });

  it('gives each of several reports routed at once onto the same meeting its own item', async () => {
    const target = await meeting();
    const reports = await Promise.all([report(), report(), report()]);
    await Promise.all(reports.map((r) => reviewGapReport(deps, coordinator, r.gapReportId, { action: 'route', bodyId: BODY })));
    const written = await meetings.getMeeting(target.meetingId);
    expect(written?.agenda).toHaveLength(3);
    expect(written?.sequence).toBe(3);
    const items = new Set(written?.agenda.map((item) => item.itemId));
    for (const r of reports) expect(items.has((await gapReports.getGapReport(r.gapReportId))?.routing?.agendaItemId ?? '')).toBe(true);
  });
});
