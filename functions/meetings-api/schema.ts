/** The request schemas of the meetings API (path and query parameters arrive as strings). */
import * as z from 'zod';

export const memberPath = z.object({ id: z.string(), memberId: z.string() });
export const agendaItemPath = z.object({ id: z.string(), itemId: z.string() });
export const guestPath = z.object({ id: z.string(), guestId: z.string() });
export const actionPath = z.object({ id: z.string(), actionId: z.string() });
export const meetingsQuery = z.object({ from: z.string().optional(), to: z.string().optional(), body: z.string().optional() });
/** GET /api/topics: checked in core (core/meetings/topic-inputs.ts topicsQuery), so the errors name the field in German. */
export const topicsListQuery = z.object({ status: z.string().optional(), mine: z.string().optional(), cursor: z.string().optional(), limit: z.string().optional() });
