/**
 * One clock for all code. Production uses the system clock; `npm start` may run a scaled clock
 * (KIM_TIME_SCALE) so a month of reminders passes in minutes; tests move a manual clock by hand.
 */
export interface Clock {
  now(): Date;
  /** Resolves after `ms` of this clock's time has passed; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortable(signal: AbortSignal | undefined, start: (done: () => void) => () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason as Error);
    };
    const cancel = start(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// setTimeout overflows above 2^31-1 ms (~24.8 days) and then fires at once; long sleeps are chained.
const MAX_TIMER_MS = 2 ** 31 - 1;

function realTimer(ms: number, done: () => void): () => void {
  let handle: NodeJS.Timeout;
  const arm = (remaining: number): void => {
    handle = setTimeout(() => {
      if (remaining > MAX_TIMER_MS) arm(remaining - MAX_TIMER_MS);
      else done();
    }, Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
  };
  arm(ms);
  return () => {
    clearTimeout(handle);
  };
}

/** Real time, optionally running `scale` times faster from the moment it was created. */
export function scaledClock(scale = 1): Clock {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`time scale must be a positive number, got ${scale}`);
  const realStart = Date.now();
  return {
    now: () => new Date(realStart + (Date.now() - realStart) * scale),
    sleep: (ms, signal) => abortable(signal, (done) => realTimer(ms / scale, done)),
  };
}

export const systemClock: Clock = scaledClock(1);

/** A clock that only moves when told to: `advance` fires every sleeper whose time has come, in order. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { wakeAt: number; done: () => void }[] = [];

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return abortable(signal, (done) => {
      const sleeper = { wakeAt: this.current + ms, done };
      this.sleepers.push(sleeper);
      return () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
      };
    });
  }

  /** Number of pending sleepers; lets a test wait until the code under test has started waiting. */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (due === undefined) break;
      this.current = Math.max(this.current, due.wakeAt);
      this.sleepers = this.sleepers.filter((s) => s !== due);
      due.done();
      // Let the woken code run (and maybe sleep again) before looking for the next due sleeper.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.current = target;
  }
}

/** A day in milliseconds, for instants a whole number of UTC days apart (calendar days use core/calendar/). */
export const DAY_MS = 86_400_000;
