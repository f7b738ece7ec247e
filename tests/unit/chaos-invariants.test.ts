/**
 * `npm run chaos` (tests/chaos) runs for minutes and is not part of `npm test`; its command line and its checkers are,
 * here: each checker passes what holds and names what breaks — a half-written intake, two cases for one key, a lost
 * write, a case resumed twice or not at all, a mail sent twice.
 */
import { describe, expect, it } from 'vitest';
import { readChaosCommandLine } from '../chaos/command.ts';
import { checkDelivery, checkIntakes, checkMails, checkReferralMails, checkResumes, type TableItem } from '../chaos/invariants.ts';

/** The five items one intake's transaction writes, for a case and the hash of its Idempotency-Key. */
const intakeItems = (caseId: string, keyHash: string, stage = 'awaiting-assessment', generation = 1): TableItem[] => [
  { pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY', caseId },
  { pk: `CASE#${caseId}`, sk: 'CASE', caseId, stage, generation },
  { pk: `CASE#${caseId}`, sk: 'CLIENT', caseId },
  { pk: `CASE#${caseId}`, sk: 'PERSON', caseId, intakeKeyHash: keyHash },
  { pk: `CASE#${caseId}`, sk: `EVENT#2026-12-05T10:00:00.000Z#v1`, kind: 'intake-received', at: '2026-12-05T10:00:00.000Z' },
];

describe('npm run chaos: command line', () => {
  it('answers --help with the scenarios and options, and refuses a wrong count in German', () => {
    const help = readChaosCommandLine(['--help']);
    expect(help.kind).toBe('help');
    if (help.kind !== 'help') return;
    expect(help.text).toMatch(/^Aufruf: npm run chaos -- \[Optionen\]/);
    for (const part of ['dynamodb', 'engine', 'reconcilers', '--intakes <n>', '--restarts <n>', '--keep']) expect(help.text).toContain(part);

    expect(readChaosCommandLine(['--only=engine', '--intakes=5'])).toMatchObject({ kind: 'options', options: { only: ['engine'], intakes: 5, reconcilers: 3, keep: false } });
    expect(readChaosCommandLine(['--intakes=0'])).toEqual({ kind: 'mistake', message: '--intakes muss eine ganze Zahl ab 1 sein.' });
    expect(readChaosCommandLine(['--only=dynamodb,chaos'])).toMatchObject({ kind: 'mistake', message: expect.stringContaining('--only kennt nur die Szenarien') as unknown });
  });
});

describe('npm run chaos: intakes', () => {
  const keys = ['k1', 'k2', 'k3'];
  const accepted = [
    { key: 'k1', caseId: 'C1' },
    { key: 'k2', caseId: 'C2' },
    // k3 failed first, then a retry got its case.
    { key: 'k3', caseId: 'C3' },
  ];
  const whole = [...intakeItems('C1', 'h1'), ...intakeItems('C2', 'h2'), ...intakeItems('C3', 'h3')];

  it('holds when every 202 is stored whole and each key has one case', () => {
    const found = checkIntakes(keys, [...accepted, { key: 'k3', caseId: 'C3' }], whole);
    expect(found).toEqual({ keys: 3, accepted: 3, stored: 3, neverAccepted: [], lost: [], halfWritten: [], duplicates: [], unclaimed: [] });
  });

  it('finds a half-written intake, naming what is missing', () => {
    const items = whole.filter((item) => !(item.pk === 'CASE#C2' && item.sk === 'CLIENT'));
    expect(checkIntakes(keys, accepted, items).halfWritten).toEqual([{ caseId: 'C2', missing: ['client'] }]);
  });

  it('counts a 202 of which nothing is stored as lost, apart from half-written', () => {
    const found = checkIntakes(keys, accepted, whole.filter((item) => item.caseId !== 'C2' && item.pk !== 'CASE#C2'));
    expect(found.lost).toEqual(['C2']);
    expect(found.halfWritten).toEqual([]);
    expect(found.stored).toBe(2);
  });

  it('finds two cases for one key, by the answers and by the key hash, and a case no client was told of', () => {
    const twice = checkIntakes(keys, [...accepted, { key: 'k3', caseId: 'C4' }], [...whole, ...intakeItems('C4', 'h3')]);
    expect(twice.duplicates).toEqual(['k3', 'Schlüssel-Hash h3…: C3, C4']);
    const untold = checkIntakes(keys, accepted, [...whole, ...intakeItems('C5', 'h5')]);
    expect(untold.unclaimed).toEqual(['C5']);
    expect(checkIntakes([...keys, 'k4'], accepted, whole).neverAccepted).toEqual(['k4']);
  });
});

describe('npm run chaos: resumes after a restart', () => {
  const restartedAt = '2026-12-05T11:00:00.000Z';
  const resumed = (caseId: string, at = '2026-12-05T11:00:01.000Z'): TableItem => ({ pk: `CASE#${caseId}`, sk: `EVENT#${at}#v3`, kind: 'workflow-resumed', at });
  const items = [...intakeItems('C1', 'h1', 'awaiting-assessment', 2), ...intakeItems('C2', 'h2', 'triaged', 2), resumed('C1'), resumed('C2'), resumed('C1', '2026-12-05T10:00:00.000Z')];

  it('holds when each open case was resumed once since the restart and runs the execution of its generation', () => {
    expect(checkResumes(items, ['C1-2', 'C2-2'], restartedAt)).toEqual({ open: 2, resumedOnce: 2, notResumed: [], resumedTwice: [], wrongExecutions: [], parked: 0 });
  });

  it('finds a case resumed twice, one not resumed, and executions that are not exactly the current one', () => {
    const found = checkResumes([...items.filter((item) => item !== items.at(-2)), resumed('C1', '2026-12-05T11:00:02.000Z')], ['C1-2', 'C1-1'], restartedAt);
    expect(found.resumedTwice).toEqual(['C1']);
    expect(found.notResumed).toEqual(['C2']);
    expect(found.wrongExecutions).toEqual(['C1', 'C2']);
    expect(found.resumedOnce).toBe(0);
  });

  it('expects nothing of a parked case but that it does not run', () => {
    const parked = items.map((item) => (item.pk === 'CASE#C2' && item.sk === 'CASE' ? { ...item, attention: { step: 'triage', at: restartedAt } } : item));
    expect(checkResumes(parked, ['C1-2'], restartedAt)).toMatchObject({ open: 1, resumedOnce: 1, parked: 1, wrongExecutions: [] });
    expect(checkResumes(parked, ['C1-2', 'C2-2'], restartedAt).wrongExecutions).toEqual(['C2']);
  });
});

describe('npm run chaos: mails', () => {
  const invitation = (to: string, sequence = 0) => ({ recipients: [to], subject: 'Einladung: Jour fixe am 8. Dezember 2026, 10:00 Uhr', calendar: { method: 'REQUEST', sequence } });

  it('finds a mail a recipient got twice; an update with a raised SEQUENCE is another mail', () => {
    expect(checkMails([invitation('a@example.org'), invitation('b@example.org'), invitation('a@example.org', 1)])).toEqual({ sent: 3, distinct: 3, duplicates: [] });
    const twice = checkMails([invitation('a@example.org'), invitation('A@example.org ')]);
    expect(twice.duplicates).toEqual([{ mail: 'a@example.org | Einladung: Jour fixe am 8. Dezember 2026, 10:00 Uhr | REQUEST | 0', times: 2 }]);
  });

  it('finds who of the expected recipients got a mail not at all, twice, or without being expected', () => {
    const found = checkDelivery(['a@example.org', 'b@example.org', 'c@example.org'], [invitation('a@example.org'), invitation('b@example.org'), invitation('b@example.org'), invitation('x@example.org')]);
    expect(found).toEqual({ missing: ['c@example.org'], twice: ['b@example.org 2×'], unexpected: ['x@example.org'] });
  });

  it('wants one mail per referral sent, but lets a referral left unconfirmed by a crash lack its mail', () => {
    const referral = (id: string): TableItem => ({ pk: `REFERRAL#${id}`, sk: 'REFERRAL', status: 'sent', sentAt: '2026-12-05T11:00:00.000Z' });
    const unconfirmed: TableItem = { pk: 'CASE#C1', sk: 'EVENT#2026-12-05T11:00:00.000Z#R2', kind: 'referral-sent-unconfirmed' };
    const items = [referral('R1'), referral('R2'), referral('R3')];
    expect(checkReferralMails(items, 3)).toEqual({ sent: 3, unconfirmed: 0, missing: 0, extra: 0 });
    expect(checkReferralMails(items, 2)).toMatchObject({ missing: 1, extra: 0 });
    expect(checkReferralMails([...items, unconfirmed], 2)).toMatchObject({ unconfirmed: 1, missing: 0 });
    expect(checkReferralMails(items, 4)).toMatchObject({ missing: 0, extra: 1 });
  });
});
