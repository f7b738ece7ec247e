/**
 * The KPI report's figures of the case record (issue 14): counselling contacts by form, with interpreter, per case
 * and month; the time from intake to the support plan; closure reasons; how the goals ended. Read from the counters
 * the record's writes keep per day (core/counselling/record-counts.ts), so this section costs a few Queries per month
 * of the period, not a read per case. Its basis is therefore the day of each event in the period (the contact, the
 * first goal, the closure) — not the cohort of intakes the other sections count; the section says so.
 * Psychosocial notes are never counted, and nothing here is text.
 */
import { CONTACT_FORM_LABELS, CONTACT_FORMS, GOAL_STATUS_LABELS, FINAL_GOAL_STATUSES } from '../counselling/record.ts';
import { COUNT_KEYS, COUNT_PREFIXES, SUPPORT_PLAN_DAY_CLASSES } from '../counselling/record-counts.ts';
import { breakdownTable, entriesFor, figuresTable, named } from './kpi-counts.ts';
import { indicatorRow } from './kpi-indicators.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiCountTable, KpiDurationRow, KpiSection } from './kpi-tables.ts';
import { countValue, decimalValue } from './kpi-values.ts';
import { suppressCount } from './suppression.ts';

/** The counters of the period's days, summed per counter. */
function totals(input: KpiReportInput): ReadonlyMap<string, number> {
  const sums = new Map<string, number>();
  for (const counter of input.data.recordCounters ?? []) {
    if (counter.day < input.period.from || counter.day > input.period.to) continue;
    sums.set(counter.key, (sums.get(counter.key) ?? 0) + counter.n);
  }
  return sums;
}

/** Rows keyed `<prefix><id>`, as a map by id. */
function byPrefix(sums: ReadonlyMap<string, number>, prefix: string): Map<string, number> {
  return new Map([...sums].filter(([key]) => key.startsWith(prefix)).map(([key, n]) => [key.slice(prefix.length), n]));
}

const sumOf = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

/**
 * Median and 90th percentile from the classes the days were counted in: the upper bound of the class that holds the
 * rank (nearest rank) — exact to the class, e.g. "bis 14 Tage"; the open class above the last bound has no bound.
 */
function classDurationRow(exporting: boolean, classes: ReadonlyMap<string, number>): KpiDurationRow {
  const bounds: (number | 'more')[] = [...SUPPORT_PLAN_DAY_CLASSES, 'more'];
  const counts = bounds.map((bound) => classes.get(String(bound)) ?? 0);
  const cases = sumOf(counts);
  const rankBound = (p: number): number | undefined => {
    if (cases === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * cases));
    let seen = 0;
    for (const [i, bound] of bounds.entries()) {
      seen += counts[i] ?? 0;
      if (seen >= rank) return bound === 'more' ? undefined : bound;
    }
    return undefined;
  };
  const suppressed = exporting ? suppressCount(cases) : undefined;
  return {
    id: 'supportPlan',
    label: 'bis zum Hilfeplan (erstes vereinbartes Ziel)',
    endEvent: `erstes Ziel des Hilfeplans vereinbart; gezählt in Klassen bis ${SUPPORT_PLAN_DAY_CLASSES.join(', ')} Tage und darüber: angegeben ist die Obergrenze der Klasse („–“ über ${String(SUPPORT_PLAN_DAY_CLASSES.at(-1))} Tagen)`,
    cases: countValue(cases, suppressed),
    median: decimalValue(rankBound(50), suppressed),
    p90: decimalValue(rankBound(90), suppressed),
  };
}

