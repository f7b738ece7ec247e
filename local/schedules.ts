/**
 * The local stand-ins for the EventBridge Scheduler schedules: start a state machine on the runtime's clock (faster
 * under KIM_TIME_SCALE) — the meeting reconciler every 15 minutes and once right at start-up, the case sweeper once
 * a day (at start-up the runtime resumes lost executions itself, so the sweeper waits for its first slot).
 */
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { DAY_MS, type Clock } from '../core/clock.ts';

export const RECONCILE_INTERVAL_MS = 15 * 60 * 1000;
export const SWEEP_INTERVAL_MS = DAY_MS;
/** 02:30 UTC: 03:30 in Düren in winter, like the schedule in AWS (lib/stacks/sweeper-stack.ts). */
const SWEEP_OFFSET_MS = (2 * 60 + 30) * 60 * 1000;

interface ScheduleOptions {
  readonly sfn: SFNClient;
  readonly stateMachineArn: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

interface Slots {
  readonly everyMs: number;
  readonly offsetMs: number;
  readonly atStart: boolean;
  /** German, for the log line when a start fails. */
  readonly what: string;
}

function startSchedule(options: ScheduleOptions, slots: Slots): { stop(): Promise<void> } {
  const stopped = new AbortController();
  const slotOf = (ms: number): number => Math.floor((ms - slots.offsetMs) / slots.everyMs) * slots.everyMs + slots.offsetMs;
  const run = async (): Promise<void> => {
    // Named by the slot, as the scheduler's invocations are unique: a restart within a slot starts nothing twice.
    const slot = slotOf(options.clock.now().getTime());
    try {
      await options.sfn.send(new StartExecutionCommand({ stateMachineArn: options.stateMachineArn, name: `scheduled-${String(slot)}`, input: '{}' }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) options.log(`${slots.what} konnte nicht gestartet werden: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const loop = async (): Promise<void> => {
    for (let first = true; ; first = false) {
      if (!first || slots.atStart) await run();
      const now = options.clock.now().getTime();
      try {
        await options.clock.sleep(slotOf(now) + slots.everyMs - now, stopped.signal);
      } catch {
        return;
      }
    }
  };
  const done = loop();
  return {
    stop: async () => {
      stopped.abort(new Error('runtime stopping'));
      await done;
    },
  };
}

export const startMeetingSchedule = (options: ScheduleOptions): { stop(): Promise<void> } =>
  startSchedule(options, { everyMs: RECONCILE_INTERVAL_MS, offsetMs: 0, atStart: true, what: 'Sitzungsabgleich' });

export const startSweepSchedule = (options: ScheduleOptions): { stop(): Promise<void> } =>
  startSchedule(options, { everyMs: SWEEP_INTERVAL_MS, offsetMs: SWEEP_OFFSET_MS, atStart: false, what: 'Tägliche Prüfung der Fälle' });
