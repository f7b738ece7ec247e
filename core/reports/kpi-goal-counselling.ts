/**
 * Handlungsziel 3 of the KPI report, the further development of individual counselling across legal spheres:
 * how quickly people reach the case management (against working-day targets) and how often referrals lead to a
 * result and to more than one service.
 */
import { createWorkingCalendar } from '../calendar/working-days.ts';
import { indicatorRow } from './kpi-indicators.ts';
import { assessedAt, firstContactWorkingDays, type KpiCase, type KpiCohort, type KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

/** Of the cases whose event happened or whose deadline passed (`due`), those in which it happened in time. */
function timeliness(cases: readonly KpiCase[], now: Date, event: (record: KpiCase) => { readonly due: number; readonly at: number | undefined } | undefined): { readonly due: number; readonly inTime: number } {
  let due = 0;
  let inTime = 0;
  for (const record of cases) {
    const timing = event(record);
    if (timing === undefined || (timing.at === undefined && timing.due > now.getTime())) continue;
    due += 1;
    if (timing.at !== undefined && timing.at <= timing.due) inTime += 1;
  }
  return { due, inTime };
}

export function counsellingGoalSection(input: KpiReportInput, cohort: KpiCohort): KpiSection {
  const { cases } = cohort;
  const calendar = createWorkingCalendar(input.profile);
  const firstContactDays = firstContactWorkingDays(input);
  const assessmentDays = input.profile.reminders.assessmentReminderWorkingDays;
  const deadline = (from: string, days: number): number => calendar.addWorkingDays(new Date(from), days).getTime();
  const parsed = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));
  // First contact: cases told so far, and cases still untold whose deadline has passed.
  const firstContact = timeliness(cases, input.now, (record) => ({ due: deadline(record.createdAt, firstContactDays), at: parsed(record.assessmentRequestedAt) }));
  // The assessment is due only once the case manager has been told.
  const assessment = timeliness(cases, input.now, (record) =>
    record.assessmentRequestedAt === undefined ? undefined : { due: deadline(record.assessmentRequestedAt, assessmentDays), at: parsed(assessedAt(cohort, record)) },
  );
  const assessedCases = cases.filter((c) => cohort.referralsOf(c.caseId).length > 0);
  const withCompleted = assessedCases.filter((c) => cohort.referralsOf(c.caseId).some((r) => r.status === 'completed'));
  const withService = cases.filter((c) => cohort.referralsOf(c.caseId).some((r) => r.serviceId !== undefined));
  const withTwoServices = withService.filter((c) => new Set(cohort.referralsOf(c.caseId).flatMap((r) => r.serviceId ?? [])).size >= 2);
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
            withCompleted.length,
            assessedCases.length,
          ),
          indicatorRow(
            input.export,
            {
              id: 'severalServices',
              label: 'Fälle mit Vermittlungen an mindestens zwei verschiedene Stellen',
              definition:
                'Fälle mit Vermittlungen an mindestens zwei verschiedene Stellen, von allen Fällen mit mindestens einer Vermittlung an eine Stelle – eine Näherung für rechtskreisübergreifende Beratung',
            },
            withTwoServices.length,
            withService.length,
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
