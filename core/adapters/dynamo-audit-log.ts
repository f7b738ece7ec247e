/**
 * The audit log on the single table (core/privacy/audit-log.ts). The key condition is the most selective filter
 * given: a case → its own partition (the history, people's events only: those with audit index keys); a person →
 * gsi2 `AUDIT#STAFF#<actor>`; a period only → gsi1's month partitions, newest month first. The time is always a
 * BETWEEN on the sort key; the remaining filters are FilterExpressions. A page is filled from as many reads as it
 * needs, each asking only for what is still missing, so the cursor continues exactly after the last item answered.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { PageRequest } from '../counselling/ports.ts';
import type { Page } from '../counselling/record.ts';
import { InvalidCursor } from '../cases/ports.ts';
import { validationFailed } from '../errors.ts';
import type { AuditEvent, AuditLog, AuditQuery } from '../privacy/audit-log.ts';
import { decodeCursor, encodeCursor } from './json-cursor.ts';
import { tableKeys } from './table-keys.ts';

/** A heavily filtered query must not read on for ever to fill one page: it answers what it found and a cursor. */
const MAX_READS_PER_PAGE = 20;

/** Where a page stopped: the month partition (period queries only) and DynamoDB's key to continue after. */
const cursorSchema = z.strictObject({ month: z.string().optional(), key: z.record(z.string(), z.string()).optional() });
type Cursor = z.infer<typeof cursorSchema>;

const invalidCursor = () => validationFailed([{ field: 'cursor', message: 'ist keine gültige Fortsetzung dieser Liste' }]);

function decode(raw: string): Cursor {
  try {
    return decodeCursor(raw, cursorSchema, 'the audit log');
  } catch (error) {
    if (error instanceof InvalidCursor) throw invalidCursor();
    throw error;
  }
}

/** One partition to read: the query without its start key, and the key attribute that names the partition. */
interface Partition {
  readonly input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>;
  readonly partitionAttribute: string;
  readonly partitionValue: string;
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The filters not in the key condition, and the expired-item filter every read has. */
  private filtered(query: AuditQuery, keyed: { actor: boolean; caseId: boolean }, extra: string[] = []) {
    const conditions = ['(attribute_not_exists(expiresAt) OR expiresAt > :now)', ...extra];
    const values: Record<string, string | number> = { ':now': query.now };
    if (query.actor !== undefined && !keyed.actor) {
      conditions.push('actor = :actor');
      values[':actor'] = query.actor;
    }
    if (query.caseId !== undefined && !keyed.caseId) {
      conditions.push('caseId = :caseId');
      values[':caseId'] = query.caseId;
    }
    return { FilterExpression: conditions.join(' AND '), values };
  }

  private partitions(query: AuditQuery): Partition[] {
    const common = { TableName: this.tableName, ScanIndexForward: false, ProjectionExpression: '#at, caseId, actor, kind', ExpressionAttributeNames: { '#at': 'at' } };
    if (query.caseId !== undefined) {
      const { pk, skFrom, skTo } = tableKeys.caseEventsBetween(query.caseId, query.from, query.to);
      // Only people's events carry the audit index keys (items/case-event-item.ts); the workflow's own are not an access.
      const { FilterExpression, values } = this.filtered(query, { actor: false, caseId: true }, ['attribute_exists(gsi2pk)']);
      return [
        {
          input: { ...common, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', FilterExpression, ExpressionAttributeValues: { ...values, ':pk': pk, ':from': skFrom, ':to': skTo }, ConsistentRead: true },
          partitionAttribute: 'pk',
          partitionValue: pk,
        },
      ];
    }
    if (query.actor !== undefined) {
      const { gsi2pk } = tableKeys.auditOfActor(query.actor);
      const { FilterExpression, values } = this.filtered(query, { actor: true, caseId: true });
      return [
        {
          input: { ...common, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to', FilterExpression, ExpressionAttributeValues: { ...values, ':pk': gsi2pk, ':from': query.from, ':to': query.to } },
          partitionAttribute: 'gsi2pk',
          partitionValue: gsi2pk,
        },
      ];
    }
    const { FilterExpression, values } = this.filtered(query, { actor: true, caseId: true });
    return query.months.map((month) => {
      const { gsi1pk } = tableKeys.auditMonth(month);
      return {
        input: { ...common, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to', FilterExpression, ExpressionAttributeValues: { ...values, ':pk': gsi1pk, ':from': query.from, ':to': query.to } },
        partitionAttribute: 'gsi1pk',
        partitionValue: gsi1pk,
      };
    });
  }

  async read(query: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>> {
    const partitions = this.partitions(query);
    const start = page.cursor === undefined ? undefined : decode(page.cursor);
    // A period query's cursor names its month; the others have one partition.
    let index = start?.month === undefined ? 0 : partitions.findIndex((p) => p.partitionValue === tableKeys.auditMonth(start.month ?? '').gsi1pk);
    let key = start?.key;
    const current = partitions[index];
    if (current === undefined || (key !== undefined && key[current.partitionAttribute] !== current.partitionValue)) throw invalidCursor();

    const items: AuditEvent[] = [];
    for (let reads = 0; reads < MAX_READS_PER_PAGE; reads += 1) {
      const partition = partitions[index];
      if (partition === undefined) return { items };
      const result = await this.documents.send(new QueryCommand({ ...partition.input, Limit: page.limit - items.length, ...(key === undefined ? {} : { ExclusiveStartKey: key }) }));
      items.push(...(result.Items ?? []).map((item) => ({ at: String(item.at), caseId: String(item.caseId), actor: String(item.actor), kind: String(item.kind) })));
      key = result.LastEvaluatedKey as Record<string, string> | undefined;
      if (key === undefined) index += 1;
      const more = key !== undefined || index < partitions.length;
      if (!more) return { items };
      if (items.length >= page.limit) break;
    }
    const month = query.caseId === undefined && query.actor === undefined ? query.months[index] : undefined;
    return { items, next: encodeCursor({ ...(month === undefined ? {} : { month }), ...(key === undefined ? {} : { key }) }) };
  }
}
