/**
 * The district profile: everything that differs between districts (municipalities, focus areas, providers,
 * services, bodies, office hours, deadlines). Kreis Düren is the default (kreis-dueren.json); another Kreis only
 * writes its own profile. Objects are strict so a misspelt key is reported instead of silently ignored.
 */
import { retentionSchema } from '../privacy/retention.ts';
import { GERMAN_STATES } from '../calendar/german-holidays.ts';
import { codedReasonsSchema } from './coded-reasons.ts';
import { dataProtectionSchema } from './data-protection.ts';
import { checkConsentForms, consentFormsSchema } from './consent-form-texts.ts';
import { rruleProblem, rruleWeekdays } from './rrule.ts';
import '../validation/zod-german.ts';
import * as z from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Montag',
  tue: 'Dienstag',
  wed: 'Mittwoch',
  thu: 'Donnerstag',
  fri: 'Freitag',
  sat: 'Samstag',
  sun: 'Sonntag',
};

/** Fixed because triage and eligibility logic is written against these three ids. */
export const FOCUS_AREA_IDS = ['welcome', 'labour', 'psychosocial'] as const;
export type FocusAreaId = (typeof FOCUS_AREA_IDS)[number];

/** Client fields a referral may pass on; each service lists the subset its purpose needs (data minimisation). */
export const CLIENT_DATA_FIELDS = [
  'name',
  'dateOfBirth',
  'nationality',
  'languages',
  'interpreterNeeded',
  'municipality',
  'address',
  'phone',
  'email',
  'residenceStatus',
  'arrivalDate',
  'needsSummary',
] as const;
export type ClientDataField = (typeof CLIENT_DATA_FIELDS)[number];

