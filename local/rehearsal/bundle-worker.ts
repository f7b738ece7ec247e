/**
 * One bundled function from cdk.out in a worker thread of its own: its own process.env (the template's environment,
 * the principal's access key, the SDK's endpoint variables pointing at the recorder) and its own module instance, as
 * a Lambda instance has. Invocations arrive as messages and run as the local runtime runs handlers. Its Date runs on
 * the rehearsal's clock (rehearsal-clock.ts): real time plus the offset the scenario moves, read from shared memory.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import * as z from 'zod';
import { invokeLocally } from '../lambda-invocation.ts';

const setup = z.object({ entry: z.string(), exportName: z.string(), functionName: z.string(), clock: z.instanceof(SharedArrayBuffer) }).parse(workerData);
const invocation = z.object({ id: z.string(), event: z.unknown(), timeoutMs: z.number() });

// Installed before the bundle loads, so every `new Date()` and `Date.now()` in it (systemClock too) is shifted.
const offset = new BigInt64Array(setup.clock);
const RealDate = Date;
const shiftedNow = (): number => RealDate.now() + Number(Atomics.load(offset, 0));
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args: unknown[], newTarget: () => unknown) => Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget) as object,
  apply: () => new RealDate(shiftedNow()).toString(),
  get: (target, property, receiver) => (property === 'now' ? shiftedNow : Reflect.get(target, property, receiver) as unknown),
});

const loaded = (await import(pathToFileURL(setup.entry).href)) as Record<string, unknown>;
const exported = loaded[setup.exportName];
if (typeof exported !== 'function') throw new Error(`${setup.entry} exportiert keinen Handler "${setup.exportName}"`);
const handler = exported as (event: unknown, context: unknown) => Promise<unknown>;

const port = parentPort;
if (port === null) throw new Error('bundle-worker.ts läuft nur als Worker');
port.on('message', (message: unknown) => {
  const { id, event, timeoutMs } = invocation.parse(message);
  invokeLocally(handler, event, setup.functionName, timeoutMs, id).then(
    (result) => {
      port.postMessage({ id, ok: true, result });
    },
    (error: unknown) => {
      port.postMessage({ id, ok: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
    },
  );
});
port.postMessage({ ready: true });
