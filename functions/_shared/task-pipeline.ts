/**
 * The one pipeline of every task function of the state machines (middy): Powertools' Lambda context for the
 * Logger, business metrics flushed at the end, one log line per step with the case (or meeting) as correlation
 * id, the input checked with zod (ids only — the workflow input is a boundary too), and errors named the way the
 * ASL's Retry and Catch expect them: `KimTransientError` for what a retry may fix (throttling, a lost race, a
 * network hiccup), everything else as is.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { VersionConflict } from '../../core/cases/ports.ts';
import { MEETING_ID } from '../../core/meetings/meeting.ts';
import { illFormedFields } from '../../core/validation/well-formed.ts';
import { StepFailed } from '../../core/workflow/workflow-dependencies.ts';
import { logger } from './logger.ts';
import { flushMetrics } from './middlewares/flush-metrics.ts';
import { requestLog } from './middlewares/request-log.ts';

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

/** Rethrows what a retry may fix under the one name the ASL retries; other errors go on as they are. */
function transientErrors(): MiddlewareObj {
  return {
    onError: (request) => {
      if (isTransient(request.error)) throw new TransientError(request.error instanceof Error ? request.error.name : 'transient failure');
    },
  };
}

/** The ids a step's input names, as correlation id: the case, else the meeting. */
function correlationId(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const ids = event as { caseId?: unknown; meetingId?: unknown };
  if (typeof ids.caseId === 'string') return ids.caseId;
  return typeof ids.meetingId === 'string' ? ids.meetingId : undefined;
}

/** The step's outcome as the state machine sees it, where it is a status word (never data). */
function outcomeOf(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const status = (response as { status?: unknown }).status;
  return typeof status === 'string' ? status : undefined;
}

export function taskHandler<S extends z.ZodType, R>(
  schema: S,
  step: (input: z.output<S>) => Promise<R>,
  options: { readonly afterStep?: (result: R) => void } = {},
): (event: unknown, context: Context) => Promise<R> {
  return middy<unknown, R>(async (event: unknown) => {
    // Task input is a boundary too (a started execution's input is anyone's JSON): no lone surrogates past it.
    const illFormed = illFormedFields(event);
    if (illFormed.length > 0) throw new StepFailed(`invalid task input: ${illFormed.map((error) => error.field).join(', ')}`);
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw new StepFailed(`invalid task input: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    const result = await step(parsed.data);
    options.afterStep?.(result);
    return result;
  })
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(flushMetrics())
    .use(requestLog<unknown>({ message: 'step', correlationId, facts: (request) => ({ outcome: request.error === undefined || request.error === null ? (outcomeOf(request.response) ?? 'ok') : 'failed' }) }))
    .use(transientErrors());
}

const caseId = z.string().regex(/^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
export const caseTaskInput = z.object({ caseId });
export const caseTokenTaskInput = z.object({ caseId, taskToken: z.string().min(1).max(2048) });
export const parkTaskInput = z.object({ caseId, step: z.string().max(256).default('unbekannt') });
const referralId = z.string().regex(/^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}-V\d{2}$/);
export const referralTaskInput = z.object({ caseId, referralId });
export const referralTokenTaskInput = z.object({ caseId, referralId, taskToken: z.string().min(1).max(2048) });
export const emptyTaskInput = z.object({}).strict();
export const meetingTaskInput = z.object({ meetingId: z.string().regex(MEETING_ID) });
