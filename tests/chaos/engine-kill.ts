/**
 * Scenario 2: `kill -9` of the whole `npm start` (API, local Step Functions engine, schedules) while workflows are
 * between their steps, then `npm start` again on the same data dir. The engine keeps its executions in memory, so
 * the restart must resume every open case from its case item (core/workflow/resume-cases.ts): exactly once, with
 * exactly one running execution, and each case must go on to its next wait. First while the workflows of fresh
 * intakes triage, assign and notify (several rounds); last while the referrals of submitted assessments go out.
 * Over all rounds no mail may go out twice (the local SES outbox), and each referral confirmed as sent has its mail.
 */
import { randomUUID } from 'node:crypto';
import { localDate } from '../../core/calendar/local-date.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { intakeBody } from '../bench/local-system.ts';
import { pool } from '../bench/stats.ts';
import { eventually } from '../fixtures/eventually.ts';
import { caseStates, checkMails, checkReferralMails, checkResumes, occurrences, type TableItem } from './invariants.ts';
import type { ChaosReport } from './report.ts';
import { withServer, type ChaosServer } from './server.ts';

const SCENARIO = 'engine';
const MACHINE = 'intake-to-referral';
/** Stages a case passes before its first wait (the assessment, or the waiting list). */
const BEFORE_FIRST_WAIT = new Set(['intake', 'triaged', 'assigned']);
const SETTLE_TIMEOUT_MS = 300_000;
const STALE_ENDED = 'Ein übrig gebliebenes DynamoDB Local';
const RESUMED = /(\d+) offene\(r\) Fall\/Fälle nach dem Neustart fortgesetzt/g;
/** The subject of the mail that refers a person to a service (core/mail/notifications.ts). */
const REFERRAL_MAIL = 'Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ';

export interface EngineKillOptions {
  readonly cases: number;
  readonly restarts: number;
  readonly concurrency: number;
  readonly keepData: boolean;
}

/** Work of the workflows still to do in a scan: cases before their first wait, or referrals not yet sent. */
type Pending = (items: readonly TableItem[]) => number;
const casesInFlight: Pending = (items) => caseStates(items).filter((c) => BEFORE_FIRST_WAIT.has(c.stage) && !c.parked).length;
const referrals = (items: readonly TableItem[]): TableItem[] => items.filter((item) => item.sk === 'REFERRAL' && item.pk.startsWith('REFERRAL#'));
const referralsPlanned: Pending = (items) => referrals(items).filter((r) => r.status === 'planned').length;

/** Waits until `pending` finds nothing left (or the time is up); how much is left. */
async function settled(server: ChaosServer, report: ChaosReport, pending: Pending, total: number, what: string): Promise<number> {
  let left = total;
  await eventually(async () => {
    left = pending(await server.scan());
    report.progress(what, total - left, total);
    return left === 0 ? true : undefined;
  }, SETTLE_TIMEOUT_MS).catch(() => undefined);
  return left;
}

/**
 * Kills npm start once at most two thirds of `total` are still `pending` (some done, some between steps), starts it
 * again, waits until nothing is pending, and checks the start and the resumes.
 */
async function killRestartAndCheck(server: ChaosServer, report: ChaosReport, label: string, pending: Pending, total: number, what: string): Promise<void> {
  const atKill = await eventually(async () => {
    const left = pending(await server.scan());
    return left <= (total * 2) / 3 ? left : undefined;
  }, 60_000).catch(() => total);
  const staleBefore = occurrences(server.output(), STALE_ENDED);
  const { restartedAt, refused } = await server.killAndRestart();
  const resumed = [...server.output().matchAll(RESUMED)].at(-1)?.[1] ?? '0';
  report.add({ scenario: SCENARIO, check: `${label}: kill -9 with ${what} pending / cases resumed by the start`, value: `${String(atKill)} of ${String(total)} / ${resumed}`, verdict: 'info' });
  report.add({ scenario: SCENARIO, check: `${label}: npm start starts again at once after kill -9`, value: refused ?? 'yes', verdict: refused === undefined ? 'held' : 'BROKEN' });
  const staleEnded = occurrences(server.output(), STALE_ENDED) > staleBefore;
  report.add({ scenario: SCENARIO, check: `${label}: stale DynamoDB Local ended by the next start`, value: staleEnded ? 'yes' : 'no', verdict: staleEnded ? 'held' : 'BROKEN' });

  const left = await settled(server, report, pending, total, `${what} done`);
  report.add({ scenario: SCENARIO, check: `${label}: ${what} done after the restart`, value: `${String(total - left)} of ${String(total)}`, verdict: left === 0 ? 'held' : 'BROKEN' });
  const found = checkResumes(await server.scan(), await server.running(MACHINE), restartedAt);
  report.add({ scenario: SCENARIO, check: `${label}: open cases resumed exactly once`, value: `${String(found.resumedOnce)} of ${String(found.open)}`, verdict: found.resumedOnce === found.open ? 'held' : 'BROKEN' });
  report.expectNone(SCENARIO, `${label}: open cases not resumed`, found.notResumed, found.open);
  report.expectNone(SCENARIO, `${label}: cases resumed twice`, found.resumedTwice, found.open);
  report.expectNone(SCENARIO, `${label}: cases without exactly one execution`, found.wrongExecutions, found.open);
  if (found.parked > 0) report.add({ scenario: SCENARIO, check: `${label}: parked cases (not resumed, by design)`, value: String(found.parked), verdict: 'info' });
}

