/** The marker of an intake's Idempotency-Key: which case the first submission created, and what it sent. */
import { tableKeys } from '../table-keys.ts';
import type { DynamoItem } from './table-attributes.ts';

export interface IdempotencyRecord {
  readonly keyHash: string;
  readonly requestHash: string;
  readonly caseId: string;
  readonly createdAt: string;
  /** Epoch seconds (TTL): a key can be replayed only so long. */
  readonly expiresAt: number;
}

export const toIdempotencyItem = ({ keyHash, ...record }: IdempotencyRecord): DynamoItem => ({ ...tableKeys.idempotency(keyHash), type: 'idempotency', version: 1, ...record });

export const fromIdempotencyItem = (item: DynamoItem): Pick<IdempotencyRecord, 'caseId' | 'requestHash'> => ({
  caseId: String(item.caseId),
  requestHash: String(item.requestHash),
});
