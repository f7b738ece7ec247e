/**
 * The Step Functions JSON 1.0 protocol (X-Amz-Target: AWSStepFunctions.<Operation>) in front of
 * LocalStepFunctions, for @aws-sdk/client-sfn and the AWS CLI. Requests are validated with zod like any boundary.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { readBody, RequestTooLargeError } from '../http-server.ts';
import type { ExecutionRecord, LocalStepFunctions } from './local-step-functions.ts';
import { StepFunctionsError } from './step-functions-error.ts';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_PAYLOAD_CHARS = 256 * 1024;
const arn = z.string().min(1).max(2048);
// Step Functions' rule for execution names: 1–80 characters, no whitespace, brackets, wildcards or controls.
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule forbids
const executionName = z.string().regex(/^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u);
const token = z.string().min(1).max(1024);
const payload = z.string().max(MAX_PAYLOAD_CHARS);
const paging = { maxResults: z.number().int().min(0).max(1000).optional(), nextToken: z.string().max(1024).optional() };
const status = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

const epochSeconds = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime() / 1000);

function page<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const start = nextToken === undefined ? 0 : Number.parseInt(nextToken, 10) || 0;
  const size = maxResults === undefined || maxResults === 0 ? 100 : maxResults;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
}

function executionSummary(e: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    stopDate: epochSeconds(e.stopDate),
  };
}

type Operation = (sfn: LocalStepFunctions, body: unknown) => unknown;

function operation<S extends z.ZodType>(schema: S, run: (sfn: LocalStepFunctions, request: z.infer<S>) => unknown): Operation {
  return (sfn, body) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new StepFunctionsError('ValidationException', `1 validation error detected: ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`);
    }
    return run(sfn, parsed.data);
  };
}

const OPERATIONS: Record<string, Operation> = {
  ListStateMachines: operation(z.object(paging), (sfn, r) => {
    const { items, nextToken } = page(sfn.listStateMachines(), r.maxResults, r.nextToken);
    return {
      stateMachines: items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: epochSeconds(m.createdAt) })),
      nextToken,
    };
  }),
  DescribeStateMachine: operation(z.object({ stateMachineArn: arn }), (sfn, r) => {
    const m = sfn.describeStateMachine(r.stateMachineArn);
    return { stateMachineArn: m.arn, name: m.name, status: 'ACTIVE', definition: m.definitionText, roleArn: m.arn.replace(/^arn:aws:states:[^:]+:(\d+):.*$/, 'arn:aws:iam::$1:role/local'), type: 'STANDARD', creationDate: epochSeconds(m.createdAt) };
  }),
  StartExecution: operation(z.object({ stateMachineArn: arn, name: executionName.optional(), input: payload.optional(), traceHeader: z.string().optional() }), (sfn, r) => {
    const e = sfn.startExecution(r.stateMachineArn, r.name, r.input ?? '{}');
    return { executionArn: e.executionArn, startDate: epochSeconds(e.startDate) };
  }),
  DescribeExecution: operation(z.object({ executionArn: arn, includedData: z.string().optional() }), (sfn, r) => {
    const e = sfn.describeExecution(r.executionArn);
    return { ...executionSummary(e), input: e.input, output: e.output, error: e.error, cause: e.cause };
  }),
  ListExecutions: operation(z.object({ stateMachineArn: arn, statusFilter: status.optional(), ...paging }), (sfn, r) => {
    const { items, nextToken } = page(sfn.listExecutions(r.stateMachineArn, r.statusFilter), r.maxResults, r.nextToken);
    return { executions: items.map(executionSummary), nextToken };
  }),
  StopExecution: operation(z.object({ executionArn: arn, error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }), (sfn, r) => ({
    stopDate: epochSeconds(sfn.stopExecution(r.executionArn, r.error, r.cause)),
  })),
  SendTaskSuccess: operation(z.object({ taskToken: token, output: payload }), (sfn, r) => {
    sfn.sendTaskSuccess(r.taskToken, r.output);
    return {};
  }),
  SendTaskFailure: operation(z.object({ taskToken: token, error: z.string().max(256).optional(), cause: z.string().max(32768).optional() }), (sfn, r) => {
    sfn.sendTaskFailure(r.taskToken, r.error, r.cause);
    return {};
  }),
  SendTaskHeartbeat: operation(z.object({ taskToken: token }), (sfn, r) => {
    sfn.sendTaskHeartbeat(r.taskToken);
    return {};
  }),
  GetExecutionHistory: operation(
    z.object({ executionArn: arn, reverseOrder: z.boolean().optional(), includeExecutionData: z.boolean().optional(), ...paging }),
    (sfn, r) => {
      const events = [...sfn.describeExecution(r.executionArn).history];
      if (r.reverseOrder === true) events.reverse();
      const { items, nextToken } = page(events, r.maxResults, r.nextToken);
      return { events: items.map((e) => ({ ...e, timestamp: epochSeconds(e.timestamp) })), nextToken };
    },
  ),
};

const CONTENT_TYPE = 'application/x-amz-json-1.0';

function send(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'content-type': CONTENT_TYPE });
  response.end(JSON.stringify(body));
}

export function stepFunctionsRequestListener(sfn: LocalStepFunctions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = request.headers['x-amz-target'];
    const name = typeof target === 'string' && target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : undefined;
    const run = name === undefined ? undefined : OPERATIONS[name];
    if (request.method !== 'POST' || run === undefined) {
      send(response, 400, { __type: 'UnknownOperationException', message: `Operation not supported locally: ${String(target)}` });
      return;
    }
    try {
      const raw = (await readBody(request, MAX_BODY_BYTES)).toString('utf8');
      let body: unknown;
      try {
        body = raw === '' ? {} : JSON.parse(raw);
      } catch {
        throw new StepFunctionsError('SerializationException', 'request body is not valid JSON');
      }
      send(response, 200, run(sfn, body));
    } catch (error) {
      if (error instanceof StepFunctionsError) send(response, 400, { __type: error.code, message: error.message });
      else if (error instanceof RequestTooLargeError) send(response, 413, { __type: 'ValidationException', message: error.message });
      else send(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
    }
  };
}
