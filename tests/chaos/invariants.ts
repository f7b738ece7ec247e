/**
 * The promises `npm run chaos` checks, as pure functions over what it observed — the answers clients got, a scan of
 * the table, the executions of the local engine, the outbox — so each can be unit-tested with a broken input
 * (tests/unit/chaos-invariants.test.ts). Nothing here talks to a process or a port.
 */
import { executionName } from '../../core/cases/case.ts';

/** How often a line of npm start's output (e.g. "DynamoDB Local läuft wieder") appears in it. */
export const occurrences = (output: string, line: string): number => output.split(line).length - 1;

/** An item of the table as scanned (unmarshalled). */
export type TableItem = Readonly<Record<string, unknown>> & { readonly pk: string; readonly sk: string };

/** Everything one intake's transaction writes (core/adapters/dynamo-case-repository.ts, createCase). */
export const INTAKE_PARTS = ['case', 'client', 'person marker', 'intake event', 'idempotency item'] as const;
type IntakePart = (typeof INTAKE_PARTS)[number];

/** A 202 a client got: the key it sent and the case the answer named. */
export interface Accepted {
  readonly key: string;
  readonly caseId: string;
}

export interface IntakeFindings {
  /** Distinct Idempotency-Keys the clients sent. */
  readonly keys: number;
  /** Keys answered 202 at least once (after the clients' retries). */
  readonly accepted: number;
  /** Keys whose every 202 names a case stored with all its parts. */
  readonly stored: number;
  /** Keys that never got a 202 although the clients retried. */
  readonly neverAccepted: readonly string[];
  /** Cases answered 202 of which nothing at all is stored: DynamoDB Local lost the acknowledged write. */
  readonly lost: readonly string[];
  /** Cases with some but not all parts of their intake: the transaction was not all or nothing. */
  readonly halfWritten: readonly { readonly caseId: string; readonly missing: readonly IntakePart[] }[];
  /** Keys with more than one stored case (by the answers, or by the key hash the cases carry). */
  readonly duplicates: readonly string[];
  /** Stored cases no 202 named: created for a client that was never told. */
  readonly unclaimed: readonly string[];
}

const casePartition = (pk: string): string | undefined => (pk.startsWith('CASE#') ? pk.slice('CASE#'.length) : undefined);

function intakePartOf(item: TableItem): { caseId: string; part: IntakePart; keyHash?: string } | undefined {
  if (item.pk.startsWith('IDEMPOTENCY#') && typeof item.caseId === 'string') {
    return { caseId: item.caseId, part: 'idempotency item', keyHash: item.pk.slice('IDEMPOTENCY#'.length) };
  }
  const caseId = casePartition(item.pk);
  if (caseId === undefined) return undefined;
  if (item.sk === 'CASE') return { caseId, part: 'case' };
  if (item.sk === 'CLIENT') return { caseId, part: 'client' };
  if (item.sk === 'PERSON') return { caseId, part: 'person marker', ...(typeof item.intakeKeyHash === 'string' ? { keyHash: item.intakeKeyHash } : {}) };
  if (item.sk.startsWith('EVENT#') && item.kind === 'intake-received') return { caseId, part: 'intake event' };
  return undefined;
}

/** Per case in the table: which parts of its intake are there, and the key hashes they carry. */
export function storedIntakes(items: readonly TableItem[]): Map<string, { parts: Set<IntakePart>; keyHashes: Set<string> }> {
  const cases = new Map<string, { parts: Set<IntakePart>; keyHashes: Set<string> }>();
  for (const item of items) {
    const found = intakePartOf(item);
    if (found === undefined) continue;
    const entry = cases.get(found.caseId) ?? { parts: new Set<IntakePart>(), keyHashes: new Set<string>() };
    entry.parts.add(found.part);
    if (found.keyHash !== undefined) entry.keyHashes.add(found.keyHash);
    cases.set(found.caseId, entry);
  }
  return cases;
}

/**
 * Every 202 stored, nothing half-written, one case per key. `keys` are all keys the clients sent, `accepted` every
 * 202 they got (a retry that was replayed names the same case again).
 */
