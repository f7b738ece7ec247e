/**
 * Handlungsziel 3 of the KPI report, the further development of individual counselling across legal spheres:
 * how quickly people reach the case management (against working-day targets) and how often referrals lead to a
 * result and to more than one service.
 */
import { localDate } from '../calendar/local-date.ts';
import { kpiCalendarOf, workingDaysLag } from './kpi-calendar.ts';
import { countsUnder, KPI_COUNTERS, type KpiCounts } from './kpi-facts.ts';
import { indicatorRow } from './kpi-indicators.ts';
import { firstContactWorkingDays, type KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

/** `done.<lag>` or `open.<start day>`. */
const TIMELY_COUNTER = /^(?:done\.(\d+)|open\.(\d{4}-\d{2}-\d{2}))$/;

/**
 * Of the cases whose event happened or whose deadline passed (`due`), those in which it happened in time, from
 * counters `done.<lag in working days>` and `open.<start day>` (core/reports/kpi-facts.ts): an event on the
 * deadline's day is in time (lag ≤ target), and a case still open counts as due from the day after its deadline's
 * day — when today's lag from its start day is past the target (the same rule, kpi-calendar.ts).
 */
function timeliness(counts: ReadonlyMap<string, number>, workingDays: number, lagUntilToday: (startDay: string) => number): { readonly due: number; readonly inTime: number } {
  let due = 0;
  let inTime = 0;
  for (const [key, n] of counts) {
    const counter = TIMELY_COUNTER.exec(key);
    // Counters of another shape (an earlier version's, before `npm run backfill`) would count wrongly: an error.
    if (counter === null) throw new Error(`KPI counter of an unknown shape: ${key} (npm run backfill rebuilds the counters)`);
    const [, lag, startDay = ''] = counter;
    if (lag === undefined) {
      if (lagUntilToday(startDay) > workingDays) due += n;
      continue;
    }
    due += n;
    if (Number(lag) <= workingDays) inTime += n;
  }
  return { due, inTime };
}

export function counsellingGoalSection(input: KpiReportInput, cohort: KpiCounts): KpiSection {
  const calendar = kpiCalendarOf(input.profile);
  const firstContactDays = firstContactWorkingDays(input);
  const assessmentDays = input.profile.reminders.assessmentReminderWorkingDays;
  const today = localDate(input.now, calendar.timeZone);
  // Counted only as far as the target: past it is all "due" needs to know (an open case from two years ago costs a
  // few days of counting, not two years' — there is one such counter per start day of the period).
  const lagUntilToday = (days: number) => (startDay: string) => workingDaysLag(calendar, startDay, today, days + 1);
  // First contact: cases told so far, and cases still untold whose deadline has passed.
  const firstContact = timeliness(countsUnder(cohort, KPI_COUNTERS.firstContactTimely), firstContactDays, lagUntilToday(firstContactDays));
  // The assessment is due only once the case manager has been told.
  const assessment = timeliness(countsUnder(cohort, KPI_COUNTERS.assessmentTimely), assessmentDays, lagUntilToday(assessmentDays));
  const count = (key: string): number => cohort.get(key) ?? 0;
  return {
    id: 'goal-3',
    label: 'Handlungsziel 3: Qualitative und quantitative Weiterentwicklung der individuellen, rechtskreisübergreifenden Beratung',
    description: 'Wie schnell Menschen ins Case-Management kommen und wie oft Vermittlungen zu einem Ergebnis und über mehrere Stellen hinweg führen.',
    tables: [
      {
        kind: 'indicators',
        id: 'goal3.indicators',
        label: 'Kennzahlen zu Handlungsziel 3',
        rows: [
          indicatorRow(
            input.export,
            {
              id: 'firstContactInTime',
              label: `Erstkontakt innerhalb von ${firstContactDays} Arbeitstagen`,
              definition: `Fälle, deren Case-Managerin bzw. Case-Manager spätestens ${firstContactDays} Arbeitstage nach der Erstaufnahme benachrichtigt wurde, von allen Fällen, bei denen das geschehen ist oder die Frist abgelaufen ist`,
            },
            firstContact.inTime,
            firstContact.due,
          ),
          indicatorRow(
            input.export,
            {
              id: 'assessmentInTime',
              label: `Einschätzung innerhalb von ${assessmentDays} Arbeitstagen nach der Benachrichtigung`,
              definition: `Fälle mit Einschätzung spätestens ${assessmentDays} Arbeitstage nach der Benachrichtigung (Erinnerungsfrist des Profils), von allen benachrichtigten Fällen, bei denen die Einschätzung vorliegt oder die Frist abgelaufen ist`,
            },
            assessment.inTime,
            assessment.due,
          ),
          indicatorRow(
            input.export,
            {
              id: 'completedReferral',
              label: 'Fälle mit mindestens einer abgeschlossenen Vermittlung',
              definition: 'Fälle mit mindestens einer Vermittlung im Ergebnis „abgeschlossen“, von allen Fällen mit Einschätzung (mindestens eine Vermittlung)',
            },
            count(KPI_COUNTERS.assessedWithCompleted),
            count(KPI_COUNTERS.assessed),
          ),
          indicatorRow(
            input.export,
            {
              id: 'severalServices',
              label: 'Fälle mit Vermittlungen an mindestens zwei verschiedene Stellen',
              definition:
                'Fälle mit Vermittlungen an mindestens zwei verschiedene Stellen, von allen Fällen mit mindestens einer Vermittlung an eine Stelle – eine Näherung für rechtskreisübergreifende Beratung',
            },
            count(KPI_COUNTERS.withTwoServices),
            count(KPI_COUNTERS.withService),
          ),
        ],
      },
    ],
    notComputable: [
      {
        label: 'Rechtskreisübergreifende Beratung im engeren Sinn',
        reason:
          'Der Katalog der Stellen hält den Rechtskreis (SGB II, SGB III, SGB VIII, SGB XII, AsylbLG, AufenthG …) nicht fest; „mindestens zwei verschiedene Stellen“ ist nur eine Näherung.',
      },
      {
        label: 'Qualität der Beratung (Zufriedenheit, Wirkung für die Person)',
        reason: 'KIM Flow erfasst keine Rückmeldungen der beratenen Personen und keine Wirkungsmessung.',
      },
      {
        label: 'Umfang der Beratung (Zahl und Dauer der Beratungsgespräche)',
        reason: 'Gespräche und Begleitungen werden nicht als Termine oder Kontakte erfasst, nur Zuweisung, Einschätzung, Vermittlungen und Abschluss.',
      },
    ],
  };
}
