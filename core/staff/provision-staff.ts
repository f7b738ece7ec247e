/**
 * Provisioning staff in AWS (`npm run staff`): the sign-in account and the staff item, tied together by the
 * account's sub, which is the `userId` every API request carries. Each step is safe to repeat, so a run that
 * stopped halfway (account created, item not yet written) is finished by running the same command again.
 */
import '../validation/zod-german.ts';
import * as z from 'zod';
import type { Clock } from '../clock.ts';
import { ROLE_LABELS, STAFF_ROLES } from '../identity/roles.ts';
import { FOCUS_AREA_IDS, type DistrictProfile } from '../profile/schema.ts';
import { formatIssues, type FieldError } from '../validation/format-issues.ts';
import type { Identity, IdentityDirectory, StaffDirectory, StaffEntry, StaffRecord } from './ports.ts';
import { staffRuleIssues } from './staff-rules.ts';

export interface StaffProvisioning {
  readonly identities: IdentityDirectory;
  readonly staff: StaffDirectory;
  readonly profile: Pick<DistrictProfile, 'providers'>;
  readonly clock: Pick<Clock, 'now'>;
}

/** Input that cannot be used, or that contradicts what already exists; each error names its field. */
export class StaffInputError extends Error {
  override name = 'StaffInputError';
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super(`Ungültige Angaben: ${fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  }
}

/** A missing value reads "fehlt"; zod's generic type message would only confuse someone who left out an option. */
const unlessMissing =
  (message: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'fehlt' : message;

// Cognito compares sign-in addresses case-insensitively (signInCaseSensitive: false), so one spelling is kept.
const emailSchema = z
  .string({ error: unlessMissing('muss eine E-Mail-Adresse sein') })
  .trim()
  .toLowerCase()
  .pipe(z.email('muss eine gültige E-Mail-Adresse sein'));

const addSchema = z.strictObject({
  email: emailSchema,
  name: z.string({ error: unlessMissing('muss ein Name sein') }).trim().min(1, 'darf nicht leer sein').max(200, 'darf höchstens 200 Zeichen lang sein'),
  role: z.enum(STAFF_ROLES, { error: unlessMissing(`muss eine der Rollen ${STAFF_ROLES.join(', ')} sein`) }),
  providerId: z.string().trim().min(1, 'darf nicht leer sein').optional(),
  focusAreas: z
    .array(z.enum(FOCUS_AREA_IDS, { error: `muss einer der Schwerpunkte ${FOCUS_AREA_IDS.join(', ')} sein` }))
    .min(1, 'mindestens ein Schwerpunkt')
    .transform((areas) => [...new Set(areas)])
    .optional(),
});

export type AddStaffInput = z.output<typeof addSchema>;

function parsed<T>(result: z.ZodSafeParseResult<T>): T {
  if (!result.success) throw new StaffInputError(formatIssues(result.error.issues));
  return result.data;
}

/** The person to add, checked against the profile as the assignment needs it (provider, focus areas it offers). */
export function parseAddStaffInput(raw: unknown, profile: Pick<DistrictProfile, 'providers'>): AddStaffInput {
  const schema = addSchema.superRefine((person, ctx) => {
    for (const issue of staffRuleIssues(person, profile)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  });
  return parsed(schema.safeParse(raw));
}

export function parseEmailInput(raw: unknown): string {
  return parsed(z.strictObject({ email: emailSchema }).safeParse(raw)).email;
}

export interface AddStaffResult {
  readonly sub: string;
  readonly account: 'created' | 'existing';
  readonly staffItem: 'created' | 'updated' | 'unchanged';
}

const entryOf = ({ version: _version, openCases: _openCases, outdatedItem: _outdated, ...entry }: StaffRecord): StaffEntry => entry;

const comparable = (entry: StaffEntry): string =>
  JSON.stringify([entry.id, entry.name, entry.email, entry.role, entry.providerId ?? null, entry.focusAreas ?? null, entry.disabledAt ?? null]);

/**
 * Role and provider decide what a person may see (groups, `custom:providerId` in every token) and where their open
 * cases are counted, so this command never changes them on an existing person; it only adds, or completes an add.
 */
function contradictions(input: AddStaffInput, identity: Identity, existing: StaffRecord | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (!identity.enabled) errors.push({ field: 'email', message: `das Konto ${input.email} ist deaktiviert; „add“ aktiviert es nicht wieder` });
  if (existing !== undefined && existing.role !== input.role) {
    errors.push({
      field: 'role',
      message: `${input.email} ist bereits als ${ROLE_LABELS[existing.role]} (${existing.role}) angelegt; die Rolle lässt sich mit „add“ nicht ändern`,
    });
  }
  const recorded = new Set([identity.providerId, ...(existing === undefined ? [] : [existing.providerId])]);
  if ([...recorded].some((providerId) => providerId !== input.providerId)) {
    const shown = [...recorded].map((providerId) => (providerId === undefined ? 'keiner' : `„${providerId}“`)).join(' / ');
    errors.push({ field: 'providerId', message: `${input.email} ist bereits angelegt (Träger: ${shown}); der Träger lässt sich mit „add“ nicht ändern` });
  }
  return errors;
}

/**
 * Creates the account (Cognito mails the temporary password) and the staff item keyed by its sub. Run again with
 * the same e-mail it reuses the account, makes sure of the group, and updates name or focus areas in the item.
 */
export async function addStaff(deps: StaffProvisioning, input: AddStaffInput): Promise<AddStaffResult> {
  const { email, name, role, providerId, focusAreas } = input;
  const identity = await deps.identities.createUser({ email, name, group: role, ...(providerId === undefined ? {} : { providerId }) });
  const existing = await deps.staff.get(identity.sub);
  const errors = contradictions(input, identity, existing);
  if (errors.length > 0) throw new StaffInputError(errors);
  // A new account was created in its group; an existing one may have missed it (a run that stopped halfway).
  if (!identity.created) await deps.identities.addToGroup(email, role);

  const entry: StaffEntry = {
    id: identity.sub,
    name,
    email,
    role,
    ...(providerId === undefined ? {} : { providerId }),
    ...(focusAreas === undefined ? {} : { focusAreas }),
  };
  const result = { sub: identity.sub, account: identity.created ? 'created' : 'existing' } as const;
  // An outdated item is written again even so: that is how it gets the table's current keys (items/staff-item.ts).
  if (existing !== undefined && existing.outdatedItem !== true && comparable(entryOf(existing)) === comparable(entry)) return { ...result, staffItem: 'unchanged' };
  // An item marked inactive while the account was enabled again (console) becomes active again here: `entry` has no disabledAt.
  await deps.staff.put(entry, existing?.version, deps.clock.now());
  return { ...result, staffItem: existing === undefined ? 'created' : 'updated' };
}

/** Everyone with a staff item, by role (in the order of STAFF_ROLES), then by name. */
export async function listStaff(deps: Pick<StaffProvisioning, 'staff'>): Promise<StaffRecord[]> {
  const rank = (record: StaffRecord): number => STAFF_ROLES.indexOf(record.role);
  return (await deps.staff.list()).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'de') || a.id.localeCompare(b.id));
}

export interface DisableStaffResult {
  readonly sub: string;
  /** `missing`: the account had no staff item (e.g. created in the console), so only the account was disabled. */
  readonly staffItem: 'disabled' | 'unchanged' | 'missing';
  /** Cases still assigned to the person: the coordination has to hand them over. */
  readonly openCases: number;
}

/** Disables the account and marks the staff item inactive, so the assignment never chooses the person again. */
export async function disableStaff(deps: StaffProvisioning, email: string): Promise<DisableStaffResult> {
  const sub = await deps.identities.disableUser(email);
  if (sub === undefined) throw new StaffInputError([{ field: 'email', message: `zu ${email} gibt es kein Konto` }]);
  const existing = await deps.staff.get(sub);
  if (existing === undefined) return { sub, staffItem: 'missing', openCases: 0 };
  if (existing.disabledAt !== undefined) return { sub, staffItem: 'unchanged', openCases: existing.openCases };
  const now = deps.clock.now();
  await deps.staff.put({ ...entryOf(existing), disabledAt: now.toISOString() }, existing.version, now);
  return { sub, staffItem: 'disabled', openCases: existing.openCases };
}
