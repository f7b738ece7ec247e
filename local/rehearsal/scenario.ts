/**
 * What the rehearsal drives through the API, as people would: intakes; per case the assessment with consents, the
 * referrals, the service's answer through the link in its mail (or the case manager's record of it) and the closure;
 * the reading pages; the casework beyond the straight path (scenario-casework.ts); meetings and gap reports
 * (scenario-meetings.ts); the workflow's waits, crossed on the rehearsal's clock (scenario-time.ts); the minutes
 * of a Jour fixe on that clock (scenario-meetings.ts); the daily sweeper. Every call of the functions and state machines behind it goes through the recorder.
 */
import { simpleParser } from 'mailparser';
import type { Rehearsal } from './rehearsal.ts';
import { additionsAndHandOvers, parkAndResume, reopenRestrictErase } from './scenario-casework.ts';
import { ScenarioKit, until } from './scenario-kit.ts';
import { meetingsAndGapReports, minutesOfAJourFixe } from './scenario-meetings.ts';
import { timers } from './scenario-time.ts';

export interface ScenarioOptions {
  /** How many intakes run straight to their closure (the other parts add their own cases). */
  readonly cases: number;
  readonly log: (line: string) => void;
}

const FAMILY_NAMES = ['Haddad', 'Karimi', 'Nouri', 'Sayed', 'Okafor'];

export async function runScenario(rehearsal: Rehearsal, options: ScenarioOptions): Promise<void> {
  const kit = new ScenarioKit(rehearsal, options.log);
  let lastCase = { caseId: '', manager: '' };
  for (let index = 0; index < options.cases; index += 1) {
    lastCase = await toClosure(kit, FAMILY_NAMES[index % FAMILY_NAMES.length] ?? '', index % 2 === 0);
  }
  await kit.call('Fallliste', 200, 'GET', '/api/cases', 'coordinator');

  const unanswered = await additionsAndHandOvers(kit);
  const monitored = await parkAndResume(kit);
  // With cases open at every stage (the caseload reads their referrals), before the last closed case is erased.
  await readTour(kit, lastCase);
  options.log('Lesende Seiten: Auslastung, Berichte, Protokoll, Akte, Suche, OParl.');
  await reopenRestrictErase(kit, lastCase.caseId);
  await meetingsAndGapReports(kit);
  await timers(kit, { unanswered, monitored });
  // After the waits: moving the clock on to the next Jour fixe crosses no wait the timers part counts on.
  await minutesOfAJourFixe(kit);

  await kit.runToEnd(await rehearsal.runSchedule('sweeper/SweepSchedule'));
  options.log('Tageslauf (Sweeper) beendet.');
}

/** One case from intake to closure; the service answers through the link in its mail, or the case manager records it. */
async function toClosure(kit: ScenarioKit, familyName: string, byLink: boolean): Promise<{ caseId: string; manager: string }> {
  const { caseId, manager, referralIds } = await kit.assessed(
    [
      { category: 'language', serviceId: 'integrationskurs' },
      { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
    ],
    ['integrationskurs'],
    { familyName },
  );
  const [referralId = ''] = referralIds;
  await kit.referral(referralId);
  if (byLink) {
    // The service answers through the signed link in its mail (the referral-links function, public).
    const link = await answerLink(kit, caseId);
    const response = await fetch(new URL('/api/referral-answer', link), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', outcome: 'accepted' }).toString(),
    });
    if (response.status !== 200) throw new Error(`Rückmeldung der Stelle: HTTP ${String(response.status)}: ${await response.text()}`);
  } else {
    await kit.call('Ergebnis der Vermittlung', 200, 'POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'accepted' });
  }
  await kit.stageOf(caseId, 'monitoring', 'closureTaskToken');
  await kit.call('Fallakte', 200, 'GET', `/api/cases/${caseId}`, manager);
  await kit.call('Abschluss', 200, 'POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' });
  await kit.stageOf(caseId, 'closed');
  kit.log(`Fall ${caseId}: Aufnahme, Erstgespräch, Vermittlung, Rückmeldung, Abschluss.`);
  return { caseId, manager };
}

/**
 * The reading functions, once each: any answer but a server error will do (a 4xx is the function's own verdict on a
 * closed case or a missing parameter); a 5xx is what a missing environment variable or a refused AWS call looks like.
 */
async function readTour(kit: ScenarioKit, last: { caseId: string; manager: string }): Promise<void> {
  const reads: [string, string, string, unknown?][] = [
    ['GET', '/api/caseload', 'coordinator'],
    ['GET', '/api/case-managers', 'coordinator'],
    ['GET', '/api/inactive-cases', 'coordinator'],
    ['GET', '/api/gap-reports', 'coordinator'],
    ['GET', `/api/reports/kpi?from=${kit.today().slice(0, 4)}-01-01&to=${kit.today()}`, 'coordinator'],
    ['GET', '/api/audit', 'dpo'],
    ['GET', '/api/audit/staff', 'dpo'],
    ['GET', '/api/processing-record', 'coordinator'],
    ['GET', '/api/openapi.json', 'coordinator'],
    ['GET', '/oparl/v1/system', 'coordinator'],
    ['GET', `/oparl/v1/body/${kit.deps.profile.district.id}/meetings`, 'coordinator'],
    ['POST', '/api/case-search', 'coordinator', { familyName: FAMILY_NAMES[0], dateOfBirth: '1988-03-02' }],
    ['GET', `/api/cases/${last.caseId}/export`, 'coordinator'],
    ['GET', `/api/cases/${last.caseId}/record`, last.manager],
    ['GET', `/api/cases/${last.caseId}/consent-form?service=integrationskurs`, last.manager],
    ['GET', `/api/cases/${last.caseId}/handover`, 'coordinator'],
    ['GET', `/api/staff/${last.manager}/cases`, 'coordinator'],
  ];
  for (const [method, path, as, body] of reads) {
    const answer = await kit.api(method, path, as, body);
    if (answer.status >= 500) throw new Error(`${method} ${path}: HTTP ${String(answer.status)}: ${JSON.stringify(answer.body)}`);
  }
}

/** The answer link in the referral mail of a case (the mail a service gets). */
async function answerLink(kit: ScenarioKit, caseId: string): Promise<URL> {
  const { outbox } = kit.rehearsal.runtime;
  const mail = await until(`Vermittlungsmail zu ${caseId}`, () => Promise.resolve(outbox.list().find((m) => m.subject.includes('Vermittlung') && m.subject.includes(caseId))));
  const parsed = await simpleParser(outbox.read(mail.messageId) ?? Buffer.alloc(0));
  const href = /https?:\/\/\S+\/api\/referral-answer\?token=[A-Za-z0-9._%-]+/.exec(parsed.text ?? '')?.[0];
  if (href === undefined) throw new Error(`Kein Rückmelde-Link in der Vermittlungsmail zu ${caseId}`);
  return new URL(href);
}
