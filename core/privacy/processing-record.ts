/**
 * The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 DSGVO) of the case
 * management, generated from the district profile so it names what the running system really does: which data
 * categories go to which service for which purpose, the retention periods, the recipients, the roles and what each
 * sees, the processors. GET /api/processing-record answers it (data protection officer, coordination,
 * administration); web/pages/verarbeitungsverzeichnis.html prints it. It holds no personal data of clients.
 */
import { CLIENT_FIELD_LABELS } from '../cases/client-field-labels.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../identity/roles.ts';
import { publicTaskBasis } from '../profile/data-protection.ts';
import { CLIENT_DATA_FIELDS, type DistrictProfile } from '../profile/schema.ts';
import { nameOf } from '../workflow/workflow-dependencies.ts';

export interface ProcessingRecord {
  readonly title: string;
  readonly controller: { readonly name: string; readonly address: string; readonly email: string };
  readonly purposes: readonly string[];
  readonly legalBases: readonly string[];
  readonly dataSubjects: readonly string[];
  readonly dataCategories: readonly { readonly category: string; readonly items: readonly string[]; readonly special?: true }[];
  /** Each service of the catalogue: what it receives, for which needs, on which consent. */
  readonly recipients: readonly {
    readonly serviceId: string;
    readonly name: string;
    readonly kind: string;
    readonly email: string;
    readonly needCategories: readonly string[];
    readonly fields: readonly string[];
    readonly basis: string;
  }[];
  /** The providers whose staff do the case management (they see the cases assigned to them). */
  readonly providers: readonly { readonly name: string; readonly kind: string; readonly municipalities: string; readonly focusAreas: readonly string[] }[];
  readonly roles: readonly { readonly role: StaffRole; readonly label: string; readonly sees: string }[];
  readonly processors: readonly { readonly name: string; readonly service: string; readonly purpose: string; readonly location: string }[];
  readonly retention: readonly { readonly what: string; readonly days: number }[];
  readonly thirdCountries: string;
  readonly measures: readonly string[];
}

/** The AWS region every deployment uses (lib/config.ts REGION; a unit test keeps the two equal). */
export const PROCESSING_REGION = 'eu-central-1';
const LOCATION = `AWS-Region ${PROCESSING_REGION} (Frankfurt am Main, Deutschland)`;

const ROLE_SCOPE: Readonly<Record<StaffRole, string>> = {
  intake: 'erfasst neue Fälle (Daten der Erstaufnahme); sieht Fälle nach der Erfassung nicht mehr',
  casemanager: 'alle Daten der ihr bzw. ihm zugewiesenen Fälle, einschließlich psychosozialer Notizen',
  coordinator: 'alle Fälle zur Fachaufsicht, ohne psychosoziale Notizen und ohne die Anliegenbeschreibung psychosozialer Beratungen; Kennzahlen',
  admin: 'Termine und Gremien, Kennzahlen; keine Falldaten',
  dpo: 'das Protokoll der Zugriffe (wer, wann, welcher Fall, welche Art) und dieses Verzeichnis; keine Daten der Personen',
};

const RETENTION_LABELS: Readonly<Record<string, string>> = {
  caseClosedDays: 'Fall mit allen personenbezogenen Daten, nach dem Abschluss',
  readAuditDays: 'Protokoll der Lesezugriffe, je Eintrag',
  inactiveCaseDays: 'Offener Fall ohne Aktivität: Vorlage an die Koordination zum Abschluss oder zur Löschung nach',
  meetingTopicDays: 'Themenvorschlag für den Jour fixe, nach dem Vorschlag und nach der Entscheidung',
  meetingMinutesDays: 'Protokoll einer Sitzung mit Anwesenheit, Beschlüssen und Aufgaben, nach der Sitzung',
};

const SERVICE_KIND_LABELS: Readonly<Record<string, string>> = { authority: 'Behörde', service: 'Beratungs- oder Hilfeangebot' };
const PROVIDER_KIND_LABELS: Readonly<Record<string, string>> = { welfare: 'freier Träger', municipality: 'Kommune' };

