/**
 * The rehearsal's clock: real time plus an offset that advance() moves, waking the sleepers whose time has come in
 * order and leaving the others; and a bundle in its worker thread reads the same "now" (its Date is shifted before
 * the bundle loads), while dates it builds from a value stay as they are.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/clock.ts';
import { BundledFunctions, type BundledPrincipal } from '../../local/rehearsal/bundles.ts';
import { RehearsalClock } from '../../local/rehearsal/rehearsal-clock.ts';

const bundleDir = mkdtempSync(join(tmpdir(), 'kim-rehearsal-clock-'));
afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('rehearsal clock', () => {
  it('moves by advance(), waking due sleepers in order at their own time and no others', async () => {
    const clock = new RehearsalClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
    const start = clock.now().getTime();
    const woken: [string, number][] = [];
    const sleep = (name: string, ms: number, signal?: AbortSignal) =>
      clock.sleep(ms, signal).then(() => {
        woken.push([name, clock.now().getTime() - start]);
      });
    const late = sleep('two days', 2 * DAY_MS);
    const early = sleep('one day', DAY_MS);
    const pending = new AbortController();
    const never = clock.sleep(5 * DAY_MS, pending.signal);
    const stopped = new AbortController();
    const aborted = clock.sleep(3 * DAY_MS, stopped.signal);
    expect(clock.pendingSleepers).toBe(4);
    stopped.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
    expect(clock.pendingSleepers).toBe(3);

    await clock.advance(3 * DAY_MS);
    await Promise.all([early, late]);
    expect(woken.map(([name]) => name)).toEqual(['one day', 'two days']);
    // Each woke at its own time (give or take the real milliseconds the test itself took).
    expect(Math.abs((woken[0]?.[1] ?? 0) - DAY_MS)).toBeLessThan(1000);
    expect(Math.abs((woken[1]?.[1] ?? 0) - 2 * DAY_MS)).toBeLessThan(1000);
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(3 * DAY_MS);
    expect(clock.pendingSleepers).toBe(1);
    pending.abort(new Error('test over'));
    await expect(never).rejects.toThrow('test over');
  });

  it('also lets a short sleep end in real time', async () => {
    const clock = new RehearsalClock();
    const before = Date.now();
    await clock.sleep(30);
    expect(Date.now() - before).toBeGreaterThanOrEqual(25);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('shifts the Date of a bundle in its worker by the same offset', async () => {
    writeFileSync(
      join(bundleDir, 'index.mjs'),
      'export const handler = async () => ({ now: Date.now(), constructed: new Date().getTime(), fixed: new Date(0).getTime(), isDate: new Date() instanceof Date });\n',
    );
    const principal: BundledPrincipal = { id: 'test/Clock', functionName: 'clock', assetDir: bundleDir, handler: 'index.handler', environment: {}, timeoutSeconds: 10 };
    const clock = new RehearsalClock();
    const functions = new BundledFunctions([principal], { region: 'eu-central-1', endpoint: 'http://127.0.0.1:9', overrides: {}, clock: clock.shared });
    try {
      const invoke = functions.handler('test/Clock');
      const context = { awsRequestId: 'r1' } as Parameters<typeof invoke>[1];
      const seen = async () => (await invoke({}, context)) as { now: number; constructed: number; fixed: number; isDate: boolean };
      const first = await seen();
      expect(Math.abs(first.now - clock.now().getTime())).toBeLessThan(1000);
      await clock.advance(10 * DAY_MS);
      const later = await seen();
      expect(Math.abs(later.now - clock.now().getTime())).toBeLessThan(1000);
      expect(Math.abs(later.constructed - later.now)).toBeLessThan(1000);
      expect(later.now - Date.now()).toBeGreaterThan(10 * DAY_MS - 1000);
      expect(later).toMatchObject({ fixed: 0, isDate: true });
    } finally {
      await functions.stop();
    }
  });
});
