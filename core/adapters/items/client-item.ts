/** The client item: the personal data of a case, in the case's partition and in no index. */
import type { ClientRecord } from '../../cases/case.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export const toClientItem = (client: ClientRecord): DynamoItem => ({ ...tableKeys.client(client.caseId), type: 'client', ...client });

export const fromClientItem = (item: DynamoItem): ClientRecord => withoutTableAttributes(item) as unknown as ClientRecord;
