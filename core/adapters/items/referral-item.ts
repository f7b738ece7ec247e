/** A referral item: keyed by referral, listed per case in gsi2. */
import type { ReferralRecord } from '../../cases/referral.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export const toReferralItem = (referral: ReferralRecord): DynamoItem => ({ ...tableKeys.referral(referral.referralId, referral.caseId), type: 'referral', ...referral });

export const fromReferralItem = (item: DynamoItem): ReferralRecord => withoutTableAttributes(item) as unknown as ReferralRecord;

