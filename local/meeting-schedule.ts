/**
 * The local stand-in for the EventBridge Scheduler schedule: starts the meeting-notifications state machine
 * every 15 minutes of the runtime's clock (faster under KIM_TIME_SCALE), and once right at start-up.
 */
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Clock } from '../core/clock.ts';

export const RECONCILE_INTERVAL_MS = 15 * 60 * 1000;

export function startMeetingSchedule(options: { sfn: SFNClient; stateMachineArn: string; clock: Clock; log: (line: string) => void }): { stop(): Promise<void> } {
  const stopped = new AbortController();
  const run = async (): Promise<void> => {
    const at = options.clock.now();
    // Named by the slot, as the scheduler's invocations are unique: a restart within a slot starts nothing twice.
    const slot = Math.floor(at.getTime() / RECONCILE_INTERVAL_MS) * RECONCILE_INTERVAL_MS;
    try {
      await options.sfn.send(new StartExecutionCommand({ stateMachineArn: options.stateMachineArn, name: `scheduled-${String(slot)}`, input: '{}' }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) options.log(`Sitzungsabgleich konnte nicht gestartet werden: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const loop = async (): Promise<void> => {
    for (;;) {
      await run();
      const now = options.clock.now().getTime();
      const next = Math.floor(now / RECONCILE_INTERVAL_MS) * RECONCILE_INTERVAL_MS + RECONCILE_INTERVAL_MS;
      try {
        await options.clock.sleep(next - now, stopped.signal);
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
