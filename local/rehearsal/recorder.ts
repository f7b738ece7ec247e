/**
 * The recorder: one local HTTP endpoint every bundle (and every state machine's integration) talks to instead of
 * AWS. It tells the caller by the access key id in the request's SigV4 Authorization header (each principal signs
 * with its own), and the service by the header's credential scope; notes each call as IAM names it — action and
 * resource ARN — and forwards the request unchanged to the local stand-in (DynamoDB Local, the local Step Functions
 * and SES endpoints). Secrets Manager has no local stand-in: GetSecretValue is answered here. The scenario may have
 * one call refused as AWS would refuse it for a reason other than IAM (SES rejecting a mail), to see a case parked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, listen, type RunningServer } from '../http-server.ts';
import type { RecordedCall } from './iam-check.ts';

const MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface ServiceRequest {
  /** SigV4 credential-scope service name: dynamodb, states, ses, secretsmanager. */
  readonly service: string;
  readonly method: string;
  readonly path: string;
  /** X-Amz-Target of the JSON protocols, e.g. `DynamoDB_20120810.PutItem`. */
  readonly target: string | undefined;
  readonly body: unknown;
}

export interface ArnContext {
  readonly region: string;
  readonly account: string;
}

export type DescribedCall = Pick<RecordedCall, 'action' | 'resource'>;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// TransactWriteItems and TransactGetItems are authorized per item, as the item's own action.
const TRANSACT_ACTIONS: Readonly<Record<string, string>> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };

function dynamodbCalls(operation: string, body: Record<string, unknown>, arns: ArnContext): DescribedCall[] {
  const table = (name: unknown, index?: unknown): string =>
    `arn:aws:dynamodb:${arns.region}:${arns.account}:table/${text(name) ?? '?'}${text(index) === undefined ? '' : `/index/${text(index) ?? ''}`}`;
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = Array.isArray(body.TransactItems) ? body.TransactItems : [];
    return items.flatMap((item: unknown) =>
      isRecord(item)
        ? Object.entries(item).flatMap(([kind, request]) => {
            const action = TRANSACT_ACTIONS[kind];
            return action === undefined || !isRecord(request) ? [] : [{ action: `dynamodb:${action}`, resource: table(request.TableName) }];
          })
        : [],
    );
  }
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys(isRecord(body.RequestItems) ? body.RequestItems : {}).map((name) => ({ action: `dynamodb:${operation}`, resource: table(name) }));
  }
  return [{ action: `dynamodb:${operation}`, resource: table(body.TableName, body.IndexName) }];
}

function statesCalls(operation: string, body: Record<string, unknown>): DescribedCall[] {
  const action = `states:${operation}`;
  // SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat have no resource type (Service Authorization Reference):
  // IAM authorizes them by the token alone, against "*".
  if (operation.startsWith('SendTask')) return [{ action, resource: '*' }];
  return [{ action, resource: text(body.executionArn) ?? text(body.stateMachineArn) ?? '*' }];
}

/** SES v2 authorizes SendEmail against the sender's identity (its domain) and the configuration set. */
function sesCalls(request: ServiceRequest, body: Record<string, unknown>, arns: ArnContext): DescribedCall[] {
  if (request.method === 'POST' && request.path === '/v2/email/outbound-emails') {
    const from = text(body.FromEmailAddress) ?? '';
    const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? from;
    const base = `arn:aws:ses:${arns.region}:${arns.account}`;
    const configurationSet = text(body.ConfigurationSetName);
    return [
      { action: 'ses:SendEmail', resource: `${base}:identity/${domain}` },
      ...(configurationSet === undefined ? [] : [{ action: 'ses:SendEmail', resource: `${base}:configuration-set/${configurationSet}` }]),
    ];
  }
  if (request.method === 'GET' && request.path === '/v2/email/account') return [{ action: 'ses:GetAccount', resource: '*' }];
  return [{ action: `ses:${request.method} ${request.path}`, resource: '*' }];
}

/** The calls one request makes, as IAM authorizes them (action and resource ARN). */
export function describeRequest(request: ServiceRequest, arns: ArnContext): DescribedCall[] {
  const body = isRecord(request.body) ? request.body : {};
  const operation = request.target?.split('.').pop() ?? '';
  switch (request.service) {
    case 'dynamodb':
      return dynamodbCalls(operation, body, arns);
    case 'states':
      return statesCalls(operation, body);
    case 'ses':
      return sesCalls(request, body, arns);
    case 'secretsmanager':
      return [{ action: `secretsmanager:${operation}`, resource: text(body.SecretId) ?? '*' }];
    default:
      return [{ action: `${request.service}:${operation || `${request.method} ${request.path}`}`, resource: '*' }];
  }
}

