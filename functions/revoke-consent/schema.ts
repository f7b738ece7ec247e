/** The request schema of revoke-consent (path and query parameters arrive as strings). */
import * as z from 'zod';

export const consentPath = z.object({ id: z.string(), consentId: z.string() });
