/**
 * The person marker of a case (table-keys.ts: the cases of one person): the person key, the case id and when the
 * case was created — no name, no date of birth — and the Idempotency-Key hash of the intake that wrote it, so a
 * retried intake recognises its own case instead of warning about it.
 */
import type { PersonMarker } from '../../cases/ports.ts';
import { tableKeys } from '../table-keys.ts';
import type { DynamoItem } from './table-attributes.ts';

export const toPersonMarkerItem = (marker: PersonMarker & { readonly personKey: string }): DynamoItem => ({
  ...tableKeys.personMarker(marker.caseId, marker.personKey, marker.createdAt),
  type: 'person-marker',
  version: 1,
  personKey: marker.personKey,
  caseId: marker.caseId,
  createdAt: marker.createdAt,
  intakeKeyHash: marker.intakeKeyHash,
});

export const fromPersonMarkerItem = (item: DynamoItem): PersonMarker => ({
  caseId: String(item.caseId),
  createdAt: String(item.createdAt),
  intakeKeyHash: String(item.intakeKeyHash),
  ...(typeof item.expiresAt === 'number' ? { expiresAt: item.expiresAt } : {}),
});
