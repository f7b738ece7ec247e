/**
 * The HTTP API: one route table for both places it runs. CDK (api stack) creates one API Gateway route per entry
 * with the Cognito JWT authorizer; the local gateway (local/api-gateway.ts) matches the same table, verifies the
 * same kind of JWT and invokes the same handler in-process. The OpenAPI document (functions/openapi/) is written
 * from it too, so each entry names the schemas of its request and answer: the handlers' path and query schemas
 * and the use cases' body schemas. Only schema modules are imported here, never a handler or a use case.
 */
import type * as z from 'zod';
import { assessmentSchema, gapReportSchema, gapReviewSchema, outcomeSchema } from '../core/casework/input-schemas.ts';
import { consentAdditionSchema, referralAdditionSchema } from '../core/casework/case-additions-input.ts';
import { consentFormQuery } from '../core/consent-forms/consent-form-input.ts';
import { caseHandoverSchema, caseloadHandoverSchema } from '../core/casework/hand-over-input.ts';
import { reopenSchema } from '../core/casework/reopen-input.ts';
import { clientCorrectionSchema } from '../core/casework/correct-client-input.ts';
import { restrictionSchema } from '../core/casework/restrict-case-input.ts';
import { closeSchema } from '../core/casework/close-input.ts';
import { caseSearchSchema } from '../core/casework/search-input.ts';
import { CONTACT_BACKDATE_DAYS, contactSchema, goalReviewSchema, goalSchema, noteSchema, recordQuery } from '../core/counselling/record-input.ts';
import { addCalendarDays } from '../core/calendar/local-date.ts';
import { intakeSchema } from '../core/intake/intake-schema.ts';
import { minutesInput, releaseInput } from '../core/meetings/minutes-input.ts';
import { agendaItemInput, guestInput, memberInput, oneOffMeetingInput, rescheduleInput } from '../core/meetings/meeting-inputs.ts';
import { OPARL_ROUTE_PATHS } from '../core/oparl/routes.ts';
import type { DistrictProfile } from '../core/profile/schema.ts';
import { idPath } from './_shared/http/route-schemas.ts';
import { goalPath } from './case-record/schema.ts';
import { caseloadOverviewAnswer } from './caseload-overview/schema.ts';
import { inactiveCasesAnswer, inactiveCasesQuery } from './list-inactive-cases/schema.ts';
import { closeAnswer } from './close-case/schema.ts';
import { intakeAccepted } from './create-intake/schema.ts';
import { kpiQuery } from './kpi-report/schema.ts';
import { exportQuery } from './export-person/schema.ts';
import { auditQuery } from './audit-log/schema.ts';
import { listCasesAnswer, listCasesQuery } from './list-cases/schema.ts';
import { listGapReportsQuery } from './list-gap-reports/schema.ts';
import { tokenQuery } from './meeting-links/schema.ts';
import { actionPath, agendaItemPath, guestPath, meetingsQuery, memberPath, topicsListQuery } from './meetings-api/schema.ts';
import { acceptTopicInput, declineTopicInput, proposeTopicInput } from '../core/meetings/topic-inputs.ts';
import { oparlPath, oparlQuery } from './oparl/schema.ts';
import { referralAddedAnswer } from './add-referral/schema.ts';
import { consentAddedAnswer } from './record-consent/schema.ts';
import { outcomeAnswer } from './record-outcome/schema.ts';
import { handOverAnswer } from './hand-over-case/schema.ts';
import { caseloadAnswer } from './hand-over-caseload/schema.ts';
import { caseManagersAnswer } from './list-case-managers/schema.ts';
import { caseloadCasesAnswer } from './list-caseload/schema.ts';
import { handOverTargetsAnswer } from './list-handover-targets/schema.ts';
import { reopenAnswer } from './reopen-case/schema.ts';
import { correctionAnswer } from './correct-client/schema.ts';
import { restrictionAnswer, restrictionStatusAnswer } from './restrict-case/schema.ts';
import { erasureAnswer } from './erase-person/schema.ts';
import { erasureSchema } from '../core/privacy/erase-input.ts';
import { resumeAnswer } from './resume-case/schema.ts';
import { caseSearchAnswer } from './search-cases/schema.ts';
import { consentPath, revokeAnswer } from './revoke-consent/schema.ts';
import { assessmentAnswer } from './submit-assessment/schema.ts';

