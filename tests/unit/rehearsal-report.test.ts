/** The rehearsal's verdict: a denied call or an unused write of a role that ran fails it; roles that never ran are listed apart. */
import { describe, expect, it } from 'vitest';
import type { PrincipalReport } from '../../local/rehearsal/iam-check.ts';
import { verdict } from '../../local/rehearsal/report.ts';

const ran = (changes: Partial<PrincipalReport> = {}): PrincipalReport => ({
  principal: 'api/CreateIntake',
  kind: 'function',
  calls: 3,
  distinctCalls: 2,
  denied: [],
  unusedWrites: [],
  unusedOthers: ['dynamodb:describetable'],
  explained: [],
  ...changes,
});
const idle: PrincipalReport = { ...ran({ principal: 'api/KpiReport', calls: 0, distinctCalls: 0, unusedWrites: ['dynamodb:putitem'] }) };

describe('rehearsal verdict', () => {
  it('passes with read leftovers only, counting calls of the roles that ran and naming those that did not', () => {
    const result = verdict([ran(), idle]);
    expect(result.passed).toBe(true);
    expect(result.counts).toEqual({ principals: 2, ran: 1, calls: 3, denied: 0, unusedWrites: 0, unusedOthers: 1 });
    expect(result.text).toContain('ungenutzt, lesend: dynamodb:describetable');
    expect(result.text).toContain('Nicht geprobt (kein Aufruf im Szenario, Rechte nicht beurteilt): api/KpiReport');
  });

  it('fails on a denied call, naming principal, action and resource', () => {
    const denied = { principal: 'api/CreateIntake', action: 'dynamodb:PutItem', resource: 'arn:aws:dynamodb:eu-central-1:123456789012:table/t', detail: 'ImplicitlyDenied' };
    const result = verdict([ran({ denied: [denied] })]);
    expect(result.passed).toBe(false);
    expect(result.text).toContain('VERWEIGERT dynamodb:PutItem auf arn:aws:dynamodb:eu-central-1:123456789012:table/t (ImplicitlyDenied)');
  });

  it('fails on an unused write of a role that ran', () => {
    const result = verdict([ran({ unusedWrites: ['dynamodb:deleteitem'] })]);
    expect(result.passed).toBe(false);
    expect(result.text).toContain('ungenutzt, schreibend: dynamodb:deleteitem');
  });
});