function contactFigures(input: KpiReportInput, sums: ReadonlyMap<string, number>, contacts: number): KpiCountTable {
  const caseMonths = sums.get(COUNT_KEYS.caseMonthsWithContact) ?? 0;
  const figures = figuresTable(input.export, { id: 'record.contactFigures', label: 'Beratungskontakte: weitere Zahlen', dimension: { id: 'figure', label: 'Kennzahl' } }, [
    { id: 'withInterpreter', label: 'Kontakte mit Dolmetschung', count: sums.get(COUNT_KEYS.contactsWithInterpreter) ?? 0 },
    { id: 'minutes', label: 'Beratungszeit in Minuten', count: sums.get(COUNT_KEYS.contactMinutes) ?? 0 },
    { id: 'caseMonths', label: 'Fälle mit Kontakt (je Kalendermonat gezählt)', count: caseMonths },
  ]);
  // A mean over the case-months: hidden in an export with the count it rests on.
  const hidden = input.export ? suppressCount(caseMonths) : undefined;
  const perCase = { id: 'perCaseMonth', label: 'Kontakte je Fall und Monat (Durchschnitt)', ...decimalValue(caseMonths === 0 ? undefined : contacts / caseMonths, hidden) };
  return { ...figures, rows: [...figures.rows, perCase] };
}

export function recordSection(input: KpiReportInput): KpiSection {
  const sums = totals(input);
  const contactsByForm = byPrefix(sums, COUNT_PREFIXES.contactsByForm);
  const contacts = sumOf(contactsByForm.values());
  const closures = byPrefix(sums, COUNT_PREFIXES.closuresByReason);
  const finals = byPrefix(sums, COUNT_PREFIXES.goalsByFinalStatus);
  const finalGoals = sumOf(finals.values());
  const forms = CONTACT_FORMS.map((form) => ({ id: form, label: CONTACT_FORM_LABELS[form] }));
  const statuses = FINAL_GOAL_STATUSES.map((status) => ({ id: status, label: GOAL_STATUS_LABELS[status] }));
  return {
    id: 'record',
    label: 'Beratung und Hilfeplan',
    description:
      'Aus der Falldokumentation, nach dem Tag des Ereignisses im Zeitraum (nicht nach dem Tag der Erstaufnahme wie die Abschnitte oben): Beratungskontakte nach Form, die Zeit von der Erstaufnahme bis zum ersten Ziel des Hilfeplans, Abschlussgründe und wie die Ziele beim Abschluss ausgegangen sind. Psychosoziale Notizen werden nie ausgewertet.',
    tables: [
      breakdownTable(input.export, { id: 'record.contactsByForm', label: 'Beratungskontakte nach Form', dimension: { id: 'form', label: 'Form' } }, entriesFor(forms, contactsByForm.keys()), contactsByForm, contacts),
      contactFigures(input, sums, contacts),
      {
        kind: 'durations',
        id: 'record.timeToSupportPlan',
        label: 'Tage ab der Erstaufnahme bis zum Hilfeplan',
        unit: 'Tage',
        rows: [classDurationRow(input.export, byPrefix(sums, COUNT_PREFIXES.supportPlanByClass))],
      },
      breakdownTable(
        input.export,
        { id: 'record.closuresByReason', label: 'Abgeschlossene Fälle nach Abschlussgrund', dimension: { id: 'reason', label: 'Abschlussgrund' } },
        entriesFor(named(input.profile.closureReasons), closures.keys()),
        closures,
        sumOf(closures.values()),
      ),
      breakdownTable(input.export, { id: 'record.goalsByStatus', label: 'Ziele abgeschlossener Fälle nach Ergebnis', dimension: { id: 'status', label: 'Ergebnis' } }, entriesFor(statuses, finals.keys()), finals, finalGoals),
      {
        kind: 'indicators',
        id: 'record.goalShares',
        label: 'Zielerreichung beim Abschluss',
        rows: [
          indicatorRow(input.export, { id: 'goalsAchieved', label: 'Anteil erreichter Ziele', definition: 'erreichte Ziele von allen Zielen der im Zeitraum abgeschlossenen Fälle' }, finals.get('achieved') ?? 0, finalGoals),
          indicatorRow(
            input.export,
            { id: 'goalsAtLeastPartly', label: 'Anteil erreichter oder teilweise erreichter Ziele', definition: 'erreichte und teilweise erreichte Ziele von allen Zielen der im Zeitraum abgeschlossenen Fälle' },
            (finals.get('achieved') ?? 0) + (finals.get('partly-achieved') ?? 0),
            finalGoals,
          ),
        ],
      },
    ],
  };
}
