/**
 * The case history in German sentences. The API hands out each event's kind, actor and a few details (never
 * personal data); this turns them into what a case manager or coordinator reads. Browser-safe and DOM-free.
 */
import type { CaseDetail } from '../core/casework/read-cases.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { attentionReason } from '../core/cases/attention-labels.ts';
import { correctedFieldNames } from '../core/casework/correct-client-fields.ts';
import { dataFieldList, isCaseStage, labelOf, OUTCOME_LABELS } from './case-labels.ts';
import { describeRecordEvent } from './case-record-history.ts';
import { eventKindLabel } from '../core/privacy/event-kind-labels.ts';
import { SERVICE_ACTOR } from '../core/privacy/staff-names.ts';
import { nameIn } from './public-profile.ts';
import { ERASURE_BASIS_LABELS, isErasureBasis } from '../core/privacy/erase-basis.ts';

export type HistoryEvent = CaseDetail['history'][number];

/** The referral's short number: "KIM-2026-7QK3M2XD-V01" → "V01". */
export function referralNumber(referralId: string): string {
  return /-(V\d{2})$/.exec(referralId)?.[1] ?? referralId;
}

/** Who did it: the workflow, a service by its answer link, the reader themself, or the person's id (the API gives no names of staff). */
export function actorLabel(actor: string, callerId: string): string {
  if (actor === 'system') return 'System';
  if (actor.startsWith(SERVICE_ACTOR)) return 'Stelle, über den Rückmelde-Link';
  return actor === callerId ? 'Sie' : actor;
}

function text(event: HistoryEvent, key: string): string {
  const value = event.details?.[key];
  return value === undefined ? '' : String(value);
}

/** "erfasst", or who answered when the service did it through its link. */
function answeredBy(event: HistoryEvent, profile: PublicProfile): string {
  if (!event.actor.startsWith(SERVICE_ACTOR)) return 'erfasst';
  return `von ${nameIn(profile.services, event.actor.slice(SERVICE_ACTOR.length))} über den Rückmelde-Link gemeldet`;
}

function count(n: string, one: string, many: string): string {
  return `${n} ${n === '1' ? one : many}`;
}

/**
 * The event as a sentence; `callerId` is the reader, addressed as "Sie"/"Ihnen" where the event names them. A notice
 * whose mail a crash left unconfirmed (core/mail/notice-ledger.ts) says so.
 */
export function describeEvent(event: HistoryEvent, profile: PublicProfile, callerId: string): string {
  const sentence = eventSentence(event, profile, callerId);
  return event.details?.mail === 'unconfirmed' ? `${sentence} (Versand der E-Mail nicht bestätigt: technische Störung; sie wird nicht erneut verschickt)` : sentence;
}

