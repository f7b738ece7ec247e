/** The request and answer schemas of list-cases (path and query parameters arrive as strings). */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';
import { CASE_LIST_MAX_LIMIT } from '../../core/cases/case-list.ts';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listCasesQuery = z.object({
  stage: z.string().optional(),
  municipality: z.string().max(100).optional(),
  caseManager: z.string().max(200).optional(),
  needsAttention: flag.optional(),
  overdue: flag.optional(),
  /** The `next` of the previous page, as it came. */
  cursor: z.string().max(4000).optional(),
  limit: z.coerce.number().int().min(1).max(CASE_LIST_MAX_LIMIT).optional(),
});

const at = z.iso.datetime();

export const listCasesAnswer = z.object({
  cases: z
    .array(
      z.object({
        caseId: z.string(),
        stage: z.enum(CASE_STAGES),
        municipalityId: z.string(),
        requestedFocusArea: z.string(),
        focusArea: z.string().optional(),
        crisis: z.boolean(),
        attention: z.object({ step: z.string(), at }).optional(),
        caseManagerId: z.string().optional(),
        providerId: z.string().optional(),
        createdAt: at,
        updatedAt: at,
        assessmentRequestedAt: at.optional(),
        assessmentReminderSentAt: at.optional(),
        assessmentEscalatedAt: at.optional(),
        closedAt: at.optional(),
        expiresAt: z.int().optional(),
        restrictedAt: at.optional(),
        erasedAt: at.optional(),
      }),
    )
    .max(CASE_LIST_MAX_LIMIT),
  total: z.int().min(0),
  next: z.string().optional(),
});
