/** What the case use cases need from the outside world; adapters in core/adapters implement these. */
import type { CaseRecord, ClientRecord } from './case.ts';

export interface CreatedCase {
  readonly caseId: string;
  readonly stage: CaseRecord['stage'];
  readonly generation: number;
  /** false when an earlier submission with the same idempotency key created it. */
  readonly created: boolean;
}

export interface CaseRepository {
  /**
   * Saves case, client and the first history event in one transaction, guarded by the idempotency key:
   * a second submission with the same key returns the first one's case and writes nothing.
   * Throws IdempotencyConflict when the key was used for a different submission.
   */
  createCase(input: {
    readonly case: CaseRecord;
    readonly client: ClientRecord;
    readonly idempotency: { readonly keyHash: string; readonly requestHash: string; readonly expiresAt: number };
  }): Promise<CreatedCase>;
}

export interface CaseWorkflow {
  /** Starts (or, when it already runs, finds) the execution `<caseId>-<generation>` with input `{caseId}` only. */
  start(caseId: string, generation: number): Promise<void>;
}

export class IdempotencyConflict extends Error {}