/** What body schemas are built from, as the use cases build them: the profile's lists, and today (no future dates). */
export interface SchemaContext {
  readonly profile: DistrictProfile;
  /** YYYY-MM-DD in the district's time zone. */
  readonly today: string;
}

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway syntax: `/api/cases/{id}`. */
  readonly path: string;
  /** Folder under functions/ whose handler.ts serves the route. */
  readonly functionName: string;
  /**
   * No JWT authorizer: the route authorizes itself with a signed token in the URL, for people without an
   * account (RSVP links in invitations) and calendar programs (the subscribable feed) — or it serves public data
   * only (the OParl feed under /oparl/, core/oparl/, and the API's description).
   */
  readonly public?: true;
}

/** A route as the OpenAPI document describes it. */
export interface DocumentedRoute extends ApiRoute {
  /** One German line. */
  readonly summary: string;
  readonly request?: {
    readonly path?: z.ZodType;
    readonly query?: z.ZodType;
    /** A JSON body; built from the context where it lists the profile's municipalities, services, … */
    readonly body?: z.ZodType | ((context: SchemaContext) => z.ZodType);
  };
  /** The success answer: status (200 unless said), its JSON schema where it has one, its media types (JSON unless said). */
  readonly answer?: {
    readonly status?: 201 | 202;
    readonly schema?: z.ZodType;
    readonly mediaTypes?: readonly ('application/json' | 'text/html' | 'text/csv' | 'text/calendar')[];
  };
}

