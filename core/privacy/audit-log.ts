/**
 * The data protection officer's audit view (GET /api/audit): the events by people — reads and changes of personal
 * data — filtered by the person who acted, the case and a period; each line says when, who (id, name, role), which
 * case and what kind of event in German words. Never client data, never an event's details (a reason given in free
 * text could name the person). Only the role `dpo` may read it; the dpo role reads no client data anywhere.
 *
 * The store answers from the audit indexes (core/adapters/dynamo-audit-log.ts); this module checks the query: a
 * period is required, at most twelve months, so every answer reads a bounded number of month partitions.
 */
import * as z from 'zod';
import { addCalendarDays } from '../calendar/local-date.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { CASE_ID_PATTERN } from '../cases/case.ts';
import type { Clock } from '../clock.ts';
import type { PageRequest } from '../counselling/ports.ts';
import type { Page } from '../counselling/record.ts';
import { validationFailed } from '../errors.ts';
import { requireRole, type Caller } from '../identity/caller.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { StaffDirectory } from '../staff/ports.ts';
import { formatIssues } from '../validation/format-issues.ts';
import '../validation/zod-german.ts';
import { eventKindLabel } from './event-kind-labels.ts';
import { actorName, staffById, type ActorName } from './staff-names.ts';

/** What the store is asked: ISO instants `from` (inclusive) to `to` (exclusive), and the UTC months they touch, newest first. */
export interface AuditQuery {
  readonly actor?: string;
  readonly caseId?: string;
  readonly from: string;
  readonly to: string;
  readonly months: readonly string[];
  /** Epoch seconds: events past their retention (`expiresAt`) are gone for the audit too, though TTL deletes late. */
  readonly now: number;
}

/** One event by a person, as the index holds it: ids and the kind only. */
export interface AuditEvent {
  readonly at: string;
  readonly caseId: string;
  readonly actor: string;
  readonly kind: string;
}

export interface AuditLog {
  /** Newest first; `next` continues after the page (validation error when the cursor was not made for this query). */
  read(query: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>>;
}

export interface AuditDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly staff: Pick<StaffDirectory, 'list'>;
}

export const AUDIT_PAGE_SIZE = 50;
const MAX_MONTHS = 12;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = (field: string) =>
  z
    .string({ error: `bitte das ${field} angeben` })
    .regex(DATE, 'muss ein Datum im Format JJJJ-MM-TT sein')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'ist kein gültiges Datum');

export const auditQuerySchema = z
  .strictObject({
    actor: z.string().trim().min(1).max(200).optional(),
    case: z.string().trim().regex(CASE_ID_PATTERN, 'muss eine Fallnummer wie „KIM-2026-7QK3M2XD“ sein').optional(),
    from: date('Anfangsdatum'),
    to: date('Enddatum'),
    cursor: z.string().max(2000).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.to < query.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'darf nicht vor dem Anfangsdatum liegen' });
    else if (query.to > lastDayOfPeriod(query.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: `der Zeitraum darf höchstens ${String(MAX_MONTHS)} Monate umfassen` });
  });
export type AuditQueryInput = z.input<typeof auditQuerySchema>;

/** The last day of twelve months from `from`: 2026-03-15 → 2027-03-14. */
function lastDayOfPeriod(from: string): string {
  const [year = 0, month = 1, day = 1] = from.split('-').map(Number);
  const sameDayNextYear = new Date(Date.UTC(year + 1, month - 1, day));
  // 29 February has no day next year: Date.UTC rolls it to 1 March, one day after 28 February.
  return addCalendarDays(sameDayNextYear.toISOString().slice(0, 10), -1);
}

/** The UTC months (`YYYY-MM`) from the month of `to`'s last instant back to `from`'s. */
function monthsBetween(from: string, to: string): string[] {
  const last = new Date(Date.parse(to) - 1);
  const months: string[] = [];
  for (let cursor = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 1)); cursor.toISOString() >= from.slice(0, 7); cursor.setUTCMonth(cursor.getUTCMonth() - 1)) {
    months.push(cursor.toISOString().slice(0, 7));
  }
  return months;
}

export interface AuditEntry {
  readonly at: string;
  readonly caseId: string;
  readonly kind: string;
  readonly kindLabel: string;
  readonly by: ActorName;
}

export interface AuditAnswer {
  readonly entries: readonly AuditEntry[];
  readonly next?: string;
}

/** GET /api/audit: one page of people's events, for the data protection officer only. */
export async function readAuditLog(deps: AuditDependencies, caller: Caller, raw: unknown): Promise<AuditAnswer> {
  requireRole(caller, 'dpo');
  const parsed = auditQuerySchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const input = parsed.data;
  const { timeZone } = deps.profile.district;
  const from = zonedInstant(input.from, '00:00', timeZone).toISOString();
  const to = zonedInstant(addCalendarDays(input.to, 1), '00:00', timeZone).toISOString();
  const query: AuditQuery = {
    ...(input.actor === undefined ? {} : { actor: input.actor }),
    ...(input.case === undefined ? {} : { caseId: input.case }),
    from,
    to,
    months: monthsBetween(from, to),
    now: Math.floor(deps.clock.now().getTime() / 1000),
  };
  const [page, staff] = await Promise.all([
    deps.audit.read(query, { limit: AUDIT_PAGE_SIZE, ...(input.cursor === undefined ? {} : { cursor: input.cursor }) }),
    deps.staff.list(),
  ]);
  const people = staffById(staff);
  return {
    entries: page.items.map((event) => ({ at: event.at, caseId: event.caseId, kind: event.kind, kindLabel: eventKindLabel(event.kind), by: actorName(event.actor, people, deps.profile) })),
    ...(page.next === undefined ? {} : { next: page.next }),
  };
}

/** GET /api/audit/staff: the people the officer can filter by — every staff member, those who left included. */
export async function auditStaff(deps: Pick<AuditDependencies, 'staff' | 'profile'>, caller: Caller): Promise<{ staff: ActorName[] }> {
  requireRole(caller, 'dpo');
  const staff = await deps.staff.list();
  const people = staffById(staff);
  return { staff: staff.map((person) => actorName(person.id, people, deps.profile)).sort((a, b) => a.name.localeCompare(b.name, 'de')) };
}
