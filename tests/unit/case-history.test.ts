import { describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { actorLabel, describeEvent, referralNumber, type HistoryEvent } from '../../web/case-history.ts';

const profile = publicProfile(bundledProfile());
const at = '2026-03-04T09:00:00.000Z';
const event = (kind: string, details?: HistoryEvent['details']): HistoryEvent => ({ kind, actor: 'system', at, ...(details === undefined ? {} : { details }) });

describe('the case history in German', () => {
  it('describes each event the workflow and the API write', () => {
    const referralId = 'KIM-2026-7QK3M2XD-V01';
    expect(describeEvent(event('intake-received'), profile, 'ayse-yilmaz')).toBe('Erstaufnahme eingegangen');
    expect(describeEvent(event('triaged', { focusArea: 'welcome', requested: 'welcome', eligible: true, crisis: false }), profile, 'ayse-yilmaz')).toBe('Eingeordnet: Schwerpunkt Willkommensberatung');
    expect(describeEvent(event('triaged', { focusArea: 'welcome', requested: 'psychosocial', eligible: false, crisis: true }), profile, 'ayse-yilmaz')).toBe(
      'Eingeordnet: Schwerpunkt Willkommensberatung (gewünscht war Psychosoziale Beratung, das in dieser Kommune nicht angeboten wird), Krise',
    );
    expect(describeEvent(event('assessment-recorded', { needs: 1, consents: 2 }), profile, 'ayse-yilmaz')).toBe('Einschätzung erfasst: 1 Bedarf, 2 Einwilligungen');
    expect(describeEvent(event('referral-sent', { referralId, serviceId: 'familienbildung', fields: 'name,languages,phone' }), profile, 'ayse-yilmaz')).toBe(
      'Vermittlung V01 an Familienbildungsstätte verschickt; übermittelt: Name, Sprachen und Telefon',
    );
    expect(describeEvent(event('referral-gap', { referralId, needCategory: 'housing' }), profile, 'ayse-yilmaz')).toBe('Vermittlung V01: keine passende Stelle für „Wohnen“ – als Lücke gemeldet');
    expect(describeEvent(event('referral-outcome', { referralId, outcome: 'no-show' }), profile, 'ayse-yilmaz')).toBe('Vermittlung V01: Ergebnis „Nicht wahrgenommen“ erfasst');
    expect(describeEvent(event('consent-revoked', { serviceId: 'job-com' }), profile, 'ayse-yilmaz')).toBe('Einwilligung für job-com Kreis Düren (Jobcenter) widerrufen');
    expect(describeEvent(event('closed', { retentionDays: 1095 }), profile, 'ayse-yilmaz')).toBe('Fall abgeschlossen; die Daten werden nach 1095 Tagen gelöscht');
    expect(describeEvent(event('needs-attention', { step: 'Assign' }), profile, 'ayse-yilmaz')).toMatch(/^Klärung nötig: der Arbeitsschritt „Assign“/);
  });

  it('says when a notice\'s mail is unconfirmed after a crash, and only then', () => {
    expect(describeEvent(event('case-manager-notified', { caseManagerId: 'ayse-yilmaz', mail: 'unconfirmed' }), profile, 'ayse-yilmaz')).toBe(
      'Case-Management per E-Mail benachrichtigt (Versand der E-Mail nicht bestätigt: technische Störung; sie wird nicht erneut verschickt)',
    );
    expect(describeEvent(event('goal-reminder-sent', { goalId: 'Z01', mail: 'unconfirmed' }), profile, 'ayse-yilmaz')).toMatch(/\(Versand der E-Mail nicht bestätigt: technische Störung; sie wird nicht erneut verschickt\)$/);
    expect(describeEvent(event('assessment-reminder-sent', {}), profile, 'ayse-yilmaz')).toBe('Erinnerung an die ausstehende Einschätzung verschickt');
  });

  it('names the coded decline reason and the service that answered through its link', () => {
    const referralId = 'KIM-2026-7QK3M2XD-V01';
    const byService = (kind: string, details: HistoryEvent['details']): HistoryEvent => ({ ...event(kind, details), actor: 'service:familienbildung' });
    expect(describeEvent(byService('referral-outcome', { referralId, outcome: 'declined', reasonCode: 'no-capacity' }), profile, 'ayse-yilmaz')).toBe(
      'Vermittlung V01: Ergebnis „Abgelehnt“ (Grund: keine Kapazität) von Familienbildungsstätte über den Rückmelde-Link gemeldet',
    );
    expect(describeEvent(byService('referral-outcome', { referralId, outcome: 'accepted', firstAppointment: true }), profile, 'ayse-yilmaz')).toBe(
      'Vermittlung V01: Ergebnis „Angenommen“ mit Ersttermin von Familienbildungsstätte über den Rückmelde-Link gemeldet',
    );
    expect(describeEvent(event('referral-appointment', { referralId }), profile, 'ayse-yilmaz')).toBe('Vermittlung V01: Ersttermin erfasst');
    expect(describeEvent(event('referral-outcome', { referralId, outcome: 'declined', reasonCode: 'other' }), profile, 'ayse-yilmaz')).toBe('Vermittlung V01: Ergebnis „Abgelehnt“ (Grund: sonstiges) erfasst');
  });

  it('has a sentence for every kind of event in the code base', () => {
    const kinds = [
      'intake-received', 'triaged', 'waiting-list', 'assigned', 'case-manager-notified', 'assessment-reminder-sent', 'assessment-escalated',
      'assessment-recorded', 'referral-sent', 'referral-gap', 'referral-held-no-consent', 'referral-reminder-sent', 'referral-escalated',
      'referral-outcome', 'referral-stopped', 'consent-revoked', 'monitoring', 'closed', 'needs-attention', 'workflow-resumed', 'case-read',
      'referral-sent-unconfirmed', 'referral-service-told', 'referral-appointment', 'case-found',
    ];
    for (const kind of kinds) expect(describeEvent(event(kind), profile, 'ayse-yilmaz')).not.toBe(kind);
  });

  it('says how a search showed the case (the audit of the case search)', () => {
    expect(describeEvent(event('case-found', { by: 'name' }), profile, 'ayse-yilmaz')).toBe('Fall in der Suche nach Name und Geburtsdatum angezeigt');
    expect(describeEvent(event('case-found', { by: 'case-number' }), profile, 'ayse-yilmaz')).toBe('Fall in der Suche nach der Fallnummer angezeigt');
  });

  it('never says "Einschätzung gespeichert": that is the message after saving, found on the page exactly once', () => {
    expect(describeEvent(event('assessment-recorded', { needs: 2, consents: 1 }), profile, 'ayse-yilmaz')).not.toContain('gespeichert');
  });

  it('shows an unknown event by its kind rather than hiding it, and a kind without a sentence in the audit view’s words', () => {
    expect(describeEvent(event('something-new'), profile, 'ayse-yilmaz')).toBe('Vorgang „something-new“');
    expect(describeEvent(event('person-exported', { format: 'json' }), profile, 'ayse-yilmaz')).toBe('Auskunft (Art. 15 DSGVO) erstellt');
  });

  it('addresses the reader where the event names them', () => {
    const assigned = (caseManagerId: string): HistoryEvent => event('assigned', { caseManagerId, providerId: 'traeger-a' });
    expect(describeEvent(assigned('ayse-yilmaz'), profile, 'ayse-yilmaz')).toBe('Ihnen zugewiesen – Freier Träger A (Platzhalter)');
    expect(describeEvent(assigned('ayse-yilmaz'), profile, 'sabine-kraemer')).toBe('Zugewiesen an ayse-yilmaz – Freier Träger A (Platzhalter)');
  });

  it('names who did it', () => {
    expect(actorLabel('system', 'ayse-yilmaz')).toBe('System');
    expect(actorLabel('ayse-yilmaz', 'ayse-yilmaz')).toBe('Sie');
    expect(actorLabel('sabine-kraemer', 'ayse-yilmaz')).toBe('sabine-kraemer');
    expect(actorLabel('service:integrationskurs', 'ayse-yilmaz')).toBe('Stelle, über den Rückmelde-Link');
  });

  it('shortens referral ids to their number', () => {
    expect(referralNumber('KIM-2026-7QK3M2XD-V12')).toBe('V12');
    expect(referralNumber('odd')).toBe('odd');
  });
});
