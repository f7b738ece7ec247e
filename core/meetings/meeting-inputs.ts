/**
 * The inputs of the meeting administration (core/meetings/meeting-admin.ts). Apart from the use cases so the route
 * table (functions/api-routes.ts) can describe the API with the very schemas the use cases parse with.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { personName, safeText } from '../intake/text-rules.ts';

export const isoDate = z.iso.date({ error: 'muss ein Datum im Format JJJJ-MM-TT sein' });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'muss eine Uhrzeit im Format HH:MM sein' });
const email = z.email({ error: 'muss eine gültige E-Mail-Adresse sein' }).max(254);

/** POST /api/meetings/{id}/reschedule. */
export const rescheduleInput = z.strictObject({ date: isoDate, time, location: safeText({ maxBytes: 300 }).optional() });

/** POST /api/meetings: a one-off meeting of a body. */
export const oneOffMeetingInput = z.strictObject({
  bodyId: z.string().max(80),
  title: safeText({ maxBytes: 500 }),
  date: isoDate,
  time,
  durationMinutes: z.int().min(15, { error: 'mindestens 15 Minuten' }).max(480, { error: 'höchstens 8 Stunden' }),
  location: safeText({ maxBytes: 300 }).optional(),
});

/** POST /api/meetings/{id}/agenda. */
export const agendaItemInput = z.strictObject({ title: safeText({ maxBytes: 2000, multiline: true }) });

/** POST /api/meetings/{id}/guests. */
export const guestInput = z.strictObject({ name: personName(), email, topic: safeText({ maxBytes: 500 }).optional() });

/** POST /api/bodies/{id}/members and PUT …/members/{memberId}; the role is checked against the body's roles. */
export const memberInput = z.strictObject({ name: personName(), email, roleId: z.string().max(80), from: isoDate, to: isoDate.optional() });
