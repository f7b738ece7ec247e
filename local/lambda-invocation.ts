/**
 * How the local runtime invokes a handler in-process, as the Lambda runtime does: with a whole Lambda context,
 * and inside an invocation scope of its own. Many requests and workflow steps run at once in this one process —
 * what Lambda calls multi-concurrency — so the Powertools Logger must keep each invocation's correlation id and
 * context apart; it does so through Lambda's InvokeStore when AWS_LAMBDA_MAX_CONCURRENCY is set, as it is here.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';

// Before any handler logs: Powertools reads the variable on every call, the store must exist by then.
process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
const store = await InvokeStore.getInstanceAsync(true);

const LOCAL_ACCOUNT_ID = '000000000000';

export function localLambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const context: Omit<Context, 'done' | 'fail' | 'succeed'> = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
  // Without the deprecated callback methods (done, fail, succeed): every handler here returns a promise.
  return context as Context;
}

/** Runs one invocation of `handler` in a scope of its own; `timeoutMs` is what getRemainingTimeInMillis counts down. */
export function invokeLocally<E, R>(handler: (event: E, context: Context) => Promise<R>, event: E, functionName: string, timeoutMs: number, requestId: string = randomUUID()): Promise<R> {
  return store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, () => handler(event, localLambdaContext(functionName, requestId, timeoutMs)));
}
