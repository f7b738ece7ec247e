/**
 * The one Logger of every handler (Powertools): structured JSON lines with the function's name, the cold-start
 * flag, the request id and a correlation id (the API request's id, or the case or meeting a workflow step works
 * on). Level from the environment (POWERTOOLS_LOG_LEVEL, or Lambda's own log level). Only ids, names of steps and
 * errors, durations and status codes are logged — never an event, a body, a person's name or e-mail address.
 *
 * Under `npm start` the same Logger writes to the terminal, as JSON or, for a developer's eyes, one readable line
 * per entry (`KIM_LOG_FORMAT=pretty`, set by the local runtime).
 */
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './observability-names.ts';

export type LogFormat = 'json' | 'pretty';

let format: LogFormat = 'json';

/** Switches how the Logger prints, for the local runtime; Lambda keeps JSON. */
export function useLogFormat(next: LogFormat): void {
  format = next;
}

// Keys every line has; the pretty line shows them in its fixed columns, the rest as key=value.
const FIXED_KEYS = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id', 'function_name', 'function_request_id', 'correlation_id', 'cold_start', 'function_arn', 'function_memory_size']);

function prettyValue(value: unknown): string {
  return typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value);
}

/** `10:31:02.345 INFO  create-intake  KIM-2026-… POST /api/intakes status=202 ms=14` */
export function prettyLine(attributes: Readonly<Record<string, unknown>>): string {
  const time = typeof attributes.timestamp === 'string' ? attributes.timestamp.slice(11, 23) : '';
  const level = typeof attributes.level === 'string' ? attributes.level.padEnd(5) : 'INFO ';
  const where = typeof attributes.function_name === 'string' ? attributes.function_name : typeof attributes.service === 'string' ? attributes.service : '';
  const correlation = typeof attributes.correlation_id === 'string' ? ` ${attributes.correlation_id}` : '';
  const rest = Object.entries(attributes)
    .filter(([key, value]) => !FIXED_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${prettyValue(value)}`);
  return [`${time} ${level} ${where}${correlation}`, typeof attributes.message === 'string' ? attributes.message : '', ...rest].filter((part) => part !== '').join('  ');
}

class KimLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    if (format === 'json') {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    process.stdout.write(`${prettyLine(log.getAttributes())}\n`);
  }
}

export const logger = new KimLogger({ serviceName: SERVICE_NAME });

/** Name and where it was thrown, never the message: SDK errors can echo item contents, which may be personal data. */
export function errorFacts(error: unknown): { errorName: string; stack?: string[] } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const stack = error.stack?.split('\n').slice(1, 6).map((line) => line.trim());
  return stack === undefined ? { errorName: error.name } : { errorName: error.name, stack };
}
