import { describe, expect, it } from 'vitest';
import { ManualClock, scaledClock } from '../../core/clock.ts';

const START = '2025-03-01T08:00:00.000Z';
const START_MS = Date.parse(START);

/** Lets every pending promise continuation (and the code behind it) run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('ManualClock', () => {
  it('starts at the given instant, from a string or a Date', () => {
    expect(new ManualClock(START).now().toISOString()).toBe(START);
    expect(new ManualClock(new Date(START_MS)).now().getTime()).toBe(START_MS);
  });

  it('returns a fresh Date each time, so callers cannot move the clock by mutating it', () => {
    const clock = new ManualClock(START);
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe(START);
  });

  it('moves only when advanced, and then by exactly the given amount', async () => {
    const clock = new ManualClock(START);
    await flush();
    expect(clock.now().getTime()).toBe(START_MS);
    await clock.advance(1234);
    expect(clock.now().getTime()).toBe(START_MS + 1234);
  });

  it('resolves a sleeper only once advance reaches its wake time', async () => {
    const clock = new ManualClock(START);
    let woken = false;
    const sleeping = clock.sleep(1000).then(() => {
      woken = true;
    });
    expect(clock.pendingSleepers).toBe(1);

    await clock.advance(999);
    await flush();
    expect(woken).toBe(false);
    expect(clock.pendingSleepers).toBe(1);

    await clock.advance(1);
    await sleeping;
    expect(woken).toBe(true);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('wakes several sleepers in order of wake time, each seeing its own wake time as now()', async () => {
    const clock = new ManualClock(START);
    const woken: { delay: number; at: number }[] = [];
    const delays = [3000, 1000, 5000, 2000, 4000];
    const sleeping = delays.map((delay) =>
      clock.sleep(delay).then(() => {
        woken.push({ delay, at: clock.now().getTime() - START_MS });
      }),
    );

    await clock.advance(2500);
    expect(woken.map((w) => w.delay)).toEqual([1000, 2000]);
    expect(clock.pendingSleepers).toBe(3);

    await clock.advance(10_000);
    await Promise.all(sleeping);
    expect(woken).toEqual([
      { delay: 1000, at: 1000 },
      { delay: 2000, at: 2000 },
      { delay: 3000, at: 3000 },
      { delay: 4000, at: 4000 },
      { delay: 5000, at: 5000 },
    ]);
    expect(clock.now().getTime()).toBe(START_MS + 12_500);
  });

  it('counts a sleep from the moment it started, not from the clock start', async () => {
    const clock = new ManualClock(START);
    await clock.advance(500);
    let woken = false;
    const sleeping = clock.sleep(1000).then(() => {
      woken = true;
    });
    await clock.advance(999);
    await flush();
    expect(woken).toBe(false);
    await clock.advance(1);
    await sleeping;
    expect(woken).toBe(true);
    expect(clock.now().getTime()).toBe(START_MS + 1500);
  });

  it('wakes a sleeper that sleeps again after waking once more within the same advance when due', async () => {
    const clock = new ManualClock(START);
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(1000);
        ticks.push(clock.now().getTime() - START_MS);
      }
    })();

    await clock.advance(2500);
    expect(ticks).toEqual([1000, 2000]);
    // The third sleep (due at 3000) is pending, not fired early.
    expect(clock.pendingSleepers).toBe(1);

    await clock.advance(500);
    await loop;
    expect(ticks).toEqual([1000, 2000, 3000]);
  });

  it('interleaves a re-sleeping sleeper with other sleepers in wake-time order', async () => {
    const clock = new ManualClock(START);
    const events: string[] = [];
    const repeater = (async () => {
      await clock.sleep(1000);
      events.push('a@1000');
      await clock.sleep(1000);
      events.push('a@2000');
    })();
    const single = clock.sleep(1500).then(() => {
      events.push('b@1500');
    });

    await clock.advance(3000);
    await Promise.all([repeater, single]);
    expect(events).toEqual(['a@1000', 'b@1500', 'a@2000']);
  });

  it('rejects with the abort reason and removes the sleeper when the signal aborts', async () => {
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const reason = new Error('Vorgang abgebrochen');
    const sleeping = clock.sleep(1000, controller.signal);
    const other = clock.sleep(2000);
    expect(clock.pendingSleepers).toBe(2);

    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(clock.pendingSleepers).toBe(1);

    // The remaining sleeper still wakes normally.
    await clock.advance(2000);
    await expect(other).resolves.toBeUndefined();
    expect(clock.pendingSleepers).toBe(0);
  });

  it('rejects at once and registers nothing for an already-aborted signal', async () => {
    const clock = new ManualClock(START);
    const reason = new Error('schon abgebrochen');
    const sleeping = clock.sleep(1000, AbortSignal.abort(reason));
    expect(clock.pendingSleepers).toBe(0);
    await expect(sleeping).rejects.toBe(reason);
  });

  it('does not reject a sleeper whose signal aborts after it woke', async () => {
    const clock = new ManualClock(START);
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    await clock.advance(100);
    controller.abort(new Error('zu spät'));
    await expect(sleeping).resolves.toBeUndefined();
  });
});

describe('scaledClock', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('throws a RangeError for scale %s', (scale) => {
    expect(() => scaledClock(scale)).toThrow(RangeError);
  });

  it('accepts positive finite scales, including fractions', () => {
    expect(() => scaledClock(1)).not.toThrow();
    expect(() => scaledClock(0.5)).not.toThrow();
    expect(() => scaledClock(1000)).not.toThrow();
  });

  it.each([1000, 60_000])('at scale 1000, sleep(%i) finishes before a 2 s real timer', async (ms) => {
    const clock = scaledClock(1000);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const realTimeout = new Promise<'real timer'>((resolve) => {
      timer = setTimeout(() => {
        resolve('real timer');
      }, 2000);
    });
    const sleeping = clock.sleep(ms, controller.signal).then(
      () => 'clock sleep' as const,
      () => 'aborted' as const,
    );
    try {
      expect(await Promise.race([sleeping, realTimeout])).toBe('clock sleep');
    } finally {
      clearTimeout(timer);
      controller.abort(new Error('Test beendet'));
    }
  });

  it('at scale 1, a 10 s sleep loses against a short real timer (the race above can fail)', async () => {
    const clock = scaledClock(1);
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal).then(() => 'clock sleep' as const);
    const winner = await Promise.race([sleeping, realDelay(20).then(() => 'real timer' as const)]);
    expect(winner).toBe('real timer');
    const reason = new Error('Test beendet');
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it('rejects a scaled sleep with the abort reason, at once for an already-aborted signal', async () => {
    const clock = scaledClock(1000);
    const reason = new Error('abgebrochen');
    await expect(clock.sleep(5000, AbortSignal.abort(reason))).rejects.toBe(reason);

    const controller = new AbortController();
    const sleeping = clock.sleep(3_600_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });

  it('starts at the current real time', () => {
    const before = Date.now();
    const clock = scaledClock(1000);
    const now = clock.now().getTime();
    const after = Date.now();
    expect(now).toBeGreaterThanOrEqual(before);
    // now() = start + (elapsed real) * 1000, with elapsed real ≤ after - before.
    expect(now).toBeLessThanOrEqual(after + (after - before) * 1000);
  });

  it('never goes backwards', async () => {
    const clock = scaledClock(1000);
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      samples.push(clock.now().getTime());
      if (i % 20 === 0) await flush();
    }
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]).toBeGreaterThanOrEqual(samples[i - 1] ?? Number.POSITIVE_INFINITY);
    }
  });

  it('at scale 1000, advances at least 100 times as fast as real time', async () => {
    const clock = scaledClock(1000);
    // The real interval is measured inside the clock interval, so it cannot be longer than what the clock saw.
    const clockStart = clock.now().getTime();
    const realStart = Date.now();
    await realDelay(30);
    // setTimeout may fire a hair early relative to Date.now(); wait until real time has visibly moved.
    while (Date.now() === realStart) await realDelay(1);
    const realEnd = Date.now();
    const clockEnd = clock.now().getTime();

    const realElapsed = realEnd - realStart;
    expect(realElapsed).toBeGreaterThan(0);
    expect(clockEnd - clockStart).toBeGreaterThanOrEqual(100 * realElapsed);
  });
});