function eventSentence(event: HistoryEvent, profile: PublicProfile, callerId: string): string {
  const referral = referralNumber(text(event, 'referralId'));
  const service = nameIn(profile.services, text(event, 'serviceId'));
  switch (event.kind) {
    case 'intake-received':
      return 'Erstaufnahme eingegangen';
    case 'triaged': {
      const area = nameIn(profile.focusAreas, text(event, 'focusArea'));
      const requested = nameIn(profile.focusAreas, text(event, 'requested'));
      const rerouted = event.details?.eligible === false ? ` (gewünscht war ${requested}, das in dieser Kommune nicht angeboten wird)` : '';
      return `Eingeordnet: Schwerpunkt ${area}${rerouted}${event.details?.crisis === true ? ', Krise' : ''}`;
    }
    case 'waiting-list':
      return 'Auf die Warteliste gesetzt: zurzeit ist im Case-Management kein Platz frei; die Koordination ist informiert';
    case 'assigned': {
      const manager = text(event, 'caseManagerId');
      const provider = nameIn(profile.providers, text(event, 'providerId'));
      return manager === callerId ? `Ihnen zugewiesen – ${provider}` : `Zugewiesen an ${manager} – ${provider}`;
    }
    case 'case-manager-notified':
      return 'Case-Management per E-Mail benachrichtigt';
    case 'assessment-reminder-sent':
      return 'Erinnerung an die ausstehende Einschätzung verschickt';
    case 'assessment-escalated':
      return 'Einschätzung überfällig: an die Koordination gemeldet';
    case 'assessment-recorded':
      return `Einschätzung erfasst: ${count(text(event, 'needs'), 'Bedarf', 'Bedarfe')}, ${count(text(event, 'consents'), 'Einwilligung', 'Einwilligungen')}`;
    case 'referral-sent': {
      const fields = text(event, 'fields');
      return `Vermittlung ${referral} an ${service} verschickt${fields === '' ? '' : `; übermittelt: ${dataFieldList(fields.split(','))}`}`;
    }
    case 'referral-sent-unconfirmed':
      return `Vermittlung ${referral} an ${service}: Versand begonnen, Bestätigung fehlt (technische Störung); sie wird nicht erneut verschickt – die Erinnerung an die Stelle zeigt, ob sie angekommen ist`;
    case 'referral-gap':
      return `Vermittlung ${referral}: keine passende Stelle für „${nameIn(profile.needCategories, text(event, 'needCategory'))}“ – als Lücke gemeldet`;
    case 'referral-held-no-consent':
      return `Vermittlung ${referral} an ${service} zurückgehalten: keine Einwilligung`;
    case 'referral-reminder-sent':
      return `Vermittlung ${referral}: Erinnerung an die Stelle verschickt`;
    case 'referral-escalated':
      return `Vermittlung ${referral}: keine Rückmeldung der Stelle, an die Koordination gemeldet`;
    case 'referral-outcome': {
      const code = text(event, 'reasonCode');
      const why = code === '' ? '' : ` (Grund: ${nameIn(profile.referralDeclineReasons, code)})`;
      const appointment = event.details?.firstAppointment === true ? ' mit Ersttermin' : '';
      return `Vermittlung ${referral}: Ergebnis „${labelOf(OUTCOME_LABELS, text(event, 'outcome'))}“${why}${appointment} ${answeredBy(event, profile)}`;
    }
    case 'referral-appointment':
      return `Vermittlung ${referral}: Ersttermin ${answeredBy(event, profile)}`;
    case 'referral-stopped':
      return `Vermittlung ${referral} gestoppt: Einwilligung widerrufen`;
    case 'consent-recorded': {
      const released = text(event, 'released');
      const going = released === '' || released === '0' ? '' : `; ${count(released, 'zurückgehaltene Vermittlung geht', 'zurückgehaltene Vermittlungen gehen')} jetzt hinaus`;
      return `Einwilligung für ${service} nachträglich erfasst${going}`;
    }
    case 'referral-released':
      return `Vermittlung ${referral} an ${service}: Einwilligung liegt jetzt vor, sie wird verschickt`;
    case 'referral-added':
    case 'referral-replaced': {
      const need = nameIn(profile.needCategories, text(event, 'needCategory'));
      const to = text(event, 'serviceId') === '' ? 'ohne passende Stelle' : `an ${service}`;
      const replaces = event.kind === 'referral-replaced' ? ` statt der abgelehnten Vermittlung ${referralNumber(text(event, 'replaces'))}` : '';
      return `Vermittlung ${referral} für „${need}“ ${to} hinzugefügt${replaces}`;
    }
    case 'referral-service-told':
      return `Vermittlung ${referral}: ${service} gebeten, die erhaltenen Daten nicht mehr zu verwenden`;
    // Erasure (Art. 17, core/privacy/erase-person.ts): the page of an erased case shows its tombstone, the audit these.
    case 'erased': {
      const basis = text(event, 'basis');
      return `Daten der Person gelöscht (Art. 17 DSGVO, ${isErasureBasis(basis) ? ERASURE_BASIS_LABELS[basis].short : basis})`;
    }
    case 'referral-erasure-told':
      return `Vermittlung ${referral}: ${service} über die Löschung benachrichtigt (Art. 19 DSGVO)`;
    case 'erasure-done':
      return 'Löschung abgeschlossen';
    case 'consent-revoked':
      return `Einwilligung für ${service} widerrufen`;
    case 'monitoring':
      return 'Alle Vermittlungen haben eine Rückmeldung: der Fall ist in der Begleitung';
    case 'closed': {
      // Closures before the evaluation carry no reason.
      const reason = text(event, 'reason') === '' ? '' : ` – ${nameIn(profile.closureReasons, text(event, 'reason'))}`;
      const goals = text(event, 'goals');
      const evaluation = goals === '' || goals === '0' ? '' : `, ${text(event, 'goalsAchieved')} von ${count(goals, 'Ziel', 'Zielen')} erreicht`;
      return `Fall abgeschlossen${reason}${evaluation}; die Daten werden nach ${count(text(event, 'retentionDays'), 'Tag', 'Tagen')} gelöscht`;
    }
    case 'reopened':
      return `Fall wiedereröffnet: „${text(event, 'reason')}“`;
    case 'handed-over': {
      // Staff appear by id (the API gives no names of staff); the reader themself as "Ihnen"/"Sie".
      const to = text(event, 'to');
      const from = text(event, 'from');
      const provider = nameIn(profile.providers, text(event, 'providerId'));
      const how = event.details?.choice === 'auto' ? ' (automatisch: geringste Auslastung)' : '';
      const target = to === callerId ? `Sie – ${provider}` : `${to} – ${provider}`;
      return `Fall übergeben von ${from === callerId ? 'Ihnen' : from} an ${target}${how}: „${text(event, 'reason')}“`;
    }
    case 'needs-attention': {
      // Events written before the stage was recorded name the step by its id only.
      const stage = text(event, 'stage');
      return isCaseStage(stage)
        ? `Klärung nötig: ${attentionReason(stage, text(event, 'step'))} Die Koordination ist informiert.`
        : `Klärung nötig: der Arbeitsschritt „${text(event, 'step')}“ ist endgültig fehlgeschlagen; die Koordination ist informiert`;
    }
    case 'workflow-resumed':
      return 'Ablauf nach einem Neustart fortgesetzt';
    case 'case-resumed':
      return `Fortgesetzt von ${actorLabel(event.actor, callerId)}: der Fall läuft ab seiner Phase weiter`;
    case 'workflow-restarted':
      return 'Ablauf neu gestartet: die vorige Ausführung war beendet (tägliche Prüfung)';
    case 'workflow-renewed':
      return 'Ablauf erneuert, bevor die Ausführung ihre Höchstdauer von einem Jahr erreicht (tägliche Prüfung)';
    case 'case-read':
      return 'Fall angesehen';
    case 'case-found':
      return event.details?.by === 'name' ? 'Fall in der Suche nach Name und Geburtsdatum angezeigt' : 'Fall in der Suche nach der Fallnummer angezeigt';
    case 'client-corrected': {
      // Which fields, never their values (Art. 16 DSGVO; core/casework/correct-client.ts).
      const focusArea = text(event, 'focusArea');
      const route = focusArea === '' ? '' : `; Schwerpunkt jetzt ${nameIn(profile.focusAreas, focusArea)} (in der Kommune nicht angeboten)`;
      return `Daten berichtigt: ${correctedFieldNames(text(event, 'fields'))}${route}`;
    }
    // The ground of a restriction is for the data protection officer only (core/casework/restrict-case-input.ts).
    case 'case-restricted':
      return 'Verarbeitung eingeschränkt (Art. 18 DSGVO): der Fall war gesperrt';
    case 'restriction-lifted':
      return 'Einschränkung der Verarbeitung aufgehoben: der Fall läuft ab seiner Phase weiter';
    default:
      // Kinds without a sentence of their own (an export, a printed form, …) in the audit view's words.
      return describeRecordEvent(event, profile) ?? eventKindLabel(event.kind);
  }
}
