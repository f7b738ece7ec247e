/** The request schema of meeting-links (path and query parameters arrive as strings). */
import * as z from 'zod';

// The signed token of an RSVP link or a calendar-feed URL; core checks it and tells a missing one from a bad one.
export const tokenQuery = z.object({ token: z.string().optional() });
