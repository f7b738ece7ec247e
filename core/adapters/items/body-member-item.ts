/** A body member (membership), in its body's partition; the member whole under `data`. */
import type { BodyMember } from '../../profile/demo-data-schema.ts';
import { tableKeys, type ItemKey } from '../table-keys.ts';
import { newDataItem, type DataItem } from './data-item.ts';
import type { DynamoItem } from './table-attributes.ts';

export const BODY_MEMBER_TYPE = 'bodyMember';

export const bodyMemberKey = (member: BodyMember): ItemKey => tableKeys.bodyMember(member.bodyId, member.id);

export const toBodyMemberItem = (member: BodyMember, now: Date): DataItem<BodyMember> => newDataItem(bodyMemberKey(member), BODY_MEMBER_TYPE, member, now);

export const fromBodyMemberItem = (item: DynamoItem): BodyMember => item.data as BodyMember;
