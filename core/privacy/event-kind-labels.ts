/**
 * Each kind of case event in a few German words, without its details: what the data protection officer's audit list
 * and the access export's read audit show. The case page tells the same events as full sentences with their details
 * (web/case-history.ts); the audit view must not, because details can carry a free-text reason (a reopening, a
 * hand-over) and the officer never sees anything of the person. Browser-safe: plain data.
 */
import type { ReadKind } from '../casework/read-audit.ts';

const EVENT_KIND_LABELS: Readonly<Record<string, string>> = {
  'intake-received': 'Erstaufnahme erfasst',
  'case-read': 'Fall angesehen',
  'record-read': 'Dokumentation angesehen',
  'case-found': 'Fall in der Suche angezeigt',
  'person-exported': 'Auskunft (Art. 15 DSGVO) erstellt',
  'consent-form-printed': 'Einwilligungsformular gedruckt',
  'assessment-recorded': 'Bedarfsklärung erfasst',
  'consent-recorded': 'Einwilligung erfasst',
  'consent-revoked': 'Einwilligung widerrufen',
  'referral-added': 'Vermittlung hinzugefügt',
  'referral-replaced': 'Vermittlung an andere Stelle gegeben',
  'referral-outcome': 'Ergebnis einer Vermittlung erfasst',
  'referral-appointment': 'Ersttermin einer Vermittlung erfasst',
  'contact-logged': 'Beratungskontakt erfasst',
  'note-written': 'Notiz geschrieben',
  'goal-agreed': 'Ziel vereinbart',
  'goal-reviewed': 'Ziel überprüft',
  closed: 'Fall abgeschlossen',
  reopened: 'Fall wiedereröffnet',
  'handed-over': 'Fall übergeben',
  'case-resumed': 'Fall fortgesetzt',
  erased: 'Daten der Person gelöscht (Art. 17 DSGVO)',
  // Rectification and restriction (core/casework/correct-client.ts, restrict-case.ts).
  'client-corrected': 'Angaben zur Person berichtigt (Art. 16 DSGVO)',
  'case-restricted': 'Verarbeitung eingeschränkt (Art. 18 DSGVO)',
  'restriction-lifted': 'Einschränkung der Verarbeitung aufgehoben',
};

/** The kind's words; a kind added later without words here still shows, by its code, rather than vanishing. */
export const eventKindLabel = (kind: string): string => EVENT_KIND_LABELS[kind] ?? `Vorgang „${kind}“`;

// Every kind of read the audit writes (core/casework/read-audit.ts): the record makes the compiler name a missing one.
const READS: Readonly<Record<ReadKind, true>> = { 'case-read': true, 'record-read': true, 'case-found': true, 'person-exported': true, 'consent-form-printed': true };

/** Whether the event only read the person's data (the access export lists these as its read audit). */
export const isRead = (kind: string): boolean => Object.hasOwn(READS, kind);
