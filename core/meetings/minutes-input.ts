/**
 * The inputs of the minutes (minutes-admin.ts), apart so the route table (functions/api-routes.ts) describes the API
 * with the schemas the use cases parse with. Ids of new decisions and action items are given by the server.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { safeText } from '../intake/text-rules.ts';
import { isoDate } from './meeting-inputs.ts';

const version = z.int().min(1);
const id = z.string().regex(/^[a-z0-9-]{1,80}$/i, { error: 'ist keine gültige Kennung' });
const email = z.email({ error: 'muss eine gültige E-Mail-Adresse sein' }).max(254);

/** At most this many action items per minutes: a release writes each in one transaction of at most 100 items. */
export const MAX_ACTION_ITEMS = 60;

const decisionInput = z.strictObject({ decisionId: id.optional(), text: safeText({ maxBytes: 2000, multiline: true }) });

const actionItemInput = z.strictObject({
  actionId: id.optional(),
  what: safeText({ maxBytes: 1000, multiline: true }),
  ownerEmail: email,
  due: isoDate,
});

const minutesItemInput = z.strictObject({
  itemId: id,
  /** Left out when nothing was noted. */
  discussion: safeText({ maxBytes: 4000, multiline: true }).optional(),
  decisions: z.array(decisionInput).max(20, { error: 'höchstens 20 Beschlüsse je Tagesordnungspunkt' }).default([]),
  actionItems: z.array(actionItemInput).max(20, { error: 'höchstens 20 Aufgaben je Tagesordnungspunkt' }).default([]),
});

/** PUT /api/meetings/{id}/minutes: the whole draft, conditional on the version the page showed. */
export const minutesInput = z.strictObject({
  /** The draft's version the page showed; 0 for a draft not saved yet (two first saves at once: one wins). */
  version: z.int().min(0),
  attendance: z.array(z.strictObject({ email, present: z.boolean() })).max(200),
  items: z
    .array(minutesItemInput)
    .max(60)
    .refine((items) => items.reduce((sum, item) => sum + item.actionItems.length, 0) <= MAX_ACTION_ITEMS, { error: `höchstens ${String(MAX_ACTION_ITEMS)} Aufgaben je Protokoll` }),
});
export type MinutesInput = z.infer<typeof minutesInput>;

/** POST /api/meetings/{id}/minutes/release. */
export const releaseInput = z.strictObject({
  version,
  correctionNote: safeText({ maxBytes: 1000, multiline: true }).optional(),
});
