/**
 * Personal data never reaches a log line: a whole case (intake → assessment → referral → the service's answer →
 * closure) with a canary in every personal field, the Logger at its most talkative (DEBUG), every byte written to
 * stdout and stderr and every console call captured — the canary appears in none of them. The lines the handlers
 * wrote are JSON with a correlation id (the request's id, or the case for workflow steps).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/_shared/logger.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

// The Logger takes its level from the environment when it is built (and again for each invocation), before the
// imports below run: everything down to DEBUG is written, and checked.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

const CANARY = 'Zwitscherkanari';
const CANARY_MAIL = 'zwitscherkanari@kanarienvogel.example';

describe('no personal data in the logs', () => {
  const h = new WorkflowHarness();
  const written: string[] = [];
  const capture = (stream: NodeJS.WriteStream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });

  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await h.stop();
  });

  it('runs a whole case and finds the canary in no log line, and every handler line is JSON with a correlation id', async () => {
    const out = capture(process.stdout);
    const err = capture(process.stderr);
    const consoles = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        written.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }),
    );
    let caseId = '';
    try {
      const intake = await h.api(
        'POST',
        '/api/intakes',
        'intake',
        intakeFor({
          familyName: CANARY,
          givenNames: `${CANARY} Maria`,
          email: CANARY_MAIL,
          phone: '+49 2421 998877',
          address: { street: `${CANARY}weg 7`, postalCode: '52349', city: `${CANARY}stadt` },
          needs: { categories: ['language'], description: `${CANARY} braucht einen Sprachkurs.` },
        }),
      );
      expect(intake.status).toBe(202);
      caseId = String(intake.body.caseId);
      const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
      const manager = record.caseManagerId ?? '';
      expect((await h.api('GET', `/api/cases/${caseId}`, manager)).status).toBe(200);
      const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
        needs: [{ category: 'language', serviceId: 'integrationskurs' }],
        consents: [{ serviceId: 'integrationskurs', form: 'electronic', givenAt: '2026-11-24' }],
      });
      expect(assessed.status).toBe(200);
      const [referralId = ''] = assessed.body.referralIds as string[];
      await eventually(async () => ((await h.deps.referrals.getReferral(referralId))?.taskToken !== undefined ? true : undefined));
      expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'completed' })).status).toBe(200);
      await h.waitForStage(caseId, 'monitoring', 'closure');
      expect((await h.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' })).status).toBe(200);
      await h.waitForStage(caseId, 'closed');
      // A refused request is logged too, and must not echo what was sent.
      expect((await h.api('POST', '/api/intakes', 'intake', { familyName: CANARY, email: CANARY_MAIL })).status).toBe(400);
    } finally {
      out.mockRestore();
      err.mockRestore();
      for (const spy of consoles) spy.mockRestore();
    }

    expect(logger.getLevelName()).toBe('DEBUG');
    const lines = written.join('').split('\n').filter((line) => line.trim() !== '');
    for (const line of lines) {
      expect(line.toLowerCase(), line).not.toContain(CANARY.toLowerCase());
      expect(line.toLowerCase(), line).not.toContain(CANARY_MAIL);
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((e) => e.message === 'request');
    const steps = entries.filter((e) => e.message === 'step');
    // The case went through the API and the workflow, and each of their lines says which request or case it was.
    expect(requests.map((e) => e.route)).toEqual(expect.arrayContaining(['POST /api/intakes', 'GET /api/cases/{id}', 'POST /api/cases/{id}/assessment', 'POST /api/referrals/{id}/outcome', 'POST /api/cases/{id}/close']));
    expect(requests.every((e) => typeof e.correlation_id === 'string' && typeof e.function_request_id === 'string' && typeof e.cold_start === 'boolean')).toBe(true);
    expect(steps.filter((e) => e.correlation_id === caseId).map((e) => e.function_name)).toEqual(expect.arrayContaining(['triage-case', 'assign-case-manager', 'send-referral', 'await-closure']));
    expect(entries.every((e) => typeof e.level === 'string' && typeof e.timestamp === 'string')).toBe(true);
  });
});
