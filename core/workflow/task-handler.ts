/**
 * The shape of every task function of the state machines: validate the input (ids only — the workflow input is
 * a boundary too), run the step, and name errors the way the ASL's Retry and Catch expect them:
 * `KimTransientError` for what a retry may fix (throttling, a lost race, a network hiccup), everything else as is.
 */
import * as z from 'zod';
import { VersionConflict } from '../cases/ports.ts';
import { StepFailed } from './workflow-dependencies.ts';

export class TransientError extends Error {
  override name = 'KimTransientError';
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionCanceledException',
  'TooManyRequestsException',
  'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

export function isTransient(error: unknown): boolean {
  if (error instanceof VersionConflict) return true;
  if (!(error instanceof Error)) return false;
  const sdk = error as Error & { $retryable?: unknown; $fault?: string; code?: string };
  return sdk.$retryable !== undefined || sdk.$fault === 'server' || TRANSIENT_NAMES.has(error.name) || NETWORK_CODES.has(sdk.code ?? '');
}

export function taskHandler<S extends z.ZodType, R>(schema: S, step: (input: z.infer<S>) => Promise<R>): (event: unknown) => Promise<R> {
  return async (event) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw new StepFailed(`invalid task input: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    try {
      return await step(parsed.data);
    } catch (error) {
      if (isTransient(error)) throw new TransientError(error instanceof Error ? error.name : 'transient failure');
      throw error;
    }
  };
}

const caseId = z.string().regex(/^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
export const caseTaskInput = z.object({ caseId });
export const caseTokenTaskInput = z.object({ caseId, taskToken: z.string().min(1).max(2048) });
export const parkTaskInput = z.object({ caseId, step: z.string().max(256).default('unbekannt') });
const referralId = z.string().regex(/^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}-V\d{2}$/);
export const referralTaskInput = z.object({ caseId, referralId });
export const referralTokenTaskInput = z.object({ caseId, referralId, taskToken: z.string().min(1).max(2048) });
export const emptyTaskInput = z.object({}).strict();
export const meetingTaskInput = z.object({ meetingId: z.string().regex(/^[a-z0-9-]{1,80}-\d{4}-\d{2}-\d{2}$/) });
