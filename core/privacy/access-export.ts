/**
 * The right of access (Art. 15 DSGVO): everything KIM Flow stores about the person of a case, in one answer — the
 * client data, the case, its history, the consents, the referrals with which fields went to which recipient when,
 * the contacts, goals and notes, and who of the staff read the data when. GET /api/cases/{id}/export answers it as
 * JSON; web/pages/auskunft.html renders the same answer as a printable German document.
 *
 * What is withheld, and why (Art. 15(4) DSGVO, § 83 SGB X, § 34 BDSG):
 *  - Nothing, when the case's case manager produces the export: the notes — psychosocial ones included — are the
 *    person's own data about their own counselling, and KIM Flow keeps no data of third parties apart from the
 *    staff who worked on the case (named here as the law requires: who received or read the data). Where a note
 *    names other people, the case manager reads the export before handing it over and blackens those passages on
 *    paper; that judgement is a person's, not a rule's.
 *  - The coordination may produce the export too (the case manager may be absent), but it may not read a
 *    psychosocial counselling's notes or its needs description (DOMAIN.md, field rules; core/casework/read-cases.ts).
 *    Those are then left out and the export says so (`withheld`), naming the case manager who can complete it.
 * The export itself is audited like every read (`person-exported`, the format only).
 */
import type { CaseRecord, ClientRecord } from '../cases/case.ts';
import { CLIENT_FIELD_LABELS } from '../cases/client-field-labels.ts';
import type { CaseEvent, CaseRepository, ReferralRepository } from '../cases/ports.ts';
import type { ConsentRecord, ReferralRecord } from '../cases/referral.ts';
import { auditRead } from '../casework/read-audit.ts';
import { caseForCaller } from '../casework/casework-dependencies.ts';
import type { Clock } from '../clock.ts';
import type { CaseRecordRepository } from '../counselling/ports.ts';
import type { ContactRecord, GoalRecord, NoteLevel, NoteRecord, Page } from '../counselling/record.ts';
import type { Caller } from '../identity/caller.ts';
import type { SupervisoryAuthority } from '../profile/data-protection.ts';
import { CLIENT_DATA_FIELDS, type ClientDataField, type DistrictProfile } from '../profile/schema.ts';
import type { StaffDirectory, StaffRecord } from '../staff/ports.ts';
import { nameOf } from '../workflow/workflow-dependencies.ts';
import { eventKindLabel, isRead } from './event-kind-labels.ts';
import { actorName, type ActorName } from './staff-names.ts';

export interface AccessExportDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly cases: CaseRepository;
  readonly referrals: Pick<ReferralRepository, 'listReferrals'>;
  readonly records: Pick<CaseRecordRepository, 'listContacts' | 'listNotes' | 'listGoals'>;
  readonly staff: Pick<StaffDirectory, 'get'>;
}