export const API_ROUTES: readonly DocumentedRoute[] = [
  {
    method: 'POST',
    path: '/api/intakes',
    functionName: 'create-intake',
    summary:
      'Erstaufnahme erfassen: legt den Fall an und startet den Ablauf (Idempotency-Key: dieselbe Erfassung bleibt ein Fall); hat die Person schon einen offenen oder kürzlich abgeschlossenen Fall, 409 mit duplicateOf, bis duplicateConfirmed: true mitgesendet wird',
    request: { body: ({ profile, today }) => intakeSchema({ profile, today }) },
    // The start page's form without JavaScript gets the page instead of JSON.
    answer: { status: 202, schema: intakeAccepted, mediaTypes: ['application/json', 'text/html'] },
  },
  {
    method: 'GET',
    path: '/api/cases',
    functionName: 'list-cases',
    summary:
      'Fälle: die eigenen (Case-Management) oder alle (Koordination), seitenweise (limit ≤ 100, cursor = next der vorigen Seite), mit der Gesamtzahl; neben der Phase höchstens ein Filter (Kommune, Case-Management, Klärungsbedarf, überfällig)',
    request: { query: listCasesQuery },
    answer: { schema: listCasesAnswer },
  },
  {
    method: 'POST',
    path: '/api/case-search',
    functionName: 'search-cases',
    summary: 'Fall suchen: nach Fallnummer oder Familienname und Geburtsdatum, unter den Fällen, die man sehen darf (jeder Treffer wird protokolliert)',
    request: { body: caseSearchSchema },
    answer: { schema: caseSearchAnswer },
  },
  { method: 'GET', path: '/api/caseload', functionName: 'caseload-overview', summary: 'Auslastung je Case-Manager*in (Koordination): offene Fälle nach Phase, Überfälliges, Geparkte', answer: { schema: caseloadOverviewAnswer } },
  {
    method: 'GET',
    path: '/api/inactive-cases',
    functionName: 'list-inactive-cases',
    summary: 'Ruhende Fälle (Koordination): offene Fälle ohne Aktivität seit der Frist des Profils, die am längsten ruhenden zuerst, seitenweise (limit ≤ 100, cursor = next der vorigen Seite), zum Abschließen oder Löschen',
    request: { query: inactiveCasesQuery },
    answer: { schema: inactiveCasesAnswer },
  },
  { method: 'GET', path: '/api/cases/{id}', functionName: 'get-case', summary: 'Ein Fall mit Vermittlungen, Einwilligungen und Verlauf (der Zugriff wird protokolliert)', request: { path: idPath } },
  {
    method: 'GET',
    path: '/api/cases/{id}/consent-form',
    functionName: 'consent-form',
    summary: 'Einwilligungsformular für eine Stelle, zweisprachig (Deutsch und die Sprache der Person), mit Name und Geburtsdatum zum Unterschreiben; der Zugriff wird protokolliert',
    request: { path: idPath, query: consentFormQuery },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/assessment',
    functionName: 'submit-assessment',
    summary: 'Bedarfsklärung: Bedarfe, gewählte Stellen und Einwilligungen',
    request: { path: idPath, body: ({ profile, today }) => assessmentSchema(profile, today) },
    answer: { schema: assessmentAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/consents',
    functionName: 'record-consent',
    summary: 'Einwilligung nachträglich erfassen (Case-Management des Falls): zurückgehaltene Vermittlungen an diese Stelle gehen hinaus',
    request: { path: idPath, body: ({ profile, today }) => consentAdditionSchema(profile, today) },
    answer: { schema: consentAddedAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/referrals',
    functionName: 'add-referral',
    summary: 'Bedarf und Vermittlung nach der Bedarfsklärung hinzufügen, oder eine abgelehnte Vermittlung an eine andere Stelle geben (replaces)',
    request: { path: idPath, body: ({ profile }) => referralAdditionSchema(profile) },
    answer: { schema: referralAddedAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/consents/{consentId}/revoke',
    functionName: 'revoke-consent',
    summary: 'Einwilligung widerrufen: stoppt die Vermittlungen, die an ihr hängen',
    request: { path: consentPath },
    answer: { schema: revokeAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/resume',
    functionName: 'resume-case',
    summary: 'Fortsetzen: ein angehaltener Fall („Klärung nötig“) läuft ab seiner Phase weiter (Koordination)',
    request: { path: idPath },
    answer: { schema: resumeAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/close',
    functionName: 'close-case',
    summary: 'Fall abschließen mit Auswertung: Abschlussgrund (Code des Profils) und abschließender Stand jedes offenen Ziels; die Aufbewahrungsfrist beginnt',
    request: { path: idPath, body: ({ profile }) => closeSchema(profile) },
    answer: { schema: closeAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/reopen',
    functionName: 'reopen-case',
    summary: 'Abgeschlossenen Fall wiedereröffnen (mit Grund): die Aufbewahrungsfrist endet, der Fall ist wieder in der Begleitung',
    request: { path: idPath, body: reopenSchema },
    answer: { schema: reopenAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/client-corrections',
    functionName: 'correct-client',
    summary: 'Angaben zur Person berichtigen (Art. 16 DSGVO; Case-Management des Falls, Koordination): der Verlauf nennt die Felder, nie die Werte; ein Umzug prüft die Zuständigkeit neu',
    request: { path: idPath, body: ({ profile, today }) => clientCorrectionSchema({ profile, today }) },
    answer: { schema: correctionAnswer },
  },
  // Restriction of processing (Art. 18 DSGVO): the data protection officer only.
  {
    method: 'GET',
    path: '/api/cases/{id}/restriction',
    functionName: 'restrict-case',
    summary: 'Einschränkung der Verarbeitung (Datenschutz): Phase und Sperre eines Falls, ohne Daten der Person',
    request: { path: idPath },
    answer: { schema: restrictionStatusAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/restriction',
    functionName: 'restrict-case',
    summary: 'Verarbeitung einschränken (mit Grund nach Art. 18 Abs. 1 DSGVO) oder die Einschränkung aufheben (Datenschutz): gesperrt liest und bearbeitet niemand den Fall, der Ablauf steht',
    request: { path: idPath, body: restrictionSchema },
    answer: { schema: restrictionAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/erasure',
    functionName: 'erase-person',
    summary: 'Löschen (Art. 17 DSGVO, Koordination): die Daten der Person werden gelöscht, Nachweis und anonyme Zahlen bleiben; die Stellen, die Daten erhielten, werden benachrichtigt',
    request: { path: idPath, body: erasureSchema },
    answer: { schema: erasureAnswer },
  },
  // Hand-over (coordination only): one case, or every open case of a case manager, to another one.
  {
    method: 'GET',
    path: '/api/cases/{id}/handover',
    functionName: 'list-handover-targets',
    summary: 'Übergabe: wer den Fall übernehmen kann (aktiv, Träger deckt Kommune und Schwerpunkt ab), geringste Auslastung zuerst',
    request: { path: idPath },
    answer: { schema: handOverTargetsAnswer },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/handover',
    functionName: 'hand-over-case',
    summary: 'Fall übergeben (mit Grund): an eine gewählte Person oder automatisch (geringste Auslastung); die neue Person wird per E-Mail informiert',
    request: { path: idPath, body: caseHandoverSchema },
    answer: { schema: handOverAnswer },
  },
  { method: 'GET', path: '/api/case-managers', functionName: 'list-case-managers', summary: 'Alle im Case-Management, auch deaktivierte, mit ihren offenen Fällen (Übergabe)', answer: { schema: caseManagersAnswer } },
  { method: 'GET', path: '/api/staff/{id}/cases', functionName: 'list-caseload', summary: 'Offene Fälle einer Person im Case-Management (Übergabe)', request: { path: idPath }, answer: { schema: caseloadCasesAnswer } },
  {
    method: 'POST',
    path: '/api/staff/{id}/handover',
    functionName: 'hand-over-caseload',
    summary: 'Alle offenen Fälle einer Person übergeben (mit Grund), je Fall eine Transaktion; wiederholbar: schon übergebene Fälle bleiben, wo sie sind',
    request: { path: idPath, body: caseloadHandoverSchema },
    answer: { schema: caseloadAnswer },
  },
  {
    method: 'POST',
    path: '/api/referrals/{id}/outcome',
    functionName: 'record-outcome',
    summary: 'Rückmeldung zu einer Vermittlung: angenommen, abgelehnt (mit kodiertem Grund), Ersttermin, abgeschlossen, nicht wahrgenommen',
    request: { path: idPath, body: ({ profile }) => outcomeSchema(profile) },
    answer: { schema: outcomeAnswer },
  },
  {
    method: 'GET',
    path: '/api/cases/{id}/record',
    functionName: 'case-record',
    summary: 'Dokumentation eines Falls: Beratungskontakte, Notizen (psychosoziale nur für das Case-Management des Falls), Ziele des Hilfeplans; seitenweise, der Zugriff wird protokolliert',
    request: { path: idPath, query: recordQuery },
  },
  {
    method: 'POST',
    path: '/api/cases/{id}/contacts',
    functionName: 'case-record',
    summary: 'Beratungskontakt erfassen (Case-Management des Falls)',
    request: { path: idPath, body: ({ profile, today }) => contactSchema(profile, today, addCalendarDays(today, -CONTACT_BACKDATE_DAYS)) },
    answer: { status: 201 },
  },
  { method: 'POST', path: '/api/cases/{id}/notes', functionName: 'case-record', summary: 'Notiz schreiben (psychosoziale Notizen nur das Case-Management des Falls)', request: { path: idPath, body: noteSchema }, answer: { status: 201 } },
  {
    method: 'POST',
    path: '/api/cases/{id}/goals',
    functionName: 'case-record',
    summary: 'Ziel des Hilfeplans vereinbaren (Case-Management des Falls)',
    request: { path: idPath, body: ({ profile, today }) => goalSchema(profile, today) },
    answer: { status: 201 },
  },
  { method: 'POST', path: '/api/cases/{id}/goals/{goalId}', functionName: 'case-record', summary: 'Ziel überprüfen: Stand, neues Zieldatum', request: { path: goalPath, body: goalReviewSchema } },
  { method: 'GET', path: '/api/gap-reports', functionName: 'list-gap-reports', summary: 'Bedarfsmeldungen (Koordination), mit `mine=true` die eigenen', request: { query: listGapReportsQuery } },
  {
    method: 'POST',
    path: '/api/gap-reports',
    functionName: 'raise-gap-report',
    summary: 'Versorgungslücke melden (ohne Bezug zu einem Fall)',
    request: { body: ({ profile }) => gapReportSchema(profile) },
    answer: { status: 201 },
  },
  {
    method: 'POST',
    path: '/api/gap-reports/{id}/review',
    functionName: 'review-gap-report',
    summary: 'Bedarfsmeldung bearbeiten: annehmen, zusammenführen, an ein Gremium geben, Ergebnis festhalten',
    request: { path: idPath, body: gapReviewSchema },
  },
  {
    method: 'GET',
    path: '/api/reports/kpi',
    functionName: 'kpi-report',
    summary: 'Kennzahlen (JSON, oder CSV mit `format=csv`)',
    request: { query: kpiQuery },
    answer: { mediaTypes: ['application/json', 'text/csv'] },
  },
  // Data subject rights and the data protection officer (core/privacy/).
  {
    method: 'GET',
    path: '/api/cases/{id}/export',
    functionName: 'export-person',
    summary: 'Auskunft (Art. 15 DSGVO): alles über die Person des Falls als JSON-Datei, mit Empfängern und übermittelten Feldern (Case-Management des Falls, Koordination; protokolliert)',
    request: { path: idPath, query: exportQuery },
  },
  { method: 'GET', path: '/api/audit', functionName: 'audit-log', summary: 'Protokoll der Zugriffe (Datenschutz): Lesen und Ändern durch Beschäftigte nach Person, Fall und Zeitraum, ohne Daten der Personen', request: { query: auditQuery } },
  { method: 'GET', path: '/api/audit/staff', functionName: 'audit-log', summary: 'Beschäftigte für den Filter des Protokolls (Datenschutz)' },
  { method: 'GET', path: '/api/processing-record', functionName: 'processing-record', summary: 'Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO), aus dem Profil erzeugt (Datenschutz, Koordination, Administration)' },
  { method: 'GET', path: '/api/bodies', functionName: 'meetings-api', summary: 'Gremien mit ihren Mitgliedern und Kalender-Abos (signierter Kalender-Link, OParl für öffentliche Gremien)' },
  { method: 'POST', path: '/api/bodies/{id}/members', functionName: 'meetings-api', summary: 'Mitglied eines Gremiums eintragen', request: { path: idPath, body: memberInput }, answer: { status: 201 } },
  { method: 'PUT', path: '/api/bodies/{id}/members/{memberId}', functionName: 'meetings-api', summary: 'Mitgliedschaft ändern', request: { path: memberPath, body: memberInput } },
  {
    method: 'GET',
    path: '/api/bodies/{id}/calendar.ics',
    functionName: 'meeting-links',
    public: true,
    summary: 'Abonnierbarer Kalender eines Gremiums (signierter Link)',
    request: { path: idPath, query: tokenQuery },
    answer: { mediaTypes: ['text/calendar'] },
  },
  { method: 'GET', path: '/api/meetings', functionName: 'meetings-api', summary: 'Sitzungen in einem Zeitraum, optional eines Gremiums', request: { query: meetingsQuery } },
  { method: 'POST', path: '/api/meetings', functionName: 'meetings-api', summary: 'Einzelsitzung eines Gremiums anlegen', request: { body: oneOffMeetingInput }, answer: { status: 201 } },
  { method: 'GET', path: '/api/meetings/{id}', functionName: 'meetings-api', summary: 'Eine Sitzung mit Einladungs- und Antwortstand', request: { path: idPath } },
  { method: 'GET', path: '/api/meetings/{id}/invite.ics', functionName: 'meetings-api', summary: 'Einladung einer Sitzung als Kalenderdatei', request: { path: idPath }, answer: { mediaTypes: ['text/calendar'] } },
  { method: 'POST', path: '/api/meetings/{id}/reschedule', functionName: 'meetings-api', summary: 'Sitzung verschieben', request: { path: idPath, body: rescheduleInput } },
  { method: 'POST', path: '/api/meetings/{id}/cancel', functionName: 'meetings-api', summary: 'Sitzung absagen', request: { path: idPath } },
  { method: 'POST', path: '/api/meetings/{id}/agenda', functionName: 'meetings-api', summary: 'Tagesordnungspunkt aufnehmen', request: { path: idPath, body: agendaItemInput } },
  { method: 'DELETE', path: '/api/meetings/{id}/agenda/{itemId}', functionName: 'meetings-api', summary: 'Tagesordnungspunkt entfernen', request: { path: agendaItemPath } },
  { method: 'POST', path: '/api/meetings/{id}/guests', functionName: 'meetings-api', summary: 'Gast einladen', request: { path: idPath, body: guestInput } },
  { method: 'DELETE', path: '/api/meetings/{id}/guests/{guestId}', functionName: 'meetings-api', summary: 'Gast ausladen (er erhält eine Absage, die anderen eine Aktualisierung)', request: { path: guestPath } },
  { method: 'GET', path: '/api/meetings/{id}/minutes', functionName: 'meetings-api', summary: 'Protokoll einer Sitzung: Entwurf, freigegebene Fassungen, offene Aufgaben', request: { path: idPath } },
  { method: 'PUT', path: '/api/meetings/{id}/minutes', functionName: 'meetings-api', summary: 'Protokollentwurf speichern (Anwesenheit, Verlauf, Beschlüsse, Aufgaben)', request: { path: idPath, body: minutesInput } },
  { method: 'POST', path: '/api/meetings/{id}/minutes/release', functionName: 'meetings-api', summary: 'Protokoll freigeben (Fassung 1) oder eine Berichtigung freigeben; es geht an alle Eingeladenen', request: { path: idPath, body: releaseInput } },
  { method: 'POST', path: '/api/meetings/{id}/actions/{actionId}/done', functionName: 'meetings-api', summary: 'Aufgabe aus einem Protokoll als erledigt vermerken', request: { path: actionPath } },
  // Jour fixe topics (core/meetings/meeting-topics.ts): proposed by case managers, accepted onto an agenda or declined by the coordination.
  { method: 'GET', path: '/api/topics', functionName: 'meetings-api', summary: 'Themenvorschläge für den Jour fixe: mit `mine=true` die eigenen, sonst (Koordination) nach Status; seitenweise', request: { query: topicsListQuery } },
  { method: 'POST', path: '/api/topics', functionName: 'meetings-api', summary: 'Thema für den Jour fixe vorschlagen (ohne Fallnummer, ohne Namen)', request: { body: proposeTopicInput }, answer: { status: 201 } },
  { method: 'GET', path: '/api/topics/gap-reports', functionName: 'meetings-api', summary: 'Geprüfte Bedarfsmeldungen, auf die ein Themenvorschlag verweisen kann' },
  { method: 'POST', path: '/api/topics/{id}/accept', functionName: 'meetings-api', summary: 'Themenvorschlag auf die Tagesordnung einer kommenden Sitzung setzen (Standard: die nächste)', request: { path: idPath, body: acceptTopicInput } },
  { method: 'POST', path: '/api/topics/{id}/decline', functionName: 'meetings-api', summary: 'Themenvorschlag mit Begründung ablehnen', request: { path: idPath, body: declineTopicInput } },
  // The RSVP pages answer every decision (bad link, cancelled, stale answer) with a page of its status.
  { method: 'GET', path: '/api/rsvp', functionName: 'meeting-links', public: true, summary: 'Antwort-Link aus einer Einladung: Seite zum Bestätigen', request: { query: tokenQuery }, answer: { mediaTypes: ['text/html'] } },
  { method: 'POST', path: '/api/rsvp', functionName: 'meeting-links', public: true, summary: 'Antwort auf eine Einladung speichern (Formular mit dem Token)', answer: { mediaTypes: ['text/html'] } },
  // The service's answer to a referral, from the referral mail's signed link (functions/referral-links/).
  { method: 'GET', path: '/api/referral-answer', functionName: 'referral-links', public: true, summary: 'Rückmelde-Link aus einer Vermittlung: Seite mit der Frage (speichert nichts)', request: { query: tokenQuery }, answer: { mediaTypes: ['text/html'] } },
  { method: 'POST', path: '/api/referral-answer', functionName: 'referral-links', public: true, summary: 'Rückmeldung der Stelle zu einer Vermittlung speichern (Formular mit dem Token)', answer: { mediaTypes: ['text/html'] } },
  { method: 'GET', path: '/api/openapi.json', functionName: 'openapi', public: true, summary: 'Diese Beschreibung der API (OpenAPI 3.1)' },
  // The OParl feed of the public bodies (core/oparl/routes.ts): read-only, no sign-in.
  ...OPARL_ROUTE_PATHS.map(
    (path): DocumentedRoute => ({ method: 'GET', path, functionName: 'oparl', public: true, summary: `OParl 1.1: ${path}`, request: { path: oparlPath, query: oparlQuery } }),
  ),
];