export const PROVIDER_KINDS = ['welfare', 'municipality'] as const;
export const SERVICE_KINDS = ['authority', 'service'] as const;
export const BODY_KINDS = ['jourFixe', 'steeringGroup', 'workingGroup', 'conference'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
/** What to do when a generated meeting date falls on a public holiday or closing day. */
export const HOLIDAY_RULES = ['nextWorkingDay', 'previousWorkingDay', 'skip'] as const;
export type HolidayRule = (typeof HOLIDAY_RULES)[number];

// --- building blocks ---------------------------------------------------------------------------------------

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugSchema = z
  .string()
  .regex(SLUG, 'muss ein Kürzel aus Kleinbuchstaben (ohne Umlaute), Ziffern und Bindestrichen sein, z. B. „huertgenwald“');

const text = z.string().trim().min(1, 'darf nicht leer sein');

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const timeSchema = z.string().regex(TIME, 'muss eine Uhrzeit im Format HH:MM sein, z. B. „08:00“');

/** Minutes since midnight of an `HH:MM` string (already validated). */
export function minutesOfDay(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function formatMinutes(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('de-DE', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `'all'` or an explicit list of municipality ids. */
const municipalityScopeSchema = z.union([z.literal('all'), z.array(slugSchema).min(1, 'darf nicht leer sein')], {
  error: 'erwartet „all“ oder eine Liste von Kommunen-Kürzeln',
});
export type MunicipalityScope = z.infer<typeof municipalityScopeSchema>;

export function scopeIncludes(scope: MunicipalityScope, municipalityId: string): boolean {
  return scope === 'all' || scope.includes(municipalityId);
}

/** Contact addresses are placeholders until the district fills them in; the flag makes that explicit. */
const contactSchema = z.strictObject({
  email: z.email('muss eine gültige E-Mail-Adresse sein'),
  placeholder: z.boolean(),
});

// --- sections ----------------------------------------------------------------------------------------------

const districtSchema = z.strictObject({
  id: slugSchema,
  name: text,
  // KIM is a programme of German districts: the holidays are computed for the 16 states (calendar/german-holidays.ts).
  holidayRegion: z.strictObject({
    country: z.literal('DE', { error: 'muss „DE“ sein (KIM Flow kennt die Feiertage der deutschen Länder)' }),
    state: z.enum(GERMAN_STATES, { error: `muss ein Landeskürzel sein: ${GERMAN_STATES.join(', ')}` }),
  }),
  timeZone: z.string().refine(isTimeZone, 'ist keine bekannte Zeitzone, z. B. „Europe/Berlin“'),
  coordination: z.strictObject({
    name: text,
    address: z.strictObject({
      street: text,
      postalCode: z.string().regex(/^\d{5}$/, 'muss eine fünfstellige Postleitzahl sein'),
      city: text,
    }),
    contact: contactSchema,
  }),
  /** The state's law for the case management and its data protection authority (data-protection.ts). */
  dataProtection: dataProtectionSchema(text),
});

const officeSlotsSchema = z.array(z.strictObject({ from: timeSchema, to: timeSchema }));
const officeHoursSchema = z.strictObject({
  mon: officeSlotsSchema,
  tue: officeSlotsSchema,
  wed: officeSlotsSchema,
  thu: officeSlotsSchema,
  fri: officeSlotsSchema,
  sat: officeSlotsSchema,
  sun: officeSlotsSchema,
});

const municipalitySchema = z.strictObject({ id: slugSchema, name: text });

const focusAreaSchema = z.strictObject({
  id: z.enum(FOCUS_AREA_IDS),
  name: text,
  description: text,
  eligibleMunicipalities: municipalityScopeSchema,
});

const needCategorySchema = z.strictObject({ id: slugSchema, name: text });

const providerSchema = z.strictObject({
  id: slugSchema,
  name: text,
  kind: z.enum(PROVIDER_KINDS),
  /** true while name and contact are stand-ins the district still has to replace. */
  placeholder: z.boolean(),
  /** The municipality that employs the case managers; required for kind 'municipality'. */
  municipalityId: slugSchema.optional(),
  municipalities: municipalityScopeSchema,
  focusAreas: z.array(z.enum(FOCUS_AREA_IDS)).min(1, 'mindestens ein Schwerpunkt'),
});

const serviceSchema = z.strictObject({
  id: slugSchema,
  name: text,
  kind: z.enum(SERVICE_KINDS),
  needCategories: z.array(slugSchema).min(1, 'mindestens eine Bedarfskategorie'),
  municipalities: municipalityScopeSchema,
  contact: contactSchema,
  dataFields: z.array(z.enum(CLIENT_DATA_FIELDS)).min(1, 'mindestens ein Datenfeld'),
});

const memberRoleSchema = z.strictObject({ id: slugSchema, name: text });

const bodySchema = z.strictObject({
  id: slugSchema,
  name: text,
  kind: z.enum(BODY_KINDS),
  rrule: z.string().superRefine((rule, ctx) => {
    const problem = rruleProblem(rule);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  start: timeSchema,
  durationMinutes: z.int().min(15).max(600),
  location: text,
  invitationLeadDays: z.int().min(1).max(180),
  reminderLeadWorkingDays: z.int().min(0).max(30),
  holidayRule: z.enum(HOLIDAY_RULES),
  memberRoles: z.array(memberRoleSchema).min(1, 'mindestens eine Mitgliedsrolle'),
});

/** The longest target in working days a profile may set (the KPI counters count lags up to it, core/reports/kpi-calendar.ts). */
export const MAX_WORKING_DAYS = 120;
const workingDays = z.int().min(1).max(MAX_WORKING_DAYS);

const profileObjectSchema = z.strictObject({
  /** Free notes for the people maintaining the profile (JSON has no comments); one string or one per line. */
  $comment: z.union([z.string(), z.array(z.string())]).optional(),
  district: districtSchema,
  officeHours: officeHoursSchema,
  closingDays: z.array(z.iso.date('muss ein Datum im Format JJJJ-MM-TT sein')),
  municipalities: z.array(municipalitySchema).min(1, 'mindestens eine Kommune'),
  focusAreas: z.array(focusAreaSchema),
  needCategories: z.array(needCategorySchema).min(1, 'mindestens eine Bedarfskategorie'),
  providers: z.array(providerSchema).min(1, 'mindestens ein Träger'),
  services: z.array(serviceSchema),
  bodies: z.array(bodySchema),
  retention: retentionSchema,
  reminders: z.strictObject({
    assessmentReminderWorkingDays: workingDays,
    assessmentEscalationWorkingDays: workingDays,
    outcomeReminderWorkingDays: workingDays,
    outcomeEscalationWorkingDays: workingDays,
    /** After a goal's target date, when the case manager is reminded to review it (core/workflow/monitoring-timer.ts). */
    goalReminderWorkingDays: workingDays,
  }),
  referralDeclineReasons: codedReasonsSchema(slugSchema, text, 'Ablehnungsgrund'),
  /** Why a case was closed (the evaluation at closure); counted in the KPI report. */
  closureReasons: codedReasonsSchema(slugSchema, text, 'Abschlussgrund'),
  /** The printable consent form in German and the people's languages (consent-form-texts.ts). */
  consentForms: consentFormsSchema,
});

type ProfileShape = z.infer<typeof profileObjectSchema>;
type Ctx = z.core.$RefinementCtx<ProfileShape>;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Reports every repeated id at `<path>[i].id`. */
function checkUniqueIds(ctx: Ctx, path: Path, items: readonly { id: string }[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) issue(ctx, [...path, i, 'id'], `„${item.id}“ ist doppelt vergeben`);
    seen.add(item.id);
  });
}

function checkUniqueValues(ctx: Ctx, path: Path, values: readonly string[]): void {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) issue(ctx, [...path, i], `„${value}“ ist doppelt aufgeführt`);
  });
}

function checkMunicipalityRefs(ctx: Ctx, path: Path, scope: MunicipalityScope, known: ReadonlySet<string>): void {
  if (scope === 'all') return;
  scope.forEach((id, i) => {
    if (!known.has(id)) issue(ctx, [...path, i], `„${id}“ ist keine Kommune des Profils`);
  });
  checkUniqueValues(ctx, path, scope);
}

function checkOfficeHours(profile: ProfileShape, ctx: Ctx): void {
  for (const day of WEEKDAYS) {
    const slots = profile.officeHours[day];
    slots.forEach((slot, i) => {
      if (minutesOfDay(slot.from) >= minutesOfDay(slot.to))
        issue(ctx, ['officeHours', day, i, 'to'], `Ende ${slot.to} muss nach Beginn ${slot.from} liegen`);
      const previous = slots[i - 1];
      if (previous !== undefined && minutesOfDay(slot.from) < minutesOfDay(previous.to))
        issue(ctx, ['officeHours', day, i, 'from'], `überschneidet sich mit dem vorigen Zeitraum oder steht davor (Zeiträume aufsteigend angeben)`);
    });
  }
}

function checkFocusAreas(profile: ProfileShape, ctx: Ctx, municipalityIds: ReadonlySet<string>): void {
  checkUniqueIds(ctx, ['focusAreas'], profile.focusAreas);
  const missing = FOCUS_AREA_IDS.filter((id) => !profile.focusAreas.some((area) => area.id === id));
  if (missing.length > 0) issue(ctx, ['focusAreas'], `es fehlen die Schwerpunkte ${missing.map((id) => `„${id}“`).join(', ')}`);
  profile.focusAreas.forEach((area, i) => {
    checkMunicipalityRefs(ctx, ['focusAreas', i, 'eligibleMunicipalities'], area.eligibleMunicipalities, municipalityIds);
  });
}

function checkProviders(profile: ProfileShape, ctx: Ctx, municipalityIds: ReadonlySet<string>): void {
  checkUniqueIds(ctx, ['providers'], profile.providers);
  profile.providers.forEach((provider, i) => {
    const at: Path = ['providers', i];
    if (provider.kind === 'municipality' && provider.municipalityId === undefined)
      issue(ctx, [...at, 'municipalityId'], 'ist für einen kommunalen Träger (kind „municipality“) erforderlich');
    if (provider.kind === 'welfare' && provider.municipalityId !== undefined)
      issue(ctx, [...at, 'municipalityId'], 'ist nur für kommunale Träger (kind „municipality“) vorgesehen');
    if (provider.municipalityId !== undefined && !municipalityIds.has(provider.municipalityId))
      issue(ctx, [...at, 'municipalityId'], `„${provider.municipalityId}“ ist keine Kommune des Profils`);
    checkMunicipalityRefs(ctx, [...at, 'municipalities'], provider.municipalities, municipalityIds);
    checkUniqueValues(ctx, [...at, 'focusAreas'], provider.focusAreas);

    // A provider must not offer a focus area where the district restricts it (psychosocial in Düren).
    provider.focusAreas.forEach((areaId) => {
      const area = profile.focusAreas.find((candidate) => candidate.id === areaId);
      if (area === undefined || area.eligibleMunicipalities === 'all') return;
      const eligible = area.eligibleMunicipalities;
      if (provider.municipalities === 'all') {
        issue(ctx, [...at, 'municipalities'], `„all“ schließt Kommunen ein, in denen ${area.name} nicht angeboten wird; Kommunen einzeln aufführen`);
        return;
      }
      provider.municipalities.forEach((id, j) => {
        if (municipalityIds.has(id) && !eligible.includes(id))
          issue(ctx, [...at, 'municipalities', j], `${area.name} wird in „${id}“ nicht angeboten, der Träger bietet sie hier aber an`);
      });
    });
  });
}

/** Every eligible municipality × focus area needs a provider, otherwise intake cannot assign a case manager. */
function checkCoverage(profile: ProfileShape, ctx: Ctx): void {
  profile.focusAreas.forEach((area, i) => {
    const eligible = area.eligibleMunicipalities === 'all' ? profile.municipalities.map((m) => m.id) : area.eligibleMunicipalities;
    eligible.forEach((municipalityId, j) => {
      const covered = profile.providers.some((p) => p.focusAreas.includes(area.id) && scopeIncludes(p.municipalities, municipalityId));
      if (covered) return;
      const municipality = profile.municipalities.find((m) => m.id === municipalityId);
      if (municipality === undefined) return; // already reported as an unknown id
      const path: Path = area.eligibleMunicipalities === 'all' ? ['focusAreas', i, 'eligibleMunicipalities'] : ['focusAreas', i, 'eligibleMunicipalities', j];
      issue(ctx, path, `${area.name} ist in ${municipality.name} („${municipalityId}“) von keinem Träger abgedeckt; einen Träger in „providers“ ergänzen`);
    });
  });
}

function checkServices(profile: ProfileShape, ctx: Ctx, municipalityIds: ReadonlySet<string>): void {
  checkUniqueIds(ctx, ['services'], profile.services);
  const needIds = new Set(profile.needCategories.map((need) => need.id));
  profile.services.forEach((service, i) => {
    service.needCategories.forEach((id, j) => {
      if (!needIds.has(id)) issue(ctx, ['services', i, 'needCategories', j], `„${id}“ ist keine Bedarfskategorie des Profils`);
    });
    checkUniqueValues(ctx, ['services', i, 'needCategories'], service.needCategories);
    checkUniqueValues(ctx, ['services', i, 'dataFields'], service.dataFields);
    checkMunicipalityRefs(ctx, ['services', i, 'municipalities'], service.municipalities, municipalityIds);
  });
}

function checkBodies(profile: ProfileShape, ctx: Ctx): void {
  checkUniqueIds(ctx, ['bodies'], profile.bodies);
  profile.bodies.forEach((body, i) => {
    checkUniqueIds(ctx, ['bodies', i, 'memberRoles'], body.memberRoles);
    if (rruleProblem(body.rrule) !== undefined || !TIME.test(body.start)) return;
    const begin = minutesOfDay(body.start);
    const end = begin + body.durationMinutes;
    for (const day of rruleWeekdays(body.rrule)) {
      const fits = profile.officeHours[day].some((slot) => minutesOfDay(slot.from) <= begin && end <= minutesOfDay(slot.to));
      if (fits) continue;
      const hours = profile.officeHours[day].map((slot) => `${slot.from}–${slot.to}`).join(', ') || 'keine';
      issue(
        ctx,
        ['bodies', i, 'start'],
        `${body.start}–${formatMinutes(end)} liegt am ${WEEKDAY_NAMES[day]} nicht innerhalb der Bürozeiten (${hours})`,
      );
    }
  });
}

function checkReminders(profile: ProfileShape, ctx: Ctx): void {
  const r = profile.reminders;
  if (r.assessmentEscalationWorkingDays <= r.assessmentReminderWorkingDays)
    issue(ctx, ['reminders', 'assessmentEscalationWorkingDays'], 'muss größer sein als assessmentReminderWorkingDays (erst erinnern, dann eskalieren)');
  if (r.outcomeEscalationWorkingDays <= r.outcomeReminderWorkingDays)
    issue(ctx, ['reminders', 'outcomeEscalationWorkingDays'], 'muss größer sein als outcomeReminderWorkingDays (erst erinnern, dann eskalieren)');
}

function checkProfile(profile: ProfileShape, ctx: Ctx): void {
  const municipalityIds = new Set(profile.municipalities.map((m) => m.id));
  checkUniqueIds(ctx, ['municipalities'], profile.municipalities);
  checkUniqueIds(ctx, ['needCategories'], profile.needCategories);
  checkUniqueValues(ctx, ['closingDays'], profile.closingDays);
  checkOfficeHours(profile, ctx);
  checkFocusAreas(profile, ctx, municipalityIds);
  checkProviders(profile, ctx, municipalityIds);
  checkCoverage(profile, ctx);
  checkServices(profile, ctx, municipalityIds);
  checkBodies(profile, ctx);
  checkReminders(profile, ctx);
  const used = [...new Set(profile.services.flatMap((service) => service.dataFields))];
  checkConsentForms(profile.consentForms, { known: CLIENT_DATA_FIELDS, used }, (path, message) => {
    issue(ctx, ['consentForms', ...path], message);
  });
}

export const districtProfileSchema = profileObjectSchema.superRefine(checkProfile);

export type DistrictProfile = z.infer<typeof districtProfileSchema>;
export type Municipality = DistrictProfile['municipalities'][number];
export type FocusArea = DistrictProfile['focusAreas'][number];
export type NeedCategory = DistrictProfile['needCategories'][number];
export type Provider = DistrictProfile['providers'][number];
export type Service = DistrictProfile['services'][number];
export type Body = DistrictProfile['bodies'][number];
export type MemberRole = Body['memberRoles'][number];
export type OfficeHours = DistrictProfile['officeHours'];