export function checkIntakes(keys: readonly string[], accepted: readonly Accepted[], items: readonly TableItem[]): IntakeFindings {
  const stored = storedIntakes(items);
  const complete = (caseId: string): boolean => stored.get(caseId)?.parts.size === INTAKE_PARTS.length;
  const casesOfKey = new Map<string, Set<string>>();
  for (const { key, caseId } of accepted) casesOfKey.set(key, (casesOfKey.get(key) ?? new Set<string>()).add(caseId));
  const named = new Set(accepted.map((a) => a.caseId));

  const halfWritten = [...stored]
    .filter(([, entry]) => entry.parts.size < INTAKE_PARTS.length)
    .map(([caseId, entry]) => ({ caseId, missing: INTAKE_PARTS.filter((part) => !entry.parts.has(part)) }));
  const lost = [...named].filter((caseId) => !stored.has(caseId));
  // Two stored cases answered for one key, or two stored cases carrying the same key hash.
  const byAnswers = [...casesOfKey].filter(([, cases]) => [...cases].filter((caseId) => stored.has(caseId)).length > 1).map(([key]) => key);
  const casesOfHash = new Map<string, string[]>();
  for (const [caseId, entry] of stored) for (const hash of entry.keyHashes) casesOfHash.set(hash, [...(casesOfHash.get(hash) ?? []), caseId]);
  const byHash = [...casesOfHash].filter(([, cases]) => cases.length > 1).map(([hash, cases]) => `Schlüssel-Hash ${hash.slice(0, 12)}…: ${cases.join(', ')}`);
  const unclaimed = [...stored.keys()].filter((caseId) => !named.has(caseId));

  const distinctKeys = [...new Set(keys)];
  return {
    keys: distinctKeys.length,
    accepted: casesOfKey.size,
    stored: [...casesOfKey.values()].filter((cases) => [...cases].every(complete)).length,
    neverAccepted: distinctKeys.filter((key) => !casesOfKey.has(key)),
    lost,
    halfWritten,
    duplicates: [...byAnswers, ...byHash],
    unclaimed,
  };
}

/** A case item's fields that decide whether it is resumed after a restart (core/workflow/resume-cases.ts). */
interface CaseState {
  readonly caseId: string;
  readonly stage: string;
  readonly generation: number;
  readonly parked: boolean;
}

export function caseStates(items: readonly TableItem[]): CaseState[] {
  return items
    .filter((item) => item.sk === 'CASE' && casePartition(item.pk) !== undefined)
    .map((item) => ({
      caseId: String(item.caseId),
      stage: String(item.stage),
      generation: Number(item.generation),
      // Parked (needs attention) and restricted (Art. 18) cases stay stopped until a person lets them go on.
      parked: item.attention !== undefined || item.restrictedAt !== undefined,
    }));
}

export interface ResumeFindings {
  /** Open cases that must run (not parked). */
  readonly open: number;
  /** …of which resumed exactly once by this restart and running exactly one execution, of their generation. */
  readonly resumedOnce: number;
  readonly notResumed: readonly string[];
  readonly resumedTwice: readonly string[];
  /** Cases with more than one running execution, or one not of their current generation. */
  readonly wrongExecutions: readonly string[];
  readonly parked: number;
}

/**
 * After a restart of `npm start`: every open case resumed exactly once (one `workflow-resumed` event since
 * `restartedAt`) and exactly one running execution, the one of its current generation. `runningExecutions` are
 * the names of the intake-to-referral executions running in the new engine.
 */
export function checkResumes(items: readonly TableItem[], runningExecutions: readonly string[], restartedAt: string): ResumeFindings {
  const resumes = new Map<string, number>();
  for (const item of items) {
    const caseId = casePartition(item.pk);
    if (caseId === undefined || !item.sk.startsWith('EVENT#') || item.kind !== 'workflow-resumed' || String(item.at) < restartedAt) continue;
    resumes.set(caseId, (resumes.get(caseId) ?? 0) + 1);
  }
  const cases = caseStates(items);
  const open = cases.filter((c) => c.stage !== 'closed' && !c.parked);
  const runningOf = (caseId: string): string[] => runningExecutions.filter((name) => name.startsWith(`${caseId}-`));
  const wrongExecutions = cases
    .filter((c) => {
      const running = runningOf(c.caseId);
      if (c.stage === 'closed' || c.parked) return running.length > 0;
      return running.length !== 1 || running[0] !== executionName(c.caseId, c.generation);
    })
    .map((c) => c.caseId);
  const notResumed = open.filter((c) => (resumes.get(c.caseId) ?? 0) === 0).map((c) => c.caseId);
  const resumedTwice = cases.filter((c) => (resumes.get(c.caseId) ?? 0) > 1).map((c) => c.caseId);
  const bad = new Set([...notResumed, ...resumedTwice, ...wrongExecutions]);
  return {
    open: open.length,
    resumedOnce: open.filter((c) => !bad.has(c.caseId)).length,
    notResumed,
    resumedTwice,
    wrongExecutions,
    parked: cases.filter((c) => c.parked && c.stage !== 'closed').length,
  };
}