export function processingRecord(profile: DistrictProfile): ProcessingRecord {
  const { coordination } = profile.district;
  const municipalities = (scope: 'all' | readonly string[]) => (scope === 'all' ? 'alle Kommunen' : scope.map((id) => nameOf(profile.municipalities, id)).join(', '));
  return {
    title: `Verzeichnis von Verarbeitungstätigkeiten: Kommunales Integrationsmanagement (KIM) – ${profile.district.name}`,
    controller: {
      name: coordination.name,
      address: `${coordination.address.street}, ${coordination.address.postalCode} ${coordination.address.city}`,
      email: coordination.contact.email,
    },
    purposes: [
      'Beratung und Begleitung neu zugewanderter Menschen im Case-Management (Erstaufnahme, Bedarfsklärung, Hilfeplan, Beratungskontakte)',
      'Vermittlung an Behörden und Beratungsstellen mit Einwilligung der Person, je Stelle und Zweck',
      ...profile.focusAreas.map((area) => `Schwerpunkt ${area.name}: ${area.description}`),
      'Fachaufsicht und Steuerung durch die Koordination; anonyme Kennzahlen (ohne Personenbezug)',
    ],
    legalBases: [
      'Art. 6 Abs. 1 lit. a DSGVO: Einwilligung in die Verarbeitung bei der Erstaufnahme und je Vermittlung an eine Stelle',
      publicTaskBasis(profile.district.dataProtection),
      'Art. 9 Abs. 2 lit. a DSGVO: ausdrückliche Einwilligung für Gesundheitsdaten (psychosoziale Beratung)',
    ],
    dataSubjects: ['Ratsuchende (neu zugewanderte Menschen) und ihre Angaben', 'Beschäftigte des Kreises und der Träger (Name, Rolle, Zugriffe)'],
    dataCategories: [
      { category: 'Stammdaten der Person', items: [...CLIENT_DATA_FIELDS.map((field) => CLIENT_FIELD_LABELS[field]), 'Geschlecht (freiwillig)', 'Einwilligung in die Verarbeitung (Zeitpunkt)'] },
      { category: 'Fall und Vermittlungen', items: ['Fallnummer, Phase, Kommune, Schwerpunkt, Bedarfe', 'Einwilligungen je Stelle (Form, Datum, Widerruf)', 'Vermittlungen mit Status und Rückmeldung der Stelle'] },
      { category: 'Dokumentation des Case-Managements', items: ['Beratungskontakte (Datum, Dauer, Form, Dolmetschung, Themen, Notiz)', 'Ziele des Hilfeplans', 'Notizen'] },
      { category: 'Gesundheitsdaten (Art. 9 DSGVO)', items: ['Psychosoziale Notizen und die Anliegenbeschreibung psychosozialer Beratung'], special: true },
      { category: 'Protokoll', items: ['Verlauf des Falls und Lesezugriffe: wer (Beschäftigte), wann, welche Art – ohne Inhalte'] },
      { category: 'Gremien und Sitzungen', items: ['Mitglieder und Gäste (Name, E-Mail, Rolle, Zeitraum)', 'Zu- und Absagen, Anwesenheit', 'Sitzungsprotokolle: Verlauf, Beschlüsse, Aufgaben mit verantwortlicher Person und Frist – ohne Daten von Ratsuchenden', 'Themenvorschläge (wer sie vorgeschlagen hat)'] },
    ],
    recipients: profile.services.map((service) => ({
      serviceId: service.id,
      name: service.name,
      kind: SERVICE_KIND_LABELS[service.kind] ?? service.kind,
      email: service.contact.email,
      needCategories: service.needCategories.map((id) => nameOf(profile.needCategories, id)),
      fields: service.dataFields.map((field) => CLIENT_FIELD_LABELS[field]),
      basis: 'Einwilligung der Person für diese Stelle und die Vermittlung (Art. 6 Abs. 1 lit. a DSGVO); nur die für den Zweck nötigen Felder',
    })),
    providers: profile.providers.map((provider) => ({
      name: provider.name,
      kind: PROVIDER_KIND_LABELS[provider.kind] ?? provider.kind,
      municipalities: municipalities(provider.municipalities),
      focusAreas: provider.focusAreas.map((id) => nameOf(profile.focusAreas, id)),
    })),
    roles: STAFF_ROLES.map((role) => ({ role, label: ROLE_LABELS[role], sees: ROLE_SCOPE[role] })),
    processors: [
      { name: 'Amazon Web Services EMEA SARL', service: 'Amazon DynamoDB', purpose: 'Speicherung aller Daten (verschlüsselt mit eigenem Schlüssel, KMS)', location: LOCATION },
      { name: 'Amazon Web Services EMEA SARL', service: 'AWS Step Functions, AWS Lambda', purpose: 'Ablauf der Fälle; verarbeitet nur Fallnummern, keine Personendaten im Ablauf', location: LOCATION },
      { name: 'Amazon Web Services EMEA SARL', service: 'Amazon SES', purpose: 'Versand der Vermittlungs- und Benachrichtigungs-E-Mails; keine Personendaten im Betreff', location: LOCATION },
      { name: 'Amazon Web Services EMEA SARL', service: 'Amazon Cognito', purpose: 'Anmeldung der Beschäftigten (mit zweitem Faktor)', location: LOCATION },
    ],
    retention: Object.entries(profile.retention).map(([key, days]) => ({ what: RETENTION_LABELS[key] ?? key, days })),
    thirdCountries: 'Keine Übermittlung in Drittländer: alle Dienste laufen in der EU-Region Frankfurt; E-Mails gehen nur an die Stellen des Katalogs.',
    measures: [
      'Anmeldung nur für Beschäftigte, mit zweitem Faktor; Rollen mit geringsten Rechten (siehe Rollen)',
      'Verschlüsselung der Daten bei Speicherung (KMS) und Übertragung (TLS); Sicherung mit Wiederherstellung zu einem Zeitpunkt',
      'Jeder Lesezugriff auf Personendaten wird protokolliert; die Datenschutzbeauftragte prüft das Protokoll',
      'Datenminimierung: jede Stelle erhält nur die Felder ihres Zwecks; Abläufe, Protokolle und Betreffzeilen enthalten keine Personendaten',
      'Löschung nach den Fristen oben (Ablaufdatum je Eintrag); Sperrung und Löschung auf Antrag',
    ],
  };
}

/** GET /api/processing-record: the data protection officer, the coordination and the administration. */
export function readProcessingRecord(deps: { readonly profile: DistrictProfile }, caller: Caller): ProcessingRecord {
  requireRole(caller, 'dpo', 'coordinator', 'admin');
  return processingRecord(deps.profile);
}
