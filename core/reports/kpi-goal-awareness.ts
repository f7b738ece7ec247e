/**
 * Handlungsziel 2 of the KPI report, awareness of the case management: how many municipalities it reaches and how
 * often the network meets in its bodies, with guests from other offices. Meetings count by their start, not by
 * the cohort, and concern bodies, not people's cases: they are never suppressed.
 */
import { breakdownBy, breakdownTable, entriesFor, named } from './kpi-counts.ts';
import { indicatorRow } from './kpi-indicators.ts';
import { countsUnder, KPI_COUNTERS, type KpiCounts } from './kpi-facts.ts';
import { periodContains, type KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

export function awarenessGoalSection(input: KpiReportInput, cohort: KpiCounts): KpiSection {
  const { profile, now } = input;
  const inPeriod = periodContains(input.period, profile.district.timeZone);
  const meetingsHeld = input.data.meetings.filter((m) => m.status !== 'cancelled' && inPeriod(m.start) && Date.parse(m.start) <= now.getTime());
  const bodies = named(profile.bodies);
  const withIntakes = countsUnder(cohort, KPI_COUNTERS.byMunicipality);
  const municipalitiesReached = profile.municipalities.filter((m) => (withIntakes.get(m.id) ?? 0) > 0).length;
  const guests = new Map<string, number>();
  for (const meeting of meetingsHeld) guests.set(meeting.bodyId, (guests.get(meeting.bodyId) ?? 0) + meeting.guestCount);
  return {
    id: 'goal-2',
    label: 'Handlungsziel 2: Erhöhung des Bekanntheitsgrades des Case-Managements',
    description:
      'Wie weit das Case-Management im Kreis erreicht wird (Erstaufnahmen je Kommune stehen oben) und wie oft sich das Netzwerk in den Gremien trifft, mit Gästen aus anderen Stellen.',
    tables: [
      {
        kind: 'indicators',
        id: 'goal2.indicators',
        label: 'Kennzahlen zu Handlungsziel 2',
        rows: [
          indicatorRow(
            input.export,
            { id: 'municipalitiesReached', label: 'Kommunen mit Erstaufnahmen', definition: 'Kommunen mit mindestens einer Erstaufnahme im Zeitraum, von allen Kommunen des Kreises' },
            municipalitiesReached,
            profile.municipalities.length,
            false,
          ),
        ],
      },
      breakdownBy(
        input.export,
        {
          id: 'goal2.meetingsByBody',
          label: 'Durchgeführte Sitzungen der Gremien',
          dimension: { id: 'body', label: 'Gremium' },
          unit: 'Sitzungen',
          personal: false,
          note: 'Sitzungen mit Beginn im Zeitraum und vor dem Abruf, ohne abgesagte. Gezählt werden Termine, nicht die Anwesenheit.',
        },
        bodies,
        meetingsHeld,
        (m) => m.bodyId,
      ),
      breakdownTable(
        input.export,
        {
          id: 'goal2.guestsByBody',
          label: 'Eingeladene Gäste in diesen Sitzungen',
          dimension: { id: 'body', label: 'Gremium' },
          unit: 'Gäste',
          personal: false,
          note: 'Gäste aus anderen Ämtern und Beratungsstellen (Vernetzung, Maßnahme zu 2 und 3); gezählt wird jede Einladung.',
        },
        entriesFor(bodies, [...guests.keys()]),
        guests,
        [...guests.values()].reduce((a, b) => a + b, 0),
      ),
    ],
    notComputable: [
      {
        label: 'Wie Menschen vom Case-Management erfahren haben',
        reason: 'Die Erstaufnahme fragt keinen Zugangsweg (z. B. Empfehlung durch eine Kommune, ein Amt, eine Beratungsstelle) ab.',
      },
      {
        label: 'Veranstaltungen zur Vorstellung des Case-Managements bei den Kommunen (Maßnahme zu 2)',
        reason: 'Solche Veranstaltungen werden nur erfasst, wenn sie als Sitzung eines Gremiums angelegt sind; Teilnehmende und Wirkung werden nicht erfasst.',
      },
      {
        label: 'Teilnahme an Arbeitskreisen und Veranstaltungen (Maßnahme zu 2 und 3)',
        reason: 'Erfasst sind Einladungen sowie Zu- und Absagen, nicht die tatsächliche Anwesenheit.',
      },
      {
        label: 'Entwicklung gegenüber früheren Zeiträumen',
        reason: 'Der Bericht betrachtet einen Zeitraum; zum Vergleich den Bericht für den Vorzeitraum abrufen.',
      },
    ],
  };
}
