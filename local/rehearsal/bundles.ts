/**
 * The functions as `cdk deploy` would upload them: each bundle from cdk.out (the template's asset path and handler)
 * in a worker thread with the template's environment (references resolved), signed as its own principal and sent to
 * the recorder by the AWS SDK's standard endpoint variables. A worker starts on the first invocation, like a cold start.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as z from 'zod';
import type { Context } from 'aws-lambda';
import type { FunctionPrincipal } from './principals.ts';

/** The access key a principal signs with: its id without separators (the recorder maps it back). */
export function accessKeyOf(principalId: string): string {
  return principalId.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** The project's node_modules: its AWS SDK stands in for the one the Lambda runtime provides (bundles leave @aws-sdk/* out). */
const PROJECT_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * Copies the bundles into `dir`, next to a link to the project's node_modules, so that a bundle's imports of
 * @aws-sdk/* resolve as they do in Lambda, where the runtime provides the SDK. The cloud assembly stays untouched.
 */
export function stageBundles(principals: readonly FunctionPrincipal[], dir: string): FunctionPrincipal[] {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(PROJECT_MODULES, join(dir, 'node_modules'), 'dir');
  return principals.map((principal) => {
    const staged = join(dir, basename(principal.assetDir));
    if (!existsSync(staged)) cpSync(principal.assetDir, staged, { recursive: true });
    return { ...principal, assetDir: staged };
  });
}

/** What running a function's bundle takes of its principal. */
export type BundledPrincipal = Pick<FunctionPrincipal, 'id' | 'functionName' | 'assetDir' | 'handler' | 'environment' | 'timeoutSeconds'>;

export interface BundleSettings {
  readonly region: string;
  /** The recorder, where every SDK client of the bundle goes. */
  readonly endpoint: string;
  /** Overrides for the template's environment that only make sense here (e.g. APP_URL: the local app, not the stage's domain). */
  readonly overrides: Readonly<Record<string, string>>;
  /** The rehearsal clock's shared offset (RehearsalClock.shared): the workers' Date runs on it. */
  readonly clock: SharedArrayBuffer;
}

const reply = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.string(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.string(), ok: z.literal(false), name: z.string(), message: z.string() }),
]);

/** The SDK's per-service endpoint variables for the clients the functions build (DynamoDB, SFN, SES v2, Secrets Manager). */
const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SFN', 'AWS_ENDPOINT_URL_SESV2', 'AWS_ENDPOINT_URL_SECRETS_MANAGER'];

class BundledFunction {
  private worker: Promise<Worker> | undefined;
  private readonly pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(
    readonly principal: BundledPrincipal,
    private readonly settings: BundleSettings,
  ) {}

  private start(): Promise<Worker> {
    const { principal, settings } = this;
    const [file, exportName] = principal.handler.split('.');
    const env: Record<string, string> = {
      ...principal.environment,
      ...settings.overrides,
      AWS_REGION: settings.region,
      AWS_DEFAULT_REGION: settings.region,
      AWS_ACCESS_KEY_ID: accessKeyOf(principal.id),
      AWS_SECRET_ACCESS_KEY: 'rehearsal',
      AWS_LAMBDA_FUNCTION_NAME: principal.functionName,
      ...Object.fromEntries(ENDPOINT_VARIABLES.map((name) => [name, settings.endpoint])),
    };
    const worker = new Worker(new URL('./bundle-worker.ts', import.meta.url), {
      env,
      execArgv: ['--import', 'tsx', '--enable-source-maps'],
      workerData: { entry: join(principal.assetDir, `${file ?? 'index'}.mjs`), exportName: exportName ?? 'handler', functionName: principal.functionName, clock: settings.clock },
      stdout: true,
    });
    // The function's own log lines (JSON, as in CloudWatch) would bury the report; its errors still reach stderr.
    worker.stdout.resume();
    return new Promise((resolve, reject) => {
      worker.on('message', (message: unknown) => {
        const parsed = reply.parse(message);
        if ('ready' in parsed) {
          resolve(worker);
          return;
        }
        const waiting = this.pending.get(parsed.id);
        this.pending.delete(parsed.id);
        if (parsed.ok) waiting?.resolve(parsed.result);
        else waiting?.reject(Object.assign(new Error(parsed.message), { name: parsed.name }));
      });
      worker.on('error', (error) => {
        reject(error);
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
        this.worker = undefined;
      });
    });
  }

  async invoke(event: unknown, requestId: string = randomUUID()): Promise<unknown> {
    this.worker ??= this.start();
    const worker = await this.worker;
    const timeoutMs = this.principal.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      // Lambda ends an invocation at the template's timeout; so does the rehearsal (the worker itself runs on).
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(Object.assign(new Error(`Task timed out after ${this.principal.timeoutSeconds} seconds`), { name: 'Sandbox.Timedout' }));
      }, timeoutMs);
      const done = <T>(settle: (value: T) => void) => (value: T): void => {
        clearTimeout(timer);
        settle(value);
      };
      this.pending.set(requestId, { resolve: done(resolve), reject: done(reject) });
      worker.postMessage({ id: requestId, event, timeoutMs });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await (await worker.catch(() => undefined))?.terminate();
  }
}

export class BundledFunctions {
  private readonly functions: ReadonlyMap<string, BundledFunction>;
  /** Principal ids of the functions invoked at least once. */
  readonly invoked = new Set<string>();

  constructor(principals: readonly BundledPrincipal[], settings: BundleSettings) {
    this.functions = new Map(principals.map((principal) => [principal.id, new BundledFunction(principal, settings)]));
  }

  /** A handler the local runtime can call like a source handler (API gateway or state machine task). */
  handler(principalId: string): (event: unknown, context: Context) => Promise<unknown> {
    const bundled = this.functions.get(principalId);
    if (bundled === undefined) throw new Error(`Funktion ${principalId} fehlt in der Cloud Assembly`);
    return (event, context) => {
      this.invoked.add(principalId);
      return bundled.invoke(event, context.awsRequestId);
    };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.functions.values()].map((bundled) => bundled.stop()));
  }
}
