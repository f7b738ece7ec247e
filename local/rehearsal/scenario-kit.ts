/**
 * What every part of the rehearsal's scenario works with: the API as a demo person, waiting (in real time) for what
 * the workflow does, and moving the rehearsal's clock across the workflow's waits.
 */
import type { CaseRecord } from '../../core/cases/case.ts';
import { DAY_MS } from '../../core/clock.ts';
import type { ReferralRecord } from '../../core/cases/referral.ts';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';
import { apiAs, type ApiAnswer } from '../api-as.ts';
import { sampleIntake } from '../demo/sample-intake.ts';
import type { ExecutionRecord } from '../stepfunctions/local-step-functions.ts';
import type { Rehearsal } from './rehearsal.ts';

const WAIT_MS = 60_000;

export async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Zeitüberschreitung: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectStatus(answer: ApiAnswer, status: number, what: string): ApiAnswer {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${String(answer.status)} statt ${String(status)}: ${JSON.stringify(answer.body)}`);
  return answer;
}

interface Need {
  readonly category: string;
  readonly serviceId?: string;
}

/** A case after its assessment: who holds it and its referrals in the order of the needs. */
export interface AssessedCase {
  readonly caseId: string;
  readonly manager: string;
  readonly referralIds: readonly string[];
}

export class ScenarioKit {
  constructor(
    readonly rehearsal: Rehearsal,
    readonly log: (line: string) => void,
  ) {}

  staff(idOrRole: string): StaffMember {
    const person = this.rehearsal.demo.staff.find((s) => s.id === idOrRole || s.role === idOrRole);
    if (person === undefined) throw new Error(`Keine Demo-Person ${idOrRole}`);
    return person;
  }

  api(method: string, path: string, as: string, body?: unknown): Promise<ApiAnswer> {
    return apiAs(this.rehearsal.runtime, this.staff(as), { method, path, body });
  }

  /** The call, refused unless it answers `status`. */
  async call(what: string, status: number, method: string, path: string, as: string, body?: unknown): Promise<Record<string, unknown>> {
    return expectStatus(await this.api(method, path, as, body), status, what).body;
  }

  /** Today in the rehearsal's time (YYYY-MM-DD, UTC as the scenario's dates need no more). */
  today(offsetDays = 0): string {
    return new Date(this.rehearsal.clock.now().getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
  }

  get deps(): Rehearsal['runtime']['deps'] {
    return this.rehearsal.runtime.deps;
  }

  /** Until the case is in `stage`, with the wait's task token stored where the stage has one. */
  stageOf(caseId: string, stage: CaseRecord['stage'], token?: 'assessmentTaskToken' | 'closureTaskToken'): Promise<CaseRecord> {
    return until(`Fall ${caseId} erreicht ${stage}`, async () => {
      const record = await this.deps.cases.getCase(caseId);
      return record?.stage === stage && (token === undefined || record[token] !== undefined) ? record : undefined;
    });
  }

  /** Until the referral satisfies `done` (default: sent and its outcome awaited). */
  referral(referralId: string, what = 'versandt', done: (r: ReferralRecord) => boolean = (r) => r.taskToken !== undefined): Promise<ReferralRecord> {
    return until(`Vermittlung ${referralId} ${what}`, async () => {
      const found = await this.deps.referrals.getReferral(referralId);
      return found !== undefined && done(found) ? found : undefined;
    });
  }

  /** Until the case's history has an event of this kind (the workflow's reminders, escalations, hand-overs …). */
  event(caseId: string, kind: string): Promise<true> {
    return until(`Fall ${caseId}: Ereignis ${kind}`, async () => ((await this.deps.cases.listEvents(caseId)).some((e) => e.kind === kind) ? true : undefined));
  }

  async hasEvent(caseId: string, kind: string): Promise<boolean> {
    return (await this.deps.cases.listEvents(caseId)).some((e) => e.kind === kind);
  }

  /** An intake through the API (the sample person, with `overrides`); its case number. */
  async submit(overrides: Record<string, unknown> = {}): Promise<string> {
    return String((await this.call('Aufnahme', 202, 'POST', '/api/intakes', 'intake', sampleIntake(overrides))).caseId);
  }

  /** An intake through the API, until the case waits for its assessment. */
  async intake(overrides: Record<string, unknown> = {}): Promise<CaseRecord> {
    return this.stageOf(await this.submit(overrides), 'awaiting-assessment', 'assessmentTaskToken');
  }

  /** An intake with these needs, assessed by its case manager with consents (written, today) for `consents`. */
  async assessed(needs: readonly Need[], consents: readonly string[], intake: Record<string, unknown> = {}): Promise<AssessedCase> {
    const record = await this.intake({ needs: { categories: needs.map((n) => n.category) }, ...intake });
    const manager = record.caseManagerId ?? '';
    const answer = await this.call('Erstgespräch', 200, 'POST', `/api/cases/${record.caseId}/assessment`, manager, {
      needs,
      consents: consents.map((serviceId) => ({ serviceId, form: 'written', givenAt: this.today() })),
    });
    return { caseId: record.caseId, manager, referralIds: answer.referralIds as string[] };
  }

  /** Until the execution has ended, as it ended. */
  ended(executionArn: string): Promise<ExecutionRecord> {
    const { engine } = this.rehearsal.runtime;
    return until(`Ausführung ${executionArn}`, () => {
      const execution = engine.describeExecution(executionArn);
      return Promise.resolve(execution.status === 'RUNNING' ? undefined : execution);
    });
  }

  /** Until the execution has ended; refused unless it succeeded. */
  async runToEnd(executionArn: string): Promise<void> {
    const done = await this.ended(executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`Ausführung ${executionArn}: ${done.status} ${done.error ?? ''} ${done.cause ?? ''}`);
  }

  /**
   * Moves the clock and waits until every wait it woke has run its step and waits again (as many as before), as
   * the workflow tests' harness does (tests/fixtures/workflow-harness.ts).
   */
  async advanceAndSettle(ms: number): Promise<void> {
    const { clock } = this.rehearsal;
    const waiting = clock.pendingSleepers;
    await clock.advance(ms);
    await until('die geweckten Schritte warten wieder', () => Promise.resolve(clock.pendingSleepers >= waiting ? true : undefined));
  }
}
