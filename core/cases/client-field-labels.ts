/**
 * German labels for the client fields a referral may pass on (the profile's CLIENT_DATA_FIELDS). One table for
 * the referral mail (core/mail/notifications.ts) and the case page, which tells the case manager what a service
 * receives, so the consent the person gives names exactly what the mail then carries. Browser-safe: plain data,
 * only a type import.
 */
import type { ClientDataField } from '../profile/schema.ts';

export const CLIENT_FIELD_LABELS: Readonly<Record<ClientDataField, string>> = {
  name: 'Name',
  dateOfBirth: 'Geburtsdatum',
  nationality: 'Staatsangehörigkeit',
  languages: 'Sprachen',
  interpreterNeeded: 'Dolmetschung benötigt',
  municipality: 'Wohnort/Kommune',
  address: 'Anschrift',
  phone: 'Telefon',
  email: 'E-Mail',
  residenceStatus: 'Aufenthaltsstatus',
  arrivalDate: 'Einreisedatum',
  needsSummary: 'Bedarf (Kurzbeschreibung)',
};
