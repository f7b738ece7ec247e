/**
 * Handlungsziel 1 of the KPI report, cooperation between the municipalities and the welfare providers: how the
 * cases are shared between them and how reliably the services answer referrals.
 */
import { breakdownOfCounts } from './kpi-counts.ts';
import { countsUnder, KPI_COUNTERS, NONE, type KpiCounts } from './kpi-facts.ts';
import { indicatorRow } from './kpi-indicators.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

const PROVIDER_KIND_LABELS: Readonly<Record<string, string>> = { welfare: 'Freie Träger', municipality: 'Kommunen' };
/** The kind of a provider the profile no longer lists. */
const UNKNOWN_KIND = 'unknown';

export function cooperationGoalSection(input: KpiReportInput, cohort: KpiCounts): KpiSection {
  const providerKind = (providerId: string): string => (providerId === NONE ? NONE : (input.profile.providers.find((p) => p.id === providerId)?.kind ?? UNKNOWN_KIND));
  const byKind = new Map<string, number>();
  for (const [providerId, n] of countsUnder(cohort, KPI_COUNTERS.byProvider)) byKind.set(providerKind(providerId), (byKind.get(providerKind(providerId)) ?? 0) + n);
  const kinds = [
    ...Object.entries(PROVIDER_KIND_LABELS).map(([id, label]) => ({ id, label })),
    ...(byKind.has(UNKNOWN_KIND) ? [{ id: UNKNOWN_KIND, label: 'Träger nicht mehr im Profil' }] : []),
  ];
  return {
    id: 'goal-1',
    label: 'Handlungsziel 1: Optimierung der Zusammenarbeit zwischen Kommunen und den freien Trägern',
    description: 'Wie sich die Fälle auf freie Träger und kommunales Case-Management verteilen und wie verlässlich die Stellen auf Vermittlungen antworten.',
    tables: [
      breakdownOfCounts(
        input.export,
        { id: 'goal1.casesByProviderKind', label: 'Fälle nach Art des Trägers', dimension: { id: 'providerKind', label: 'Art des Trägers' } },
        kinds,
        byKind,
        cohort.get(KPI_COUNTERS.cases) ?? 0,
        'noch keinem Träger zugewiesen',
      ),
      {
        kind: 'indicators',
        id: 'goal1.indicators',
        label: 'Kennzahlen zu Handlungsziel 1',
        rows: [
          indicatorRow(
            input.export,
            {
              id: 'responseRate',
              label: 'Rückmeldequote der Stellen',
              definition: 'Versandte Vermittlungen, zu denen ein Ergebnis erfasst ist (angenommen, abgelehnt, abgeschlossen, nicht erschienen), von allen versandten Vermittlungen',
            },
            cohort.get(KPI_COUNTERS.sentAnswered) ?? 0,
            cohort.get(KPI_COUNTERS.sent) ?? 0,
          ),
        ],
      },
    ],
    notComputable: [
      {
        label: 'Kooperationen zwischen Case-Management, freien Trägern und Kommunen (Maßnahme zu 1)',
        reason: 'Vereinbarungen und gemeinsame Formate werden in KIM Flow nicht erfasst; ein Fall hat genau einen Träger, gemeinsame Fallarbeit mehrerer Träger ist nicht abgebildet.',
      },
    ],
  };
}
