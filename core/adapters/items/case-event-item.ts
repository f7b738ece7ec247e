/** A line of a case's history, in the case's partition; `source` makes its key unique (see table-keys.ts). */
import type { CaseEvent } from '../../cases/ports.ts';
import { tableKeys } from '../table-keys.ts';
import type { DynamoItem } from './table-attributes.ts';

/** The workflow's own steps are not an access by a person: only people's events go to the audit indexes. */
const SYSTEM_ACTOR = 'system';

export const toCaseEventItem = (caseId: string, at: string, source: string, event: CaseEvent): DynamoItem => ({
  ...tableKeys.caseEvent(caseId, at, source),
  ...(event.actor === SYSTEM_ACTOR ? {} : tableKeys.auditIndexes(caseId, at, event.actor)),
  type: 'caseEvent',
  caseId,
  at,
  ...event,
  // Keeps its own date when the case's retention is applied to its history (dynamo-case-record-repository.ts).
  ...(event.expiresAt === undefined ? {} : { ownRetention: true }),
});

export function fromCaseEventItem(item: DynamoItem): CaseEvent & { at: string } {
  return {
    kind: String(item.kind),
    actor: String(item.actor),
    at: String(item.at),
    ...(item.details === undefined ? {} : { details: item.details as CaseEvent['details'] }),
  };
}
