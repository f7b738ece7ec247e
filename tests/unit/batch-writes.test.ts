/**
 * The one BatchWriteItem loop (core/adapters/batch-writes.ts), against a document client that leaves items
 * unprocessed the way a throttled table does: pages of 25, the unprocessed items sent again, the caller's error when
 * they stay.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchWrite } from '../../core/adapters/batch-writes.ts';

type Request = { PutRequest: { Item: { pk: string } } };

/** A client whose answer leaves the first `unprocessed(call)` requests of each call unprocessed. */
function throttledClient(unprocessed: (call: number) => number): { documents: DynamoDBDocumentClient; sent: Request[][] } {
  const sent: Request[][] = [];
  const send = (command: { input: { RequestItems: Record<string, Request[]> } }): Promise<unknown> => {
    const requests = command.input.RequestItems.t ?? [];
    sent.push(requests);
    const left = requests.slice(0, unprocessed(sent.length));
    return Promise.resolve({ UnprocessedItems: left.length === 0 ? {} : { t: left } });
  };
  return { documents: { send } as unknown as DynamoDBDocumentClient, sent };
}

const requests = (n: number): Request[] => Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { pk: `item-${String(i)}` } } }));

describe('batchWrite', () => {
  it('writes in pages of 25 and sends what a page left unprocessed again, until it is written', async () => {
    // The first answer of each page leaves 10 unprocessed, the next 3, then none.
    const leftover = [10, 3, 0, 10, 3, 0];
    const { documents, sent } = throttledClient((call) => leftover[call - 1] ?? 0);
    const pages: number[] = [];
    await batchWrite(documents, 't', requests(50), { attempts: 5, failure: (left) => new Error(String(left)), onPage: (done) => pages.push(done) });
    expect(sent.map((call) => call.length)).toEqual([25, 10, 3, 25, 10, 3]);
    expect(new Set(sent.flat().map((r) => r.PutRequest.Item.pk)).size).toBe(50);
    expect(pages).toEqual([25, 50]);
  });

  it('gives up with the caller\'s error, naming how many stayed, after the last attempt', async () => {
    const { documents, sent } = throttledClient(() => 2);
    await expect(batchWrite(documents, 't', requests(5), { attempts: 3, failure: (left) => new Error(`${String(left)} left`) })).rejects.toThrow('2 left');
    expect(sent).toHaveLength(3);
  });
});
