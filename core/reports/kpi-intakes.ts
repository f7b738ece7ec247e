/**
 * The KPI report's intakes and cases: the cohort broken down by requested and assigned focus area, municipality,
 * provider and stage. Every breakdown adds up to the same total, the number of intakes in the period.
 */
import { CASE_STAGES } from '../cases/case.ts';
import { STAGE_LABELS } from '../cases/case-labels.ts';
import { breakdownOfCounts, named } from './kpi-counts.ts';
import { countsUnder, KPI_COUNTERS, type KpiCounts } from './kpi-facts.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

export function intakeSection(input: KpiReportInput, cohort: KpiCounts): KpiSection {
  const { profile } = input;
  const total = cohort.get(KPI_COUNTERS.cases) ?? 0;
  const rows = (prefix: string) => countsUnder(cohort, prefix);
  const focusAreas = named(profile.focusAreas);
  return {
    id: 'intakes',
    label: 'Erstaufnahmen und Fälle',
    description:
      'Alle Fälle, deren Erstaufnahme im Zeitraum liegt, mit ihrem Stand beim Abruf. Jede Erstaufnahme ist ein Fall; die Tabellen zerlegen dieselbe Gesamtzahl nach verschiedenen Merkmalen.',
    tables: [
      breakdownOfCounts(
        input.export,
        { id: 'intakes.byRequestedFocusArea', label: 'Erstaufnahmen nach gewünschtem Schwerpunkt', dimension: { id: 'requestedFocusArea', label: 'Schwerpunkt (gewünscht)' } },
        focusAreas,
        rows(KPI_COUNTERS.byRequestedFocusArea),
        total,
      ),
      breakdownOfCounts(
        input.export,
        { id: 'cases.byFocusArea', label: 'Fälle nach Schwerpunkt (nach der Einordnung)', dimension: { id: 'focusArea', label: 'Schwerpunkt' } },
        focusAreas,
        rows(KPI_COUNTERS.byFocusArea),
        total,
        'noch nicht eingeordnet',
      ),
      breakdownOfCounts(
        input.export,
        { id: 'cases.byMunicipality', label: 'Erstaufnahmen (Fälle) nach Kommune', dimension: { id: 'municipality', label: 'Kommune' } },
        named(profile.municipalities),
        rows(KPI_COUNTERS.byMunicipality),
        total,
      ),
      breakdownOfCounts(
        input.export,
        { id: 'cases.byProvider', label: 'Fälle nach Träger des Case-Managements', dimension: { id: 'provider', label: 'Träger' } },
        named(profile.providers),
        rows(KPI_COUNTERS.byProvider),
        total,
        'noch keinem Träger zugewiesen',
      ),
      breakdownOfCounts(
        input.export,
        { id: 'cases.byStage', label: 'Fälle nach Bearbeitungsstand beim Abruf', dimension: { id: 'stage', label: 'Stand' } },
        CASE_STAGES.map((stage) => ({ id: stage, label: STAGE_LABELS[stage] })),
        rows(KPI_COUNTERS.byStage),
        total,
      ),
    ],
  };
}
