/**
 * One bundled function from cdk.out in a worker thread of its own: its own process.env (the template's environment,
 * the principal's access key, the SDK's endpoint variables pointing at the recorder) and its own module instance, as
 * a Lambda instance has. Invocations arrive as messages and run as the local runtime runs handlers.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import * as z from 'zod';
import { invokeLocally } from '../lambda-invocation.ts';

const setup = z.object({ entry: z.string(), exportName: z.string(), functionName: z.string() }).parse(workerData);
const invocation = z.object({ id: z.string(), event: z.unknown(), timeoutMs: z.number() });

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
