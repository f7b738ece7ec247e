/**
 * What the rehearsal drives through the API, as people would: intakes; per case the assessment with consents, the
 * referrals, the service's answer through the link in its mail (or the case manager's record of it) and the closure;
 * the meeting reconciler's invitations, a reschedule and a cancellation; the daily sweeper. Every call of the
 * functions and state machines behind it goes through the recorder.
 */
import { simpleParser } from 'mailparser';
import type { CaseRecord } from '../../core/cases/case.ts';
import { systemClock } from '../../core/clock.ts';
import type { Rehearsal } from './rehearsal.ts';

export interface ScenarioOptions {
  /** How many intakes; every one runs to its closure. */
  readonly cases: number;
  readonly log: (line: string) => void;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const WAIT_MS = 60_000;
const FAMILY_NAMES = ['Haddad', 'Karimi', 'Nouri', 'Sayed', 'Okafor'];

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Zeitüberschreitung: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status} statt ${status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

export async function runScenario(rehearsal: Rehearsal, options: ScenarioOptions): Promise<void> {
  const { runtime } = rehearsal;
  const { deps } = runtime;
  const staff = (id: string) => {
    const person = rehearsal.demo.staff.find((s) => s.id === id || s.role === id);
    if (person === undefined) throw new Error(`Keine Demo-Person ${id}`);
    return person;
  };
  const api = async (method: string, path: string, as: string, body?: unknown): Promise<Answer> => {
    const token = await runtime.issuer.mintToken(staff(as), systemClock.now());
    const response = await fetch(`${runtime.endpoints.app}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: parseBody(text) };
  };
  const stageOf = (caseId: string, stage: CaseRecord['stage'], token: 'assessmentTaskToken' | 'closureTaskToken') =>
    until(`Fall ${caseId} erreicht ${stage}`, async () => {
      const record = await deps.cases.getCase(caseId);
      return record?.stage === stage && record[token] !== undefined ? record : undefined;
    });

  const today = systemClock.now().toISOString().slice(0, 10);
  let lastCase = { caseId: '', manager: '' };
  for (let index = 0; index < options.cases; index += 1) {
    const intake = expectStatus(
      await api('POST', '/api/intakes', 'intake', {
        duplicateConfirmed: true,
        familyName: FAMILY_NAMES[index % FAMILY_NAMES.length],
        givenNames: 'Rana',
        dateOfBirth: '1988-03-02',
        nationality: 'SY',
        languages: ['ar'],
        interpreterNeeded: true,
        municipalityId: 'kreuzau',
        residenceStatus: 'protection',
        arrivalDate: '2026-09-15',
        requestedFocusArea: 'welcome',
        needs: { categories: ['language', 'childcare-school'] },
        crisis: false,
        consentToProcessing: true,
      }),
      202,
      'Aufnahme',
    );
    const caseId = String(intake.body.caseId);
    const record = await stageOf(caseId, 'awaiting-assessment', 'assessmentTaskToken');
    const manager = record.caseManagerId ?? '';
    const assessed = expectStatus(
      await api('POST', `/api/cases/${caseId}/assessment`, manager, {
        needs: [
          { category: 'language', serviceId: 'integrationskurs' },
          { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
        ],
        consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: today }],
      }),
      200,
      'Erstgespräch',
    );
    const [referralId = ''] = assessed.body.referralIds as string[];
    await until(`Vermittlung ${referralId} versandt`, async () => ((await deps.referrals.getReferral(referralId))?.taskToken === undefined ? undefined : true));
    if (index % 2 === 0) {
      // The service answers through the signed link in its mail (the referral-links function, public).
      const link = await answerLink(rehearsal, caseId);
      const response = await fetch(new URL('/api/referral-answer', link), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: link.searchParams.get('token') ?? '', outcome: 'accepted' }).toString(),
      });
      if (response.status !== 200) throw new Error(`Rückmeldung der Stelle: HTTP ${String(response.status)}: ${await response.text()}`);
    } else {
      expectStatus(await api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'accepted' }), 200, 'Ergebnis der Vermittlung');
    }
    await stageOf(caseId, 'monitoring', 'closureTaskToken');
    expectStatus(await api('GET', `/api/cases/${caseId}`, manager), 200, 'Fallakte');
    expectStatus(await api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' }), 200, 'Abschluss');
    await until(`Fall ${caseId} abgeschlossen`, async () => ((await deps.cases.getCase(caseId))?.stage === 'closed' ? true : undefined));
    lastCase = { caseId, manager };
    options.log(`Fall ${caseId}: Aufnahme, Erstgespräch, Vermittlung, Rückmeldung, Abschluss.`);
  }
  expectStatus(await api('GET', '/api/cases', 'coordinator'), 200, 'Fallliste');
  await readTour(api, lastCase);
  options.log('Lesende Seiten: Auslastung, Berichte, Protokoll, Akte, Suche, OParl.');

  // Meetings: the reconciler (started as its schedule) invites; one meeting moved, one cancelled, reconciled again.
  await runToEnd(rehearsal, await rehearsal.runSchedule('meetings/ReconcileSchedule'));
  const from = today;
  const to = new Date(systemClock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
  const listed = expectStatus(await api('GET', `/api/meetings?from=${from}&to=${to}`, 'coordinator'), 200, 'Sitzungen');
  const meetings = (listed.body.meetings as { meetingId: string; ruleDate: string }[] | undefined) ?? [];
  const [moved, cancelled] = meetings.filter((m) => m.ruleDate > today);
  if (moved === undefined || cancelled === undefined) throw new Error(`Zu wenige künftige Sitzungen: ${JSON.stringify(listed.body)}`);
  expectStatus(await api('POST', `/api/meetings/${moved.meetingId}/reschedule`, 'coordinator', { date: moved.ruleDate, time: '09:00' }), 200, 'Verschieben');
  expectStatus(await api('POST', `/api/meetings/${cancelled.meetingId}/cancel`, 'coordinator'), 200, 'Absagen');
  await runToEnd(rehearsal, await rehearsal.runSchedule('meetings/ReconcileSchedule'));
  options.log(`Sitzungen: eingeladen, ${moved.meetingId} verschoben, ${cancelled.meetingId} abgesagt.`);

  await runToEnd(rehearsal, await rehearsal.runSchedule('sweeper/SweepSchedule'));
  options.log('Tageslauf (Sweeper) beendet.');
}

/** JSON answers as objects; pages (the consent form) and calendars as their text. */
function parseBody(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}

/**
 * The reading functions, once each: any answer but a server error will do (a 4xx is the function's own verdict on a
 * closed case or a missing parameter); a 5xx is what a missing environment variable or a refused AWS call looks like.
 */
async function readTour(api: (method: string, path: string, as: string, body?: unknown) => Promise<Answer>, last: { caseId: string; manager: string }): Promise<void> {
  const reads: [string, string, string, unknown?][] = [
    ['GET', '/api/caseload', 'coordinator'],
    ['GET', '/api/case-managers', 'coordinator'],
    ['GET', '/api/inactive-cases', 'coordinator'],
    ['GET', '/api/gap-reports', 'coordinator'],
    ['GET', `/api/reports/kpi?from=${new Date().getUTCFullYear().toString()}-01`, 'coordinator'],
    ['GET', '/api/audit', 'coordinator'],
    ['GET', '/api/processing-record', 'coordinator'],
    ['GET', '/api/openapi.json', 'coordinator'],
    ['GET', '/oparl/v1/system', 'coordinator'],
    ['POST', '/api/case-search', 'coordinator', { familyName: FAMILY_NAMES[0] }],
    ['GET', `/api/cases/${last.caseId}/export`, 'coordinator'],
    ['GET', `/api/cases/${last.caseId}/record`, last.manager],
    ['GET', `/api/cases/${last.caseId}/consent-form`, last.manager],
    ['GET', `/api/cases/${last.caseId}/handover`, 'coordinator'],
    ['GET', `/api/staff/${last.manager}/cases`, 'coordinator'],
  ];
  for (const [method, path, as, body] of reads) {
    const answer = await api(method, path, as, body);
    if (answer.status >= 500) throw new Error(`${method} ${path}: HTTP ${String(answer.status)}: ${JSON.stringify(answer.body)}`);
  }
}

async function runToEnd(rehearsal: Rehearsal, executionArn: string): Promise<void> {
  const done = await until(`Ausführung ${executionArn}`, () => {
    const execution = rehearsal.runtime.engine.describeExecution(executionArn);
    return Promise.resolve(execution.status === 'RUNNING' ? undefined : execution);
  });
  if (done.status !== 'SUCCEEDED') throw new Error(`Ausführung ${executionArn}: ${done.status} ${done.error ?? ''} ${done.cause ?? ''}`);
}

/** The answer link in the referral mail of a case (the mail a service gets). */
async function answerLink(rehearsal: Rehearsal, caseId: string): Promise<URL> {
  const { outbox } = rehearsal.runtime;
  const mail = await until(`Vermittlungsmail zu ${caseId}`, () => Promise.resolve(outbox.list().find((m) => m.subject.includes('Vermittlung') && m.subject.includes(caseId))));
  const parsed = await simpleParser(outbox.read(mail.messageId) ?? Buffer.alloc(0));
  const href = /https?:\/\/\S+\/api\/referral-answer\?token=[A-Za-z0-9._%-]+/.exec(parsed.text ?? '')?.[0];
  if (href === undefined) throw new Error(`Kein Rückmelde-Link in der Vermittlungsmail zu ${caseId}`);
  return new URL(href);
}
