/** A consent item, in its case's partition. */
import type { ConsentRecord } from '../../cases/referral.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export const toConsentItem = (consent: ConsentRecord): DynamoItem => ({ ...tableKeys.consent(consent.caseId, consent.consentId), type: 'consent', ...consent });

export const fromConsentItem = (item: DynamoItem): ConsentRecord => withoutTableAttributes(item) as unknown as ConsentRecord;