/** Each case waiting for its assessment gets one from its case manager: language, the Integrationskurs, consent given. */
async function submitAssessments(server: ChaosServer, report: ChaosReport, concurrency: number): Promise<number> {
  const profile = bundledProfile();
  const today = localDate(new Date(), profile.district.timeZone);
  const assessment = { needs: [{ category: 'language', serviceId: 'integrationskurs' }], consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: today }] };
  const waiting = (await server.scan()).filter((item) => item.sk === 'CASE' && item.stage === 'awaiting-assessment' && typeof item.caseManagerId === 'string');
  const tokens = new Map<string, Promise<string>>();
  const refused: string[] = [];
  await pool(waiting, concurrency, async (item) => {
    const caseManager = server.demo.staff.find((s) => s.id === item.caseManagerId);
    if (caseManager === undefined) throw new Error(`Fallmanager*in ${String(item.caseManagerId)} fehlt in den Demo-Daten.`);
    const token = tokens.get(caseManager.id) ?? server.token(caseManager);
    tokens.set(caseManager.id, token);
    const answer = await server.api('POST', `/api/cases/${String(item.caseId)}/assessment`, await token, assessment);
    if (answer.status !== 200) refused.push(`${String(item.caseId)}: ${String(answer.status)}`);
  });
  report.expectNone(SCENARIO, 'referrals: assessments refused', refused, waiting.length);
  return waiting.length - refused.length;
}

export async function engineKillScenario(report: ChaosReport, options: EngineKillOptions): Promise<void> {
  report.line(`\n== 2. kill -9 of npm start with workflows in flight: ${String(options.restarts)} × ${String(options.cases)} new cases, then while referrals go out`);
  await withServer(report, options.keepData, async (server) => {
    const staff = server.demo.staff.find((s) => s.role === 'intake');
    if (staff === undefined) throw new Error('Die Demo-Daten haben keine Person mit der Rolle intake.');
    for (let round = 1; round <= options.restarts; round++) {
      const label = `round ${String(round)}`;
      const token = await server.token(staff);
      const body = intakeBody(new Date());
      const rejected: string[] = [];
      let answered = 0;
      await pool(Array.from({ length: options.cases }, () => `chaos-${randomUUID()}`), options.concurrency, async (key) => {
        const answer = await server.api('POST', '/api/intakes', token, body, { 'idempotency-key': key });
        if (answer.status !== 202) rejected.push(`${key}: ${String(answer.status)}`);
        answered += 1;
        report.progress(`${label}: intakes answered`, answered, options.cases);
      });
      report.expectNone(SCENARIO, `${label}: intakes not answered 202`, rejected, options.cases);
      await killRestartAndCheck(server, report, label, casesInFlight, caseStates(await server.scan()).length, 'cases before their first wait');
    }

    const assessed = await submitAssessments(server, report, options.concurrency);
    // Wait for the referrals the assessments plan, then kill while they go out.
    const planned = await eventually(async () => {
      const count = referrals(await server.scan()).length;
      return count >= assessed ? count : undefined;
    }, 60_000).catch(() => 0);
    await killRestartAndCheck(server, report, 'referrals', referralsPlanned, planned, 'referrals not yet sent');

    const outbox = server.mails();
    const referralMails = checkReferralMails(await server.scan(), outbox.filter((mail) => mail.subject.startsWith(REFERRAL_MAIL)).length);
    const confirmed = referralMails.sent - referralMails.unconfirmed;
    report.add({ scenario: SCENARIO, check: 'referrals sent (confirmed / unconfirmed after a crash)', value: `${String(confirmed)} / ${String(referralMails.unconfirmed)}`, verdict: confirmed > 0 ? 'info' : 'BROKEN' });
    report.add({ scenario: SCENARIO, check: 'confirmed referrals without their mail / mails too many', value: `${String(referralMails.missing)} / ${String(referralMails.extra)}`, verdict: referralMails.missing + referralMails.extra === 0 ? 'held' : 'BROKEN' });
    const mails = checkMails(outbox);
    report.add({ scenario: SCENARIO, check: 'mails in the outbox (per recipient)', value: String(mails.sent), verdict: 'info' });
    report.expectNone(SCENARIO, 'mails sent twice (recipient, subject, calendar)', mails.duplicates.map((d) => `${String(d.times)}× ${d.mail}`), mails.distinct);
  });
}
