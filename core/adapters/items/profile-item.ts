/** The district profile's items: its settings, and one catalogue entry per provider, service and body (gsi1 by kind). */
import type { DistrictProfile } from '../../profile/schema.ts';
import { tableKeys } from '../table-keys.ts';
import { newDataItem, type DataItem } from './data-item.ts';

export function toProfileItems(profile: DistrictProfile, now: Date): DataItem<object>[] {
  const { providers, services, bodies, ...settings } = profile;
  return [
    newDataItem(tableKeys.districtProfile(), 'districtProfile', settings, now),
    ...providers.map((p) => newDataItem(tableKeys.catalogueEntry('PROVIDER', p.id), 'provider', p, now)),
    ...services.map((s) => newDataItem(tableKeys.catalogueEntry('SERVICE', s.id), 'service', s, now)),
    ...bodies.map((b) => newDataItem(tableKeys.catalogueEntry('BODY', b.id), 'body', b, now)),
  ];
}