/** Access key id and service from `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, …`. */
export function signedBy(authorization: string | undefined): { accessKeyId: string; service: string } | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return match?.[1] === undefined || match[2] === undefined ? undefined : { accessKeyId: match[1], service: match[2] };
}

export interface RecorderOptions extends ArnContext {
  readonly host: string;
  /** Access key id → principal id; a request signed with an unknown key is refused. */
  readonly principalOf: (accessKeyId: string) => string | undefined;
  /** Where each service's requests go on (asked per request: the stand-ins may start after the recorder). */
  readonly upstream: () => Readonly<Record<'dynamodb' | 'states' | 'ses', string>>;
  /** Secret ARN → value, answered here. */
  readonly secrets: ReadonlyMap<string, string>;
}

/** A call AWS would refuse though IAM allows it: the next call of `principal` with `action` gets this error. */
export interface Refusal {
  readonly principal: string;
  readonly action: string;
  /** The service's error code, e.g. SES's `MessageRejected` for an address it does not accept. */
  readonly errorType: string;
  readonly message: string;
}

export interface Recorder {
  readonly url: string;
  readonly calls: readonly RecordedCall[];
  /** Notes a call made without a request through the recorder (a state machine invoking a function). */
  note(call: RecordedCall): void;
  /** Refuses the next matching call (it is still recorded: IAM allowed it). */
  refuseNext(refusal: Refusal): void;
  close(): Promise<void>;
}

function answerJson(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }) });
  response.end(JSON.stringify(errorType === undefined ? body : { __type: errorType, message: body }));
}

async function forward(request: IncomingMessage, body: Buffer, upstream: string, response: ServerResponse): Promise<void> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name, value]) => value !== undefined && !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
  const answer = await fetch(new URL(request.url ?? '/', upstream), { method: request.method ?? 'GET', headers, ...(body.length === 0 ? {} : { body: new Uint8Array(body) }) });
  const answerHeaders: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) answerHeaders[name] = value;
  });
  response.writeHead(answer.status, answerHeaders);
  response.end(Buffer.from(await answer.arrayBuffer()));
}

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const calls: RecordedCall[] = [];
  const refusals: Refusal[] = [];
  const server: RunningServer = await listen(
    async (request, response) => {
      try {
        const signer = signedBy(request.headers.authorization);
        const principal = signer === undefined ? undefined : options.principalOf(signer.accessKeyId);
        if (signer === undefined || principal === undefined) {
          answerJson(response, 403, `Aufrufer unbekannt (Zugangsschlüssel ${signer?.accessKeyId ?? 'fehlt'})`, 'UnrecognizedClientException');
          return;
        }
        const raw = await readBody(request, MAX_BODY_BYTES);
        const target = request.headers['x-amz-target'];
        const serviceRequest: ServiceRequest = {
          service: signer.service,
          method: request.method ?? 'GET',
          path: (request.url ?? '/').split('?')[0] ?? '/',
          target: typeof target === 'string' ? target : undefined,
          body: raw.length === 0 ? undefined : (JSON.parse(raw.toString('utf8')) as unknown),
        };
        const described = describeRequest(serviceRequest, options);
        for (const call of described) calls.push({ principal, ...call });
        const refusal = refusals.findIndex((r) => r.principal === principal && described.some((call) => call.action === r.action));
        if (refusal >= 0) {
          const [{ errorType, message }] = refusals.splice(refusal, 1) as [Refusal];
          answerJson(response, 400, message, errorType);
          return;
        }
        if (signer.service === 'secretsmanager') {
          const secretId = isRecord(serviceRequest.body) ? text(serviceRequest.body.SecretId) : undefined;
          const value = secretId === undefined ? undefined : options.secrets.get(secretId);
          if (value === undefined) answerJson(response, 400, `Secrets Manager can't find the specified secret.`, 'ResourceNotFoundException');
          else answerJson(response, 200, { ARN: secretId, Name: secretId, SecretString: value, VersionId: 'rehearsal' });
          return;
        }
        const upstream = signer.service === 'dynamodb' || signer.service === 'states' || signer.service === 'ses' ? options.upstream()[signer.service] : undefined;
        if (upstream === undefined) {
          answerJson(response, 400, `Dienst ${signer.service} hat lokal keinen Ersatz`, 'UnknownOperationException');
          return;
        }
        await forward(request, raw, upstream, response);
      } catch (error) {
        if (!response.headersSent) answerJson(response, 500, error instanceof Error ? error.message : String(error), 'InternalFailure');
        else response.destroy();
      }
    },
    options.host,
    0,
    'KIM_REHEARSAL_RECORDER_PORT',
  );
  return {
    url: server.url,
    calls,
    note(call) {
      calls.push(call);
    },
    refuseNext(refusal) {
      refusals.push(refusal);
    },
    close: () => server.close(),
  };
}
