/**
 * The sweeper's decisions on executions the local engine cannot age (a year) or lose on purpose: renewal before the
 * one-year limit (new generation first, then the old one stopped) and a missing execution started under its own
 * name. In-memory case store with the repository's version check; the workflow tests run the rest on the real ASL.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/cases/case.ts';
import { VersionConflict, type CaseEvent, type CaseWorkflow, type ExecutionState } from '../../core/cases/ports.ts';
import { ManualClock } from '../../core/clock.ts';
import { RENEW_AFTER_MS, sweepCases } from '../../core/workflow/sweep-cases.ts';

const DAY = 24 * 60 * 60 * 1000;

function world(executions: Record<string, ExecutionState>) {
  const clock = new ManualClock('2027-11-01T02:30:00Z');
  const record: CaseRecord = {
    caseId: 'KIM-2026-7QK3M2XD',
    version: 4,
    createdAt: '2026-11-24T08:00:00.000Z',
    updatedAt: '2026-11-24T08:00:00.000Z',
    stage: 'monitoring',
    municipalityId: 'juelich',
    requestedFocusArea: 'welcome',
    crisis: false,
    needCategories: ['language'],
    intakeBy: 'intake-1',
    generation: 1,
  };
  const stored = new Map([[record.caseId, record]]);
  const events: CaseEvent[] = [];
  const calls: string[] = [];
  const cases = {
    listCasesInStage: (stage: CaseRecord['stage']) => Promise.resolve([...stored.values()].filter((c) => c.stage === stage)),
    updateCase: (expected: CaseRecord, changes: Partial<CaseRecord>, event: CaseEvent | undefined, now: Date) => {
      const current = stored.get(expected.caseId);
      if (current?.version !== expected.version) return Promise.reject(new VersionConflict('changed'));
      const next = { ...expected, ...changes, version: expected.version + 1, updatedAt: now.toISOString() };
      stored.set(next.caseId, next);
      if (event !== undefined) events.push(event);
      return Promise.resolve(next);
    },
  };
  const workflow: CaseWorkflow = {
    start: (caseId, generation) => {
      calls.push(`start ${caseId}-${generation}`);
      return Promise.resolve();
    },
    execution: (caseId, generation) => Promise.resolve(executions[`${caseId}-${generation}`]),
    running: () => Promise.resolve(new Map(Object.entries(executions).filter(([, e]) => e.running).map(([name, e]) => [name, e.startedAt]))),
    stop: (caseId, generation) => {
      calls.push(`stop ${caseId}-${generation}`);
      return Promise.resolve();
    },
  };
  return { deps: { cases, workflow, clock }, stored, events, calls, record };
}

describe('the daily sweeper', () => {
  it('leaves a running execution younger than the renewal age alone', async () => {
    const w = world({ 'KIM-2026-7QK3M2XD-1': { running: true, startedAt: new Date(Date.parse('2027-11-01T02:30:00Z') - RENEW_AFTER_MS + DAY) } });
    expect(await sweepCases(w.deps)).toEqual({ restarted: 0, renewed: 0 });
    expect(w.calls).toEqual([]);
  });

  it('renews an execution close to one year: the new generation starts, then the old one is stopped', async () => {
    const w = world({ 'KIM-2026-7QK3M2XD-1': { running: true, startedAt: new Date('2026-11-24T08:00:00Z') } });
    expect(await sweepCases(w.deps)).toEqual({ restarted: 0, renewed: 1 });
    expect(w.calls).toEqual(['start KIM-2026-7QK3M2XD-2', 'stop KIM-2026-7QK3M2XD-1']);
    expect(w.stored.get(w.record.caseId)?.generation).toBe(2);
    expect(w.events).toEqual([{ kind: 'workflow-renewed', actor: 'system', details: { generation: 2 } }]);
  });

  it('starts a missing execution under its own generation, never a new one (whoever raised it may be starting it)', async () => {
    const w = world({});
    expect(await sweepCases(w.deps)).toEqual({ restarted: 1, renewed: 0 });
    expect(w.calls).toEqual(['start KIM-2026-7QK3M2XD-1']);
    expect(w.stored.get(w.record.caseId)?.generation).toBe(1);
  });

  it('restarts an ended execution in a new generation, and of two sweepers at once only one', async () => {
    const w = world({ 'KIM-2026-7QK3M2XD-1': { running: false, startedAt: new Date('2027-10-01T00:00:00Z') } });
    const results = await Promise.all([sweepCases(w.deps), sweepCases(w.deps)]);
    expect(results.map((r) => r.restarted).sort()).toEqual([0, 1]);
    expect(w.calls).toEqual(['start KIM-2026-7QK3M2XD-2']);
  });

  it('leaves a restricted case stopped, and stops an execution a racing call started after the restriction', async () => {
    const restricted = { restrictedAt: '2027-10-01T00:00:00.000Z', restrictedBy: 'jonas-berger' };
    const stopped = world({});
    stopped.stored.set(stopped.record.caseId, { ...stopped.record, ...restricted });
    expect(await sweepCases(stopped.deps)).toEqual({ restarted: 0, renewed: 0 });
    expect(stopped.calls).toEqual([]);
    const raced = world({ 'KIM-2026-7QK3M2XD-1': { running: true, startedAt: new Date('2027-10-01T00:00:01Z') } });
    raced.stored.set(raced.record.caseId, { ...raced.record, ...restricted });
    expect(await sweepCases(raced.deps)).toEqual({ restarted: 0, renewed: 0 });
    expect(raced.calls).toEqual(['stop KIM-2026-7QK3M2XD-1']);
    expect(raced.events).toEqual([]);
  });

  it('leaves parked cases to the coordination', async () => {
    const w = world({});
    w.stored.set(w.record.caseId, { ...w.record, attention: { step: 'ReferralNotSent', at: '2027-10-01T00:00:00.000Z' } });
    expect(await sweepCases(w.deps)).toEqual({ restarted: 0, renewed: 0 });
    expect(w.calls).toEqual([]);
  });
});
