/**
 * What a Task's Resource means on this machine. The same ASL runs in AWS, where Step Functions calls Lambda or
 * DynamoDB itself; here a handler runs in-process, and direct DynamoDB integrations become the same call
 * against DynamoDB Local.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { invokeLocally } from '../lambda-invocation.ts';

export type LocalLambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

// A task function's longest run in AWS (Lambda's limit); only reported through getRemainingTimeInMillis.
const TASK_TIMEOUT_MS = 15 * 60_000;

/**
 * An error as Step Functions names it, so Retry and Catch match the same names locally and in AWS. The engine
 * reads `isRetryable`/`isCatchable`: States.Runtime and the errors of a stopped execution are neither, as in AWS.
 */
export class TaskError extends Error {
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  constructor(name: string, message: string, handling: { retryable: boolean; catchable: boolean } = { retryable: true, catchable: true }) {
    super(message);
    this.name = name;
    this.isRetryable = handling.retryable;
    this.isCatchable = handling.catchable;
  }
}

export const FINAL = { retryable: false, catchable: false } as const;

// Step Functions' optimised DynamoDB integration supports exactly these four operations.
// The parameters are the DynamoDB API's own request shape, as in the real integration.
const DYNAMODB_OPERATIONS: Record<string, (client: DynamoDBClient, parameters: never) => Promise<{ $metadata: unknown }>> = {
  getItem: (client, parameters) => client.send(new GetItemCommand(parameters)),
  putItem: (client, parameters) => client.send(new PutItemCommand(parameters)),
  updateItem: (client, parameters) => client.send(new UpdateItemCommand(parameters)),
  deleteItem: (client, parameters) => client.send(new DeleteItemCommand(parameters)),
};

function functionNameOf(nameOrArn: string): string {
  const marker = ':function:';
  const at = nameOrArn.indexOf(marker);
  return at < 0 ? nameOrArn : (nameOrArn.slice(at + marker.length).split(':')[0] ?? nameOrArn);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class TaskIntegrations {
  constructor(
    private readonly lambdas: Readonly<Record<string, LocalLambdaHandler>>,
    private readonly dynamodb: DynamoDBClient,
  ) {}

  /** Fails at load time, not in the middle of an execution, when a resource cannot run locally. */
  assertSupported(resource: string, where: string): void {
    const base = resource.replace(/\.waitForTaskToken$/, '');
    if (base === 'arn:aws:states:::lambda:invoke') return;
    if (base.startsWith('arn:aws:lambda:')) {
      const name = functionNameOf(base);
      if (this.lambdas[name] === undefined) throw new Error(`${where}: keine lokale Funktion "${name}"`);
      return;
    }
    // Step Functions has no callback pattern for DynamoDB, so only the plain resource is accepted.
    const dynamo = /^arn:aws:states:::dynamodb:(\w+)$/.exec(resource);
    if (dynamo?.[1] !== undefined && dynamo[1] in DYNAMODB_OPERATIONS) return;
    throw new Error(`${where}: Ressource "${resource}" wird lokal nicht unterstützt`);
  }

  async invoke(resource: string, parameters: unknown): Promise<unknown> {
    const base = resource.replace(/\.waitForTaskToken$/, '');
    if (base === 'arn:aws:states:::lambda:invoke') {
      if (!isRecord(parameters) || typeof parameters.FunctionName !== 'string') {
        throw new TaskError('States.Runtime', 'lambda:invoke braucht Parameters.FunctionName', FINAL);
      }
      const payload = 'Payload' in parameters ? parameters.Payload : parameters;
      const result = await this.callLambda(parameters.FunctionName, payload);
      return { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 };
    }
    if (base.startsWith('arn:aws:lambda:')) return this.callLambda(base, parameters);

    const operation = /^arn:aws:states:::dynamodb:(\w+)$/.exec(base)?.[1];
    const call = operation === undefined ? undefined : DYNAMODB_OPERATIONS[operation];
    if (call !== undefined) {
      try {
        const { $metadata: _metadata, ...output } = await call(this.dynamodb, parameters as never);
        return output;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'UnknownError';
        throw new TaskError(`DynamoDB.${name}`, error instanceof Error ? error.message : String(error));
      }
    }
    throw new TaskError('States.Runtime', `Ressource "${resource}" wird lokal nicht unterstützt`, FINAL);
  }

  private async callLambda(nameOrArn: string, event: unknown): Promise<unknown> {
    const functionName = functionNameOf(nameOrArn);
    const handler = this.lambdas[functionName];
    if (handler === undefined) throw new TaskError('Lambda.ResourceNotFoundException', `Funktion "${functionName}" gibt es lokal nicht`);
    try {
      // Lambda hands the handler a JSON copy, never the caller's objects.
      return await invokeLocally(handler, structuredClone(event), functionName, TASK_TIMEOUT_MS);
    } catch (error) {
      // Lambda reports a function error by its errorType; Step Functions uses that as the error name.
      const errorType = error instanceof Error ? error.name : 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      throw new TaskError(errorType, JSON.stringify({ errorType, errorMessage }));
    }
  }
}
