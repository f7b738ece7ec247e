/** The request schema of revoke-consent (path and query parameters arrive as strings) and its answer. */
import * as z from 'zod';

export const consentPath = z.object({ id: z.string(), consentId: z.string() });

export const revokeAnswer = z.object({ stoppedReferrals: z.array(z.string()) });
export type RevokeAnswer = z.output<typeof revokeAnswer>;
