/**
 * Handlungsziel 1 of the KPI report, cooperation between the municipalities and the welfare providers: how the
 * cases are shared between them and how reliably the services answer referrals.
 */
import type { ReferralStatus } from '../cases/referral.ts';
import { breakdownBy } from './kpi-counts.ts';
import { indicatorRow } from './kpi-indicators.ts';
import type { KpiCohort, KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

const PROVIDER_KIND_LABELS: Readonly<Record<string, string>> = { welfare: 'Freie Träger', municipality: 'Kommunen' };
/** The kind of a provider the profile no longer lists. */
const UNKNOWN_KIND = 'unknown';

/** The statuses in which the service has answered a referral. */
const ANSWERED_STATUSES: readonly ReferralStatus[] = ['accepted', 'declined', 'completed', 'no-show'];

export function cooperationGoalSection(input: KpiReportInput, { cases, referrals }: KpiCohort): KpiSection {
  const providerKind = (providerId: string | undefined): string | undefined =>
    providerId === undefined ? undefined : (input.profile.providers.find((p) => p.id === providerId)?.kind ?? UNKNOWN_KIND);
  const kinds = [
    ...Object.entries(PROVIDER_KIND_LABELS).map(([id, label]) => ({ id, label })),
    ...(cases.some((c) => providerKind(c.providerId) === UNKNOWN_KIND) ? [{ id: UNKNOWN_KIND, label: 'Träger nicht mehr im Profil' }] : []),
  ];
  const sentReferrals = referrals.filter((r) => r.sentAt !== undefined);
  return {
    id: 'goal-1',
    label: 'Handlungsziel 1: Optimierung der Zusammenarbeit zwischen Kommunen und den freien Trägern',
    description: 'Wie sich die Fälle auf freie Träger und kommunales Case-Management verteilen und wie verlässlich die Stellen auf Vermittlungen antworten.',
    tables: [
      breakdownBy(
        input.export,
        { id: 'goal1.casesByProviderKind', label: 'Fälle nach Art des Trägers', dimension: { id: 'providerKind', label: 'Art des Trägers' } },
        kinds,
        cases,
        (c) => providerKind(c.providerId),
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
            sentReferrals.filter((r) => ANSWERED_STATUSES.includes(r.status)).length,
            sentReferrals.length,
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
