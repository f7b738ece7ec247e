/**
 * The KPI report's waiting list: the cases on it now (whatever their intake date) and the entries in the period.
 */
import { figuresTable } from './kpi-counts.ts';
import { GAP_COUNTERS } from './kpi-facts.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

export function waitingListSection(input: KpiReportInput): KpiSection {
  const { data } = input;
  return {
    id: 'waitingList',
    label: 'Warteliste',
    description: 'Fälle, für die beim Zuweisen keine Case-Managerin und kein Case-Manager frei war.',
    tables: [
      figuresTable(
        input.export,
        {
          id: 'waitingList',
          label: 'Warteliste',
          dimension: { id: 'figure', label: 'Kennzahl' },
          note: 'Aufnahmen werden nach dem Tag der Lückenmeldung „Warteliste“ gezählt, die bei jeder Aufnahme auf die Warteliste entsteht.',
        },
        [
          { id: 'current', label: 'derzeit auf der Warteliste (alle Fälle, Stand beim Abruf)', count: data.waitingListNow },
          {
            id: 'entriesInPeriod',
            label: 'Aufnahmen auf die Warteliste im Zeitraum',
            count: data.gapCounts.inPeriod.get(`${GAP_COUNTERS.reported}waiting-list`) ?? 0,
          },
        ],
      ),
    ],
  };
}