/** How the export was asked for: the JSON file, or the page that prints it (both are the same content). */
export const EXPORT_FORMATS = ['json', 'document'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Recipient {
  readonly serviceId: string;
  readonly name: string;
  readonly email: string;
}

/** One referral mail: what of the person's data went to whom, when. */
export interface Disclosure {
  readonly referralId: string;
  readonly at: string;
  readonly recipient: Recipient;
  readonly fields: readonly { readonly field: string; readonly label: string }[];
  /**
   * false: the send began but its confirmation is missing (a technical fault, `referral-sent-unconfirmed`); the
   * fields are then those the service's purpose allows, which is what the mail carried if it went out.
   */
  readonly confirmed: boolean;
}

export interface ExportEvent {
  readonly at: string;
  readonly kind: string;
  readonly label: string;
  readonly by: ActorName;
  readonly details?: CaseEvent['details'];
}

export interface AccessExport {
  readonly format: 'kim-flow-auskunft/1';
  readonly createdAt: string;
  readonly createdBy: ActorName;
  /** The controller (Verantwortlicher) the person can turn to. */
  readonly controller: { readonly name: string; readonly address: string; readonly email: string };
  /** Where the person may complain (Art. 15 Abs. 1 lit. f, Art. 77 DSGVO): the authority of the district's state. */
  readonly supervisoryAuthority: SupervisoryAuthority;
  readonly case: {
    readonly caseId: string;
    readonly stage: CaseRecord['stage'];
    readonly createdAt: string;
    readonly closedAt?: string;
    /** When the data will be deleted (the closed case's retention), ISO instant. */
    readonly deletedAfter?: string;
    readonly municipality: string;
    readonly focusArea?: string;
    readonly needCategories: readonly string[];
    readonly caseManager?: ActorName;
  };
  readonly client?: Omit<ClientRecord, 'version' | 'caseId'>;
  readonly consents: readonly (Omit<ConsentRecord, 'version' | 'caseId' | 'recipientServiceId' | 'stoppedReferralIds'> & { readonly recipient: Recipient })[];
  readonly referrals: readonly (Omit<ReferralRecord, 'version' | 'caseId' | 'taskToken' | 'sendClaimedAt' | 'serviceId' | 'needCategory'> & {
    readonly needCategory: string;
    readonly recipient?: Recipient;
  })[];
  readonly disclosures: readonly Disclosure[];
  /** Besides the client fields, every referral mail names these (core/workflow/referral-steps.ts, core/mail/notifications.ts). */
  readonly alwaysInReferralMail: readonly string[];
  readonly contacts: readonly ContactRecord[];
  readonly goals: readonly GoalRecord[];
  readonly notes: readonly NoteRecord[];
  /** What this export leaves out, and who can give it (see the file's comment). */
  readonly withheld: readonly string[];
  readonly history: readonly ExportEvent[];
  /** The read audit: who of the staff looked at the person's data when. */
  readonly reads: readonly ExportEvent[];
}

/** Every page of a list is read; a case's record is bounded, and this stops a runaway cursor anyway. */
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

async function allPages<T>(list: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const read = await list(cursor);
    items.push(...read.items);
    if (read.next === undefined) return items;
    cursor = read.next;
  }
  throw new Error(`record list longer than ${String(PAGE_SIZE * MAX_PAGES)} entries`);
}

const pageOf = (cursor: string | undefined) => ({ limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });

function recipientOf(profile: DistrictProfile, serviceId: string): Recipient {
  const service = profile.services.find((s) => s.id === serviceId);
  return { serviceId, name: service?.name ?? serviceId, email: service?.contact.email ?? '' };
}

const isClientField = (field: string): field is ClientDataField => (CLIENT_DATA_FIELDS as readonly string[]).includes(field);
const fieldsOf = (fields: readonly string[]) => fields.map((field) => ({ field, label: isClientField(field) ? CLIENT_FIELD_LABELS[field] : field }));

/** The referral mails of the history: the `referral-sent` event's field list is what the mail carried. */
export function disclosuresOf(profile: DistrictProfile, history: readonly (CaseEvent & { at: string })[]): Disclosure[] {
  return history.flatMap((event) => {
    if (event.kind !== 'referral-sent' && event.kind !== 'referral-sent-unconfirmed') return [];
    const serviceId = String(event.details?.serviceId ?? '');
    const confirmed = event.kind === 'referral-sent';
    const fields = confirmed
      ? String(event.details?.fields ?? '').split(',').filter((field) => field !== '')
      : (profile.services.find((s) => s.id === serviceId)?.dataFields ?? []);
    return [{ referralId: String(event.details?.referralId ?? ''), at: event.at, recipient: recipientOf(profile, serviceId), fields: fieldsOf(fields), confirmed }];
  });
}

// Mirrors core/casework/read-cases.ts: a psychosocial counselling's needs description is the case manager's alone.
const isPsychosocial = (record: CaseRecord): boolean =>
  record.focusArea === 'psychosocial' || record.requestedFocusArea === 'psychosocial' || record.needCategories.includes('psychosocial');

