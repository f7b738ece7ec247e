/** The answer of caseload (GET /api/caseload, coordinators only). */
import * as z from 'zod';
import { OPEN_STAGES, type OpenStage } from '../../core/casework/caseload-overview.ts';

const count = z.int().min(0);
// An object with every open stage (a record over an enum becomes a JSON Schema without its properties).
const byStage = z.object(Object.fromEntries(OPEN_STAGES.map((stage) => [stage, count])) as Record<OpenStage, typeof count>);

export const caseloadOverviewAnswer = z.object({
  caseManagers: z.array(
    z.object({
      staffId: z.string(),
      name: z.string(),
      providerId: z.string(),
      openCases: count,
      byStage,
      parked: count,
      awaitingAssessment: count,
      assessmentOverdue: count,
      referralOverdue: count,
      crisis: count,
      needsAction: z.array(z.string()),
      /** The person has left and still owns these open cases: to be handed over. */
      leftAt: z.string().optional(),
    }),
  ),
  waitingList: count,
});
export type CaseloadOverviewAnswer = z.output<typeof caseloadOverviewAnswer>;
