/**
 * Scenario 3: several `npm run reconcile` at once over the same meetings (the meeting reconciler's state machine in
 * one running `npm start`). New one-off meetings of every body, a few working days ahead, make invitations and
 * reminders due; then a change of place makes updates due — and must not send the reminder again; then nothing is
 * due. Each round runs the reconcilers concurrently as processes. Every member gets each mail once.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { localDate } from '../../core/calendar/local-date.ts';
import { activeMembers } from '../../core/meetings/recipients.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { eventually } from '../fixtures/eventually.ts';
import { ROOT } from '../fixtures/npm-start.ts';
import type { OutboxEntry } from '../../local/ses/local-ses.ts';
import { checkDelivery, checkMails, type SentMail } from './invariants.ts';
import type { ChaosReport } from './report.ts';
import { withServer, type ChaosServer } from './server.ts';
import { DAY_MS } from '../../core/clock.ts';

const SCENARIO = 'reconcilers';
const run = promisify(execFile);

export interface ReconcilersOptions {
  readonly reconcilers: number;
  readonly keepData: boolean;
}

interface NewMeeting {
  readonly meetingId: string;
  readonly bodyName: string;
  readonly date: string;
  readonly time: string;
  readonly members: readonly string[];
}

/** `npm run reconcile` as a process, as the npm script runs it; undefined when it succeeded, else what went wrong. */
async function reconcileProcess(dataDir: string): Promise<string | undefined> {
  try {
    await run(process.execPath, ['--import', 'tsx', 'local/reconcile.ts'], { cwd: ROOT, env: { ...process.env, KIM_DATA_DIR: dataDir }, timeout: 300_000 });
    return undefined;
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    return `exit ${String(code)}: ${(stderr ?? '').trim().slice(0, 200)}`;
  }
}

/** One one-off meeting per body on the first day it may take one, starting tomorrow: invitation and reminder due. */
async function createMeetings(server: ChaosServer, token: string): Promise<NewMeeting[]> {
  const profile = bundledProfile();
  const meetings: NewMeeting[] = [];
  for (const body of profile.bodies) {
    for (let day = 1; day <= 21; day++) {
      const date = localDate(new Date(Date.now() + day * DAY_MS), profile.district.timeZone);
      const answer = await server.api('POST', '/api/meetings', token, { bodyId: body.id, title: 'Chaos-Test', date, time: body.start, durationMinutes: body.durationMinutes });
      if (answer.status !== 201) continue;
      const members = activeMembers(server.demo.members.filter((m) => m.bodyId === body.id), date).map((m) => m.email);
      meetings.push({ meetingId: `${body.id}-${date}`, bodyName: body.name, date, time: body.start, members: [...new Set(members)] });
      break;
    }
  }
  return meetings;
}

/** The outbox's mails that are not in `before` (by message id). */
function newMails(server: ChaosServer, before: ReadonlySet<string>): OutboxEntry[] {
  return server.mails().filter((m) => !before.has(m.messageId));
}

export async function reconcilersScenario(report: ChaosReport, options: ReconcilersOptions): Promise<void> {
  report.line(`\n== 3. ${String(options.reconcilers)} × npm run reconcile at once over the same meetings`);
  await withServer(report, options.keepData, async (server) => {
    // npm start reconciles once at start-up; the rounds begin once that run has ended.
    await eventually(async () => {
      const runs = await server.executions('meeting-notifications');
      return runs.length > 0 && runs.every((r) => r.status !== 'RUNNING') ? true : undefined;
    }, 180_000);
    const coordinator = server.demo.staff.find((s) => s.role === 'coordinator');
    if (coordinator === undefined) throw new Error('Die Demo-Daten haben keine Person mit der Rolle coordinator.');
    const token = await server.token(coordinator);
    const meetings = await createMeetings(server, token);
    report.add({ scenario: SCENARIO, check: 'new one-off meetings (one per body, with members)', value: `${String(meetings.length)}, ${String(meetings.reduce((n, m) => n + m.members.length, 0))} members`, verdict: meetings.length > 0 ? 'info' : 'BROKEN' });

    const round = async (name: string): Promise<OutboxEntry[]> => {
      const before = new Set(server.mails().map((m) => m.messageId));
      const failures = (await Promise.all(Array.from({ length: options.reconcilers }, () => reconcileProcess(server.dataDir)))).filter((f) => f !== undefined);
      report.expectNone(SCENARIO, `${name}: reconcilers that failed`, failures, options.reconcilers);
      const mails = newMails(server, before);
      report.line(`   ${name}: ${String(mails.length)} mails`);
      return mails;
    };
    /** Each member of each new meeting got exactly one of the mails `matches` picks. */
    const delivered = (name: string, what: string, mails: readonly SentMail[], matches: (mail: SentMail, meeting: NewMeeting) => boolean): void => {
      const findings = meetings.map((meeting) => checkDelivery(meeting.members, mails.filter((mail) => matches(mail, meeting))));
      const expected = meetings.reduce((n, m) => n + m.members.length, 0);
      report.expectNone(SCENARIO, `${name}: ${what} missing`, findings.flatMap((f) => f.missing), expected);
      report.expectNone(SCENARIO, `${name}: ${what} twice or to others`, findings.flatMap((f) => [...f.twice, ...f.unexpected]), expected);
    };
    const about = (mail: SentMail, meeting: NewMeeting, prefix: string): boolean => mail.subject.startsWith(`${prefix}: ${meeting.bodyName} am `);

    const first = await round('invitations');
    delivered('invitations', 'invitations', first, (mail, meeting) => about(mail, meeting, 'Einladung') && mail.calendar?.method === 'REQUEST' && mail.calendar.sequence === 0);
    const reminders = first.filter((mail) => meetings.some((meeting) => about(mail, meeting, 'Erinnerung'))).length;
    report.add({ scenario: SCENARIO, check: 'invitations: reminders sent (due 2 working days before)', value: String(reminders), verdict: 'info' });

    // A new place raises the SEQUENCE: an update is due, a second reminder is not (the time stays).
    const moved = await Promise.all(
      meetings.map((m) => server.api('POST', `/api/meetings/${m.meetingId}/reschedule`, token, { date: m.date, time: m.time, location: 'Kreishaus Düren, Haus B, Raum 2' })),
    );
    report.expectNone(SCENARIO, 'new place: changes refused', moved.flatMap((a, i) => (a.status === 200 ? [] : [`${meetings[i]?.meetingId ?? ''}: ${String(a.status)}`])), meetings.length);
    const second = await round('new place');
    delivered('new place', 'updates', second, (mail, meeting) => about(mail, meeting, 'Geänderte Einladung') && mail.calendar?.sequence === 1);
    report.expectNone(SCENARIO, 'new place: reminders sent again', second.filter((mail) => mail.subject.startsWith('Erinnerung')).map((mail) => `${mail.recipients.join(',')}: ${mail.subject}`), reminders);

    const third = await round('nothing due');
    report.expectNone(SCENARIO, 'nothing due: mails sent', third.map((mail) => mail.subject));

    const all = checkMails(server.mails());
    report.add({ scenario: SCENARIO, check: 'mails in the outbox (per recipient)', value: String(all.sent), verdict: 'info' });
    report.expectNone(SCENARIO, 'mails sent twice (recipient, subject, calendar)', all.duplicates.map((d) => `${String(d.times)}× ${d.mail}`), all.distinct);
  });
}