/** GET /api/cases/{id}/export: the case's case manager or the coordination; audited as `person-exported`. */
export async function exportPerson(deps: AccessExportDependencies, caller: Caller, caseId: string, format: ExportFormat): Promise<AccessExport> {
  const record = await caseForCaller(deps, caller, caseId);
  const own = record.caseManagerId === caller.userId;
  const notesOf = (level: NoteLevel) => allPages((cursor) => deps.records.listNotes(caseId, level, pageOf(cursor)));
  const [client, consents, referrals, contacts, goals, ordinary, psychosocial] = await Promise.all([
    deps.cases.getClient(caseId),
    deps.cases.listConsents(caseId),
    deps.referrals.listReferrals(caseId),
    allPages((cursor) => deps.records.listContacts(caseId, pageOf(cursor))),
    deps.records.listGoals(caseId),
    notesOf('ordinary'),
    own ? notesOf('psychosocial') : Promise.resolve(undefined),
  ]);
  // Audited before the history is read, so the export lists itself among the reads.
  await auditRead(deps, caller, caseId, 'person-exported', { format });
  const history = await deps.cases.listEvents(caseId);

  const actors = [...new Set([caller.userId, ...history.map((e) => e.actor), ...(record.caseManagerId === undefined ? [] : [record.caseManagerId])])];
  const people = (await Promise.all(actors.map((id) => deps.staff.get(id)))).filter((p): p is StaffRecord => p !== undefined);
  const staff = new Map(people.map((p) => [p.id, p]));
  const named = (actor: string) => actorName(actor, staff, deps.profile);
  const events = history.map((e): ExportEvent => ({ at: e.at, kind: e.kind, label: eventKindLabel(e.kind), by: named(e.actor), ...(e.details === undefined ? {} : { details: e.details }) }));

  const withheld: string[] = [];
  let shownClient = client;
  if (!own) {
    const manager = record.caseManagerId === undefined ? 'die zuständige Case-Managerin bzw. der zuständige Case-Manager' : named(record.caseManagerId).name;
    withheld.push(`Psychosoziale Notizen: sie sind nur der zuständigen Fachkraft zugänglich; vollständige Auskunft gibt ${manager}.`);
    if (client !== undefined && isPsychosocial(record) && client.needsDescription !== undefined) {
      const { needsDescription: _withheld, ...rest } = client;
      shownClient = rest;
      withheld.push(`Beschreibung des Anliegens (psychosoziale Beratung): vollständige Auskunft gibt ${manager}.`);
    }
  }
  const { coordination } = deps.profile.district;
  const deletedAfter = record.expiresAt === undefined ? undefined : new Date(record.expiresAt * 1000).toISOString();
  const clientData = shownClient === undefined ? undefined : (({ version: _v, caseId: _c, ...rest }) => rest)(shownClient);
  return {
    format: 'kim-flow-auskunft/1',
    createdAt: deps.clock.now().toISOString(),
    createdBy: named(caller.userId),
    controller: {
      name: coordination.name,
      address: `${coordination.address.street}, ${coordination.address.postalCode} ${coordination.address.city}`,
      email: coordination.contact.email,
    },
    supervisoryAuthority: deps.profile.district.dataProtection.supervisoryAuthority,
    case: {
      caseId,
      stage: record.stage,
      createdAt: record.createdAt,
      ...(record.closedAt === undefined ? {} : { closedAt: record.closedAt }),
      ...(deletedAfter === undefined ? {} : { deletedAfter }),
      municipality: nameOf(deps.profile.municipalities, record.municipalityId),
      ...(record.focusArea === undefined ? {} : { focusArea: nameOf(deps.profile.focusAreas, record.focusArea) }),
      needCategories: record.needCategories.map((id) => nameOf(deps.profile.needCategories, id)),
      ...(record.caseManagerId === undefined ? {} : { caseManager: named(record.caseManagerId) }),
    },
    ...(clientData === undefined ? {} : { client: clientData }),
    consents: consents.map(({ version: _v, caseId: _c, recipientServiceId, stoppedReferralIds: _s, ...rest }) => ({ ...rest, recipient: recipientOf(deps.profile, recipientServiceId) })),
    referrals: referrals.map(({ version: _v, caseId: _c, taskToken: _t, sendClaimedAt: _claim, serviceId, needCategory, ...rest }) => ({
      ...rest,
      needCategory: nameOf(deps.profile.needCategories, needCategory),
      ...(serviceId === undefined ? {} : { recipient: recipientOf(deps.profile, serviceId) }),
    })),
    disclosures: disclosuresOf(deps.profile, history),
    alwaysInReferralMail: ['Fallnummer und Vermittlungsnummer', 'Bedarf (Kategorie)', 'Name und E-Mail-Adresse der zuständigen Case-Management-Fachkraft'],
    contacts,
    goals,
    notes: [...ordinary, ...(psychosocial ?? [])],
    withheld,
    history: events,
    reads: events.filter((e) => isRead(e.kind)),
  };
}

/** The JSON file's name: `auskunft-<caseId>.json`. */
export const exportFileName = (caseId: string): string => `auskunft-${caseId}.json`;
