/**
 * The person's data as a list of German terms and values: the case page's "Angaben zur Person" and the access
 * export's document (web/pages/auskunft.ts) show the same fields the same way.
 */
import type { ClientRecord } from '../core/cases/case.ts';
import { GENDER_LABELS, RESIDENCE_STATUS_LABELS } from '../core/intake/client-labels.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { labelOf, languageNamesOf, nationalityName } from './case-labels.ts';
import { definitionList, isolated, optionalTime } from './case-view.ts';
import { dateElement, h } from './dom.ts';
import { nameIn } from './public-profile.ts';

export function personDetails(client: Partial<ClientRecord>, profile: PublicProfile): HTMLDListElement {
  const name = [client.givenNames, client.familyName].filter((part) => part !== undefined && part !== '').join(' ');
  const address = client.address === undefined ? undefined : `${client.address.street}, ${client.address.postalCode} ${client.address.city}`;
  return definitionList([
    ['Name', isolated(name)],
    ['Geburtsdatum', client.dateOfBirth === undefined ? undefined : dateElement(client.dateOfBirth)],
    ['Geschlecht', client.gender === undefined ? undefined : labelOf(GENDER_LABELS, client.gender)],
    ['Staatsangehörigkeit', client.nationality === undefined ? undefined : nationalityName(client.nationality)],
    ['Sprachen', client.languages === undefined ? undefined : languageNamesOf(client.languages)],
    ['Dolmetschung benötigt', client.interpreterNeeded === undefined ? undefined : client.interpreterNeeded ? 'Ja' : 'Nein'],
    ['Kommune', client.municipalityId === undefined ? undefined : nameIn(profile.municipalities, client.municipalityId)],
    ['Anschrift', isolated(address)],
    ['Telefon', client.phone],
    ['E-Mail', client.email],
    ['Aufenthaltsstatus', client.residenceStatus === undefined ? undefined : labelOf(RESIDENCE_STATUS_LABELS, client.residenceStatus)],
    ['Eingereist am', client.arrivalDate === undefined ? undefined : dateElement(client.arrivalDate)],
    ['Beschreibung des Bedarfs', client.needsDescription === undefined ? undefined : h('bdi', { class: 'mehrzeilig' }, client.needsDescription)],
    ['Einwilligung in die Datenverarbeitung', optionalTime(client.consentToProcessingAt)],
  ]);
}
