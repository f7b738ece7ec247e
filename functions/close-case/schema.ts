/** The answer of close-case. */
import * as z from 'zod';

/** `expiresAt`: when the case's data are deleted, in seconds since 1970 (DynamoDB's TTL). */
export const closeAnswer = z.object({ closedAt: z.iso.datetime(), expiresAt: z.int() });
export type CloseAnswer = z.output<typeof closeAnswer>;
