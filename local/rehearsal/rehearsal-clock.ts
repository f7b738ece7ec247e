/**
 * The rehearsal's time: real time plus an offset the scenario moves forward to cross the workflow's waits (a
 * reminder after five working days, the waiting list's next day) instead of waiting for them. The engine and the
 * in-process parts sleep on this clock; the bundles' workers read the same offset from shared memory
 * (bundle-worker.ts shifts their Date before the bundle loads), so a function woken by a timeout sees the "now"
 * that woke it. Only the rehearsal runs on it: production and `npm start` keep the system clock.
 */
import type { Clock } from '../../core/clock.ts';

// setTimeout fires at once above 2^31-1 ms (~24.8 days); a wait that long only ends by advance() here.
const MAX_REAL_TIMER_MS = 2 ** 31 - 1;

interface Sleeper {
  readonly wakeAt: number;
  timer: NodeJS.Timeout | undefined;
  readonly wake: () => void;
}

export class RehearsalClock implements Clock {
  /** The offset in milliseconds (one BigInt64), for the workers: they read it with Atomics.load. */
  readonly shared = new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
  private readonly offset = new BigInt64Array(this.shared);
  private readonly sleepers = new Set<Sleeper>();

  now(): Date {
    return new Date(this.time());
  }

  private time(): number {
    return Date.now() + Number(Atomics.load(this.offset, 0));
  }

  /** Moves the offset forward so that now() is at least `time` (never backwards). */
  private reach(time: number): void {
    const offset = BigInt(Math.ceil(time - Date.now()));
    if (offset > Atomics.load(this.offset, 0)) Atomics.store(this.offset, 0, offset);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        this.drop(sleeper);
        reject(signal?.reason as Error);
      };
      const sleeper: Sleeper = {
        wakeAt: this.time() + ms,
        timer: undefined,
        wake: () => {
          this.drop(sleeper);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.arm(sleeper);
      this.sleepers.add(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A real timer for what is left of the sleep in real time (it shrinks when the clock is moved). */
  private arm(sleeper: Sleeper): void {
    clearTimeout(sleeper.timer);
    const remaining = sleeper.wakeAt - this.time();
    sleeper.timer = remaining > MAX_REAL_TIMER_MS ? undefined : setTimeout(sleeper.wake, Math.max(remaining, 0));
  }

  private drop(sleeper: Sleeper): void {
    clearTimeout(sleeper.timer);
    this.sleepers.delete(sleeper);
  }

  /** How many sleeps are pending; the scenario waits until the woken code sleeps again (as the workflow tests do). */
  get pendingSleepers(): number {
    return this.sleepers.size;
  }

  /**
   * Moves the clock `ms` forward and wakes every sleeper whose time has come, in order, each at its own time (as
   * ManualClock.advance does); the rest get shorter real timers.
   */
  async advance(ms: number): Promise<void> {
    const target = this.time() + ms;
    for (;;) {
      const due = [...this.sleepers].filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (due === undefined) break;
      this.reach(due.wakeAt);
      due.wake();
      // Let the woken code run (and maybe sleep again) before looking for the next due sleeper.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.reach(target);
    for (const sleeper of this.sleepers) this.arm(sleeper);
  }
}
