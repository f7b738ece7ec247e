/** A referral item: keyed by referral, listed per case in gsi2. */
import type { ReferralRecord } from '../../cases/referral.ts';
import { tableKeys } from '../table-keys.ts';
import { partOf, withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

/** `expiresAt` is set on the item when its case closes (retention), not on the record. */
type ReferralItemRecord = ReferralRecord & { readonly expiresAt?: number };

export const toReferralItem = (referral: ReferralRecord): DynamoItem => ({ ...tableKeys.referral(referral.referralId, referral.caseId), type: 'referral', ...referral });

export const fromReferralItem = (item: DynamoItem): ReferralRecord => withoutTableAttributes(item) as unknown as ReferralRecord;

/** A referral item read with only `attributes` projected (reports). */
export const fromReferralItemPart = <K extends keyof ReferralItemRecord>(item: DynamoItem, attributes: readonly K[]): Pick<ReferralItemRecord, K> =>
  partOf<ReferralItemRecord, K>(item, attributes);