/** What the outbox records of a mail (local/ses/local-ses.ts, OutboxEntry). */
export interface SentMail {
  readonly recipients: readonly string[];
  readonly subject: string;
  readonly calendar?: { readonly method: string; readonly sequence: number };
}

/**
 * One mail as its recipient tells it apart: the subject names the case, referral or meeting (and the meeting's
 * date and time); the calendar part's method and SEQUENCE tell an invitation from its updates and cancellation.
 */
export const mailIdentity = (recipient: string, mail: SentMail): string =>
  [recipient.trim().toLowerCase(), mail.subject, mail.calendar?.method ?? '', String(mail.calendar?.sequence ?? '')].join(' | ');

export interface MailFindings {
  /** Mails to one recipient each (a mail to two counts twice). */
  readonly sent: number;
  readonly distinct: number;
  /** Each mail a recipient got more than once, with how often. */
  readonly duplicates: readonly { readonly mail: string; readonly times: number }[];
}

export function checkMails(mails: readonly SentMail[]): MailFindings {
  const counts = new Map<string, number>();
  for (const mail of mails) for (const recipient of mail.recipients) counts.set(mailIdentity(recipient, mail), (counts.get(mailIdentity(recipient, mail)) ?? 0) + 1);
  return {
    sent: [...counts.values()].reduce((sum, n) => sum + n, 0),
    distinct: counts.size,
    duplicates: [...counts].filter(([, times]) => times > 1).map(([mail, times]) => ({ mail, times })),
  };
}

export interface DeliveryFindings {
  /** Expected recipients who got none of the mails. */
  readonly missing: readonly string[];
  /** Expected recipients who got more than one. */
  readonly twice: readonly string[];
  /** Recipients who got one but were not expected. */
  readonly unexpected: readonly string[];
}

/** `mails` (one kind of mail about one thing, e.g. a meeting's invitation) reached each expected recipient once. */
export function checkDelivery(expected: readonly string[], mails: readonly SentMail[]): DeliveryFindings {
  const normalise = (email: string): string => email.trim().toLowerCase();
  const counts = new Map<string, number>();
  for (const mail of mails) for (const recipient of mail.recipients) counts.set(normalise(recipient), (counts.get(normalise(recipient)) ?? 0) + 1);
  const wanted = new Set(expected.map(normalise));
  return {
    missing: [...wanted].filter((email) => !counts.has(email)),
    twice: [...counts].filter(([email, n]) => wanted.has(email) && n > 1).map(([email, n]) => `${email} ${String(n)}×`),
    unexpected: [...counts.keys()].filter((email) => !wanted.has(email)),
  };
}

export interface ReferralMailFindings {
  readonly sent: number;
  /** Counted as sent at their claim after a crash between claim and mark: at most once by design (referral-steps.ts). */
  readonly unconfirmed: number;
  /** Confirmed referrals without a mail. */
  readonly missing: number;
  /** Mails beyond one per referral sent. */
  readonly extra: number;
}

/**
 * One referral mail per referral sent — except a referral whose send a crash left unconfirmed: its mail may or may
 * not have gone out (it is never sent again; the outcome follow-up finds out), so it may lack one.
 */
export function checkReferralMails(items: readonly TableItem[], mails: number): ReferralMailFindings {
  const sent = items.filter((item) => item.sk === 'REFERRAL' && item.pk.startsWith('REFERRAL#') && item.sentAt !== undefined).length;
  const unconfirmed = items.filter((item) => item.sk.startsWith('EVENT#') && item.kind === 'referral-sent-unconfirmed').length;
  return { sent, unconfirmed, missing: Math.max(0, sent - unconfirmed - mails), extra: Math.max(0, mails - sent) };
}
