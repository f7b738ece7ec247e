/**
 * The KPI report as CSV for Excel with German settings and for the Land's own tools: one long ("tidy") table,
 * one figure per line, every line self-describing (district and period in each), so files of several periods or
 * districts can be stacked. Columns:
 *
 *   Kreis;Von;Bis;Abschnitt;Kennzahl-ID;Kennzahl;Dimension;Ausprägung-ID;Ausprägung;Wert;Einheit;Hinweis
 *
 * - separator `;` and decimal comma ("2,5"), as Excel expects under German regional settings; otherwise RFC 4180
 *   (core/reports/csv.ts: CRLF, quoting, UTF-8 with BOM, formula injection neutralised);
 * - a breakdown gives one line per value and one for "Insgesamt" (Ausprägung-ID `total`); a duration three lines
 *   (Fälle, Median, 90. Perzentil); a share three lines (Zähler, Nenner, Anteil in Prozent);
 * - Wert is empty when there is nothing to compute from ("keine Daten" in Hinweis), "<5" or "x" when suppressed in
 *   an export (Hinweis says which); the ids (Kennzahl-ID, Ausprägung-ID) stay the same across reports.
 */
import { toCsv, type CsvValue } from './csv.ts';
import type { KpiReport, KpiValue } from './kpi-report.ts';

export const KPI_CSV_HEADER = ['Kreis', 'Von', 'Bis', 'Abschnitt', 'Kennzahl-ID', 'Kennzahl', 'Dimension', 'Ausprägung-ID', 'Ausprägung', 'Wert', 'Einheit', 'Hinweis'] as const;

function hint(value: KpiValue): string {
  if (value.suppressed === 'primary') return 'gesperrt: Anzahl zwischen 1 und 4';
  if (value.suppressed === 'secondary') return 'gesperrt, damit sich gesperrte Anzahlen nicht zurückrechnen lassen';
  return value.value === null ? 'keine Daten' : '';
}

/** The CSV's Wert: the report's German text, or empty when there is no value and nothing was suppressed. */
const cell = (value: KpiValue): string => (value.value === null && value.suppressed === undefined ? '' : value.text);

export function kpiCsvRecords(report: KpiReport): CsvValue[][] {
  const records: CsvValue[][] = [[...KPI_CSV_HEADER]];
  const line = (section: string, id: string, label: string, dimension: string, keyId: string, key: string, value: KpiValue, unit: string): void => {
    records.push([report.district, report.period.from, report.period.to, section, id, label, dimension, keyId, key, cell(value), unit, hint(value)]);
  };
  for (const section of report.sections) {
    for (const table of section.tables) {
      switch (table.kind) {
        case 'counts':
          for (const row of [...table.rows, ...(table.total === undefined ? [] : [table.total])]) {
            line(section.label, table.id, table.label, table.dimension.label, row.id, row.label, row, table.unit);
          }
          break;
        case 'durations':
          for (const row of table.rows) {
            const id = `${table.id}.${row.id}`;
            const label = `${table.label} ${row.label}`;
            line(section.label, id, label, 'Lagemaß', 'cases', 'Fälle', row.cases, 'Anzahl');
            line(section.label, id, label, 'Lagemaß', 'median', 'Median', row.median, table.unit);
            line(section.label, id, label, 'Lagemaß', 'p90', '90. Perzentil', row.p90, table.unit);
          }
          break;
        case 'indicators':
          for (const row of table.rows) {
            const id = `${table.id}.${row.id}`;
            line(section.label, id, row.label, 'Größe', 'numerator', 'Zähler', row.numerator, 'Anzahl');
            line(section.label, id, row.label, 'Größe', 'denominator', 'Nenner', row.denominator, 'Anzahl');
            line(section.label, id, row.label, 'Größe', 'percent', 'Anteil', row.percent, 'Prozent');
          }
          break;
      }
    }
  }
  return records;
}

export const kpiCsv = (report: KpiReport): string => toCsv(kpiCsvRecords(report), { separator: ';', bom: true });

/** `kennzahlen-2026-01-01-bis-2026-03-31[-export].csv` */
export const kpiCsvFileName = (report: KpiReport): string => `kennzahlen-${report.period.from}-bis-${report.period.to}${report.export ? '-export' : ''}.csv`;
