/**
 * How to read the KPI report, in German at its head: the basis, what first contact means, the methods, that it
 * holds no personal data, the export's suppression, and that the counts outlive the retention period.
 */
import { firstContactWorkingDays, germanDate, type KpiReportInput } from './kpi-input.ts';

export function reportNotes(input: KpiReportInput): string[] {
  const { profile, period } = input;
  const retentionDays = profile.retention.caseClosedDays;
  return [
    `Grundlage sind alle Fälle mit Erstaufnahme vom ${germanDate(period.from)} bis ${germanDate(period.to)} (Tage nach Ortszeit ${profile.district.timeZone}), mit Stand, Vermittlungen und Ergebnissen zum Zeitpunkt des Abrufs. Ausnahmen nennt die jeweilige Tabelle.`,
    'Erstkontakt: gemessen wird die Benachrichtigung der zuständigen Case-Managerin bzw. des Case-Managers nach der Zuweisung – das erste Ereignis nach der Erstaufnahme, mit dem der Fall bei einer Person des Case-Managements liegt. Ein erstes Gespräch mit der Person selbst erfasst KIM Flow nicht.',
    `Zeiten in Kalendertagen; Median und 90. Perzentil (Nearest-Rank-Verfahren). Fristen werden nach Kalendertagen verglichen: ein Ereignis am Tag des Fristendes gilt als rechtzeitig. Arbeitstage (Erstkontakt innerhalb von ${firstContactWorkingDays(input)}, Einschätzung innerhalb von ${profile.reminders.assessmentReminderWorkingDays} Arbeitstagen) zählen nach den Bürozeiten, Feiertagen und Schließtagen des Profils.`,
    'Der Bericht enthält keine personenbezogenen Daten: keine Namen, keine Fallnummern, keine Freitexte.',
    ...(input.export
      ? [
          'Export für das Land: Anzahlen von 1 bis 4 sind gesperrt („<5“). Damit sie sich nicht aus Summen zurückrechnen lassen, sind in derselben Aufschlüsselung weitere Felder gesperrt („x“). Anteile und Zeiten, die auf gesperrten Anzahlen beruhen, sind ebenfalls gesperrt. Zahlen von Sitzungen und Gästen der Gremien betreffen keine Fälle und werden nicht gesperrt.',
        ]
      : []),
    `Die Zahlen werden beim Bearbeiten der Fälle gezählt und bleiben erhalten, wenn abgeschlossene Fälle nach ${retentionDays} Tagen gelöscht werden (Löschfrist). Fälle, die schon vor Einführung dieser Zählung gelöscht waren, fehlen.`,
  ];
}
