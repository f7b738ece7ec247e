/**
 * Demo staff and body members for `npm start` only. A deployment gets its people from the district, never from
 * here; to make an accidental mail to a real person impossible, every address must use a reserved example domain.
 */
import '../validation/zod-german.ts';
import * as z from 'zod';
import { STAFF_ROLES } from '../identity/roles.ts';
import { staffRuleIssues } from '../staff/staff-rules.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { ProfileError } from './load-profile.ts';
import { FOCUS_AREA_IDS, slugSchema } from './schema.ts';
import type { DistrictProfile } from './schema.ts';


/** Demo data that cannot be used: same German message format as the profile, different headline. */
export class DemoDataError extends ProfileError {
  override name = 'DemoDataError';
}

/** Reserved by RFC 2606/6761, so no message can reach a real mailbox: *.example, *.invalid, *.test, example.com|net|org. */
const RESERVED_DOMAIN = /@(?:[a-z0-9-]+\.)*(?:[a-z0-9-]+\.(?:example|invalid|test)|example\.(?:com|net|org))$/i;

const demoEmailSchema = z
  .email('muss eine gültige E-Mail-Adresse sein')
  .regex(RESERVED_DOMAIN, 'Demo-Daten dürfen nur reservierte Beispieladressen verwenden (…@traeger-a.example, …@example.org, ….invalid)');

const isoDate = z.iso.date('muss ein Datum im Format JJJJ-MM-TT sein');
const text = z.string().trim().min(1, 'darf nicht leer sein');

const staffSchema = z.strictObject({
  id: slugSchema,
  name: text,
  email: demoEmailSchema,
  role: z.enum(STAFF_ROLES),
  /** Employer; required for case managers so intake can assign by provider coverage. */
  providerId: slugSchema.optional(),
  /** Case managers only: the focus areas this person works in. */
  focusAreas: z.array(z.enum(FOCUS_AREA_IDS)).min(1, 'mindestens ein Schwerpunkt').optional(),
});

const memberSchema = z.strictObject({
  id: slugSchema,
  bodyId: slugSchema,
  name: text,
  email: demoEmailSchema,
  roleId: slugSchema,
  from: isoDate,
  to: isoDate.optional(),
});

export const demoDataSchema = z.strictObject({
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  staff: z.array(staffSchema),
  members: z.array(memberSchema),
});

export type DemoData = z.infer<typeof demoDataSchema>;
export type StaffMember = DemoData['staff'][number];
export type BodyMember = DemoData['members'][number];

/**
 * The same person (by e-mail address) twice in one body at overlapping times: they would get every invitation twice.
 * The demo data may not hold such a pair, nor may the coordination enter one (core/meetings/memberships.ts).
 */
export function membershipsOverlap(a: Pick<BodyMember, 'bodyId' | 'email' | 'from' | 'to'>, b: Pick<BodyMember, 'bodyId' | 'email' | 'from' | 'to'>): boolean {
  return a.bodyId === b.bodyId && a.email.toLowerCase() === b.email.toLowerCase() && a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');
}

type Ctx = z.core.$RefinementCtx<DemoData>;

function checkUnique(ctx: Ctx, section: 'staff' | 'members', values: readonly string[], field: string): void {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) ctx.addIssue({ code: 'custom', path: [section, i, field], message: `„${value}“ ist doppelt vergeben` });
  });
}

function checkStaff(data: DemoData, profile: DistrictProfile, ctx: Ctx): void {
  checkUnique(ctx, 'staff', data.staff.map((s) => s.id), 'id');
  checkUnique(ctx, 'staff', data.staff.map((s) => s.email.toLowerCase()), 'email');
  // The same rules `npm run staff` applies in AWS (core/staff/staff-rules.ts).
  data.staff.forEach((person, i) => {
    for (const issue of staffRuleIssues(person, profile)) ctx.addIssue({ code: 'custom', path: ['staff', i, ...issue.path], message: issue.message });
  });
}

function checkMembers(data: DemoData, profile: DistrictProfile, ctx: Ctx): void {
  checkUnique(ctx, 'members', data.members.map((m) => m.id), 'id');
  data.members.forEach((member, i) => {
    const add = (field: string, message: string): void => {
      ctx.addIssue({ code: 'custom', path: ['members', i, field], message });
    };
    const body = profile.bodies.find((b) => b.id === member.bodyId);
    if (body === undefined) add('bodyId', `„${member.bodyId}“ ist kein Gremium des Profils`);
    else if (!body.memberRoles.some((role) => role.id === member.roleId))
      add('roleId', `„${member.roleId}“ ist keine Mitgliedsrolle von „${body.id}“ (erlaubt: ${body.memberRoles.map((r) => r.id).join(', ')})`);
    if (member.to !== undefined && member.to < member.from) add('to', `Ende ${member.to} liegt vor Beginn ${member.from}`);

    if (data.members.slice(0, i).some((other) => membershipsOverlap(other, member))) add('email', `ist im Gremium „${member.bodyId}“ im selben Zeitraum bereits Mitglied`);
  });
}

export function parseDemoData(raw: unknown, profile: DistrictProfile, source: string): DemoData {
  const schema = demoDataSchema.superRefine((data, ctx) => {
    checkStaff(data, profile, ctx);
    checkMembers(data, profile, ctx);
  });
  const result = schema.safeParse(raw);
  if (!result.success) throw new DemoDataError('Die Demo-Daten sind ungültig', source, formatIssues(result.error.issues));
  return result.data;
}
