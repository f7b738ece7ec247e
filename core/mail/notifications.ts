/**
 * The German case-work notifications. Pure functions: data in, `{ subject, text, html }` out, so every wording is
 * testable and the workflow handlers only choose recipients and send.
 *
 * Data protection by construction: subjects hold fixed text, the case number and profile names only (and go
 * through `assertSafeSubject`); staff notifications link to the case instead of copying it; `referralToService` is
 * the one template that carries client data, in its body, limited to the fields the caller passes (the ones the
 * service's purpose allows and the client consented to).
 */
import { formatGerman } from '../calendar/german-format.ts';
import { CASE_ID_PATTERN } from '../cases/case.ts';
import { GREETING, renderMail } from './mail-layout.ts';
import type { Field, MailBlock, MailContent } from './mail-layout.ts';

interface Contact {
  name: string;
  email: string;
}

const FOOTER = 'Diese Nachricht wurde automatisch von KIM Flow versandt, der Fallsteuerung des Kommunalen Integrationsmanagements.';

// Every district of the programme lies in Germany.
const germanDate = (date: Date): string => formatGerman(date, 'date', 'Europe/Berlin');

/** The case number is the only case detail a subject may carry; anything else there could be personal data. */
function checkedCaseNumber(caseNumber: string): string {
  if (!CASE_ID_PATTERN.test(caseNumber)) throw new Error(`not a case number: ${JSON.stringify(caseNumber)}`);
  return caseNumber;
}

/** A referral number of exactly this case (`<case number>-V01`): nothing else may stand in a subject beside it. */
function checkReferralNumber(caseNumber: string, referralNumber: string): void {
  if (!new RegExp(`^${caseNumber}-V\\d{2}$`).test(referralNumber)) throw new Error(`not a referral number of ${caseNumber}: ${JSON.stringify(referralNumber)}`);
}

function workingDays(n: number, grammaticalCase: 'nominative' | 'dative'): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`waiting time must be a positive whole number of working days, got ${n}`);
  if (n === 1) return '1 Arbeitstag';
  return `${n} ${grammaticalCase === 'dative' ? 'Arbeitstagen' : 'Arbeitstage'}`;
}

const paragraph = (text: string): MailBlock => ({ kind: 'paragraph', text });
const notice = (text: string): MailBlock => ({ kind: 'notice', text });
const fields = (caption: string, rows: readonly Field[]): MailBlock => ({ kind: 'fields', caption, rows });
const mailLink = (contact: Contact): MailBlock => ({ kind: 'link', label: `E-Mail an ${contact.name} (${contact.email})`, url: `mailto:${contact.email}` });
const openCase = (caseNumber: string, caseUrl: string): MailBlock => ({ kind: 'link', label: `Fall ${caseNumber} in KIM Flow öffnen`, url: caseUrl });

const message = (subject: string, heading: string, blocks: readonly MailBlock[]): MailContent => renderMail({ subject, heading, blocks, footer: FOOTER });

// --- templates ---------------------------------------------------------------------------------------------

/** To the case manager a new case was assigned to. */
export function caseAssigned(input: { caseNumber: string; caseUrl: string; focusAreaName: string; municipalityName: string; crisis: boolean }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  // "Krise" stays out of the subject: tied to a case number it says something about a person's health.
  return message(`Neuer Fall ${caseNumber} zugewiesen${input.crisis ? ' – bitte vorrangig' : ''}`, `Neuer Fall ${caseNumber}`, [
    GREETING,
    paragraph(`Ihnen wurde der Fall ${caseNumber} zugewiesen.`),
    ...(input.crisis ? [notice('Bei der Erstaufnahme wurde eine akute Krise angegeben. Bitte nehmen Sie den Fall vorrangig auf.')] : []),
    fields('Fall', [
      { label: 'Fallnummer', value: caseNumber },
      { label: 'Schwerpunkt', value: input.focusAreaName },
      { label: 'Kommune', value: input.municipalityName },
    ]),
    paragraph('Die Angaben zur Person und zum Bedarf stehen aus Datenschutzgründen nicht in dieser E-Mail, sondern nur im Fall.'),
    paragraph('Bitte klären Sie den Bedarf mit der Person und tragen Sie die Bedarfsklärung mit den Einwilligungen im Fall ein.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/** What a handed-over case waits for, by stage: the new case manager's next step. */
const HANDED_OVER_NEXT: Readonly<Record<'assigned' | 'awaiting-assessment' | 'referring' | 'monitoring', string>> = {
  assigned: 'Bitte klären Sie den Bedarf mit der Person und tragen Sie die Bedarfsklärung mit den Einwilligungen im Fall ein.',
  'awaiting-assessment': 'Die Bedarfsklärung steht noch aus: Bitte klären Sie den Bedarf mit der Person und tragen Sie sie im Fall ein.',
  referring: 'Die Vermittlungen laufen: Rückmeldungen der Stellen gehen jetzt an Sie; bitte tragen Sie sie im Fall ein.',
  monitoring: 'Der Fall ist in der Begleitung: Bitte schließen Sie ihn im Fall ab, wenn die Ziele erreicht sind.',
};

/** To the case manager a case was handed over to (the coordination's hand-over); who and why stand in the case. */
export function caseHandedOver(input: { caseNumber: string; caseUrl: string; focusAreaName: string; municipalityName: string; stage: keyof typeof HANDED_OVER_NEXT }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Fall ${caseNumber} an Sie übergeben`, `Fall ${caseNumber} an Sie übergeben`, [
    GREETING,
    paragraph(`die Koordination hat Ihnen den Fall ${caseNumber} übergeben. Sie sind ab sofort für ihn zuständig.`),
    fields('Fall', [
      { label: 'Fallnummer', value: caseNumber },
      { label: 'Schwerpunkt', value: input.focusAreaName },
      { label: 'Kommune', value: input.municipalityName },
    ]),
    paragraph(HANDED_OVER_NEXT[input.stage]),
    paragraph('Die Angaben zur Person, der Grund der Übergabe und der bisherige Verlauf stehen aus Datenschutzgründen nicht in dieser E-Mail, sondern nur im Fall.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/** To the case manager when the assessment is overdue. */
export function assessmentReminder(input: { caseNumber: string; caseUrl: string; dueSince: Date }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Erinnerung: Bedarfsklärung für Fall ${caseNumber} steht aus`, `Bedarfsklärung für Fall ${caseNumber} steht aus`, [
    GREETING,
    paragraph(`für den Fall ${caseNumber} ist die Bedarfsklärung seit dem ${germanDate(input.dueSince)} fällig und noch nicht eingetragen.`),
    paragraph('Bitte tragen Sie die Bedarfsklärung im Fall ein. Bleibt sie weiter offen, wird die Koordination im Kommunalen Integrationszentrum informiert.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/**
 * To the case manager when goals of the support plan are past their target date and still open. The goals by
 * number, need and date only: their wording is the person's and stays in the case.
 */
export function goalReminder(input: { caseNumber: string; caseUrl: string; goals: readonly { goalId: string; needCategoryName: string; targetDate: Date }[] }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Erinnerung: Ziele im Hilfeplan von Fall ${caseNumber} überprüfen`, `Hilfeplan von Fall ${caseNumber} überprüfen`, [
    GREETING,
    paragraph(`im Hilfeplan des Falls ${caseNumber} ${input.goals.length === 1 ? 'ist ein Ziel' : `sind ${String(input.goals.length)} Ziele`} über das Zieldatum hinaus noch offen.`),
    fields(
      'Offene Ziele',
      input.goals.map((goal) => ({ label: `Ziel ${goal.goalId} (${goal.needCategoryName})`, value: `Zieldatum ${germanDate(goal.targetDate)}` })),
    ),
    paragraph('Bitte überprüfen Sie die Ziele mit der Person: erreicht, teilweise erreicht, nicht erreicht, entfallen – oder ein neues Zieldatum.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/** To the coordination when a reminded assessment is still missing (Fachaufsicht). */
export function assessmentEscalation(input: { caseNumber: string; caseUrl: string; caseManagerName: string; waitingWorkingDays: number }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  const waiting = workingDays(input.waitingWorkingDays, 'dative');
  return message(`Eskalation: Bedarfsklärung für Fall ${caseNumber} seit ${waiting} offen`, `Bedarfsklärung für Fall ${caseNumber} überfällig`, [
    GREETING,
    paragraph(`für den Fall ${caseNumber} liegt seit ${waiting} keine Bedarfsklärung vor, obwohl die zuständige Fachkraft bereits erinnert wurde.`),
    fields('Fall', [
      { label: 'Fallnummer', value: caseNumber },
      { label: 'Case-Manager*in', value: input.caseManagerName },
      { label: 'Wartezeit', value: workingDays(input.waitingWorkingDays, 'nominative') },
    ]),
    paragraph('Bitte klären Sie im Rahmen der Fachaufsicht, ob der Fall bearbeitet werden kann oder neu zugewiesen werden muss.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/** To the coordinators when no case manager covering the municipality and focus area is free. */
export function waitingList(input: { caseNumber: string; caseUrl: string; municipalityName: string; focusAreaName: string }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Warteliste: Fall ${caseNumber} – kein*e Case-Manager*in frei`, `Fall ${caseNumber} auf der Warteliste`, [
    GREETING,
    paragraph(
      `für den Fall ${caseNumber} ist derzeit kein*e Case-Manager*in eines Trägers frei, der diese Kommune und diesen Schwerpunkt abdeckt. Der Fall steht auf der Warteliste.`,
    ),
    fields('Fall', [
      { label: 'Fallnummer', value: caseNumber },
      { label: 'Schwerpunkt', value: input.focusAreaName },
      { label: 'Kommune', value: input.municipalityName },
    ]),
    paragraph('Bitte weisen Sie den Fall zu oder klären Sie freie Kapazitäten mit den Trägern.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/** To the coordination: a need the counselling landscape does not cover (the structural loop of KIM). */
export function gapReported(input: { needCategoryName: string; municipalityName: string; focusAreaName?: string; reason: string }): MailContent {
  return message(`Bedarfs-/Lückenmeldung: ${input.needCategoryName} in ${input.municipalityName}`, 'Neue Bedarfs-/Lückenmeldung', [
    GREETING,
    paragraph('in der Fallarbeit wurde ein Bedarf festgestellt, für den es kein passendes Angebot gibt.'),
    fields('Meldung', [
      { label: 'Bedarf', value: input.needCategoryName },
      { label: 'Kommune', value: input.municipalityName },
      ...(input.focusAreaName === undefined ? [] : [{ label: 'Schwerpunkt', value: input.focusAreaName }]),
      { label: 'Grund', value: input.reason },
    ]),
    paragraph('Die Meldung enthält keine Angaben zur Person. Bitte prüfen Sie, ob sie in einem Arbeitskreis oder in der Lenkungsgruppe behandelt werden soll.'),
  ]);
}

/**
 * To the receiving office or service: the only template with client data. `clientFields` must already be cut
 * down to the service's allowed fields and the client's consent; labels come from CLIENT_FIELD_LABELS.
 */
export function referralToService(input: {
  caseNumber: string;
  referralNumber: string;
  serviceName: string;
  needCategoryName: string;
  clientFields: readonly Field[];
  caseManager: Contact;
  replyByDate: Date;
  /** The service's signed answer link (core/casework/referral-link.ts) and when it expires. */
  answerLink: { url: string; validUntil: Date };
}): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  const { caseManager } = input;
  return message(`Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${caseNumber}`, 'Vermittlung aus dem Kommunalen Integrationsmanagement', [
    GREETING,
    paragraph(`das Kommunale Integrationsmanagement vermittelt eine Person mit dem Bedarf „${input.needCategoryName}“ an ${input.serviceName}.`),
    paragraph('Die Person hat eingewilligt, dass die folgenden Angaben für diese Vermittlung an Sie weitergegeben werden:'),
    fields('Angaben zur Person', input.clientFields),
    fields('Vorgang', [
      { label: 'Vorgangsnummer', value: caseNumber },
      { label: 'Vermittlungsnummer', value: input.referralNumber },
      { label: 'Case-Manager*in', value: `${caseManager.name} (${caseManager.email})` },
    ]),
    paragraph(
      `Bitte teilen Sie uns bis zum ${germanDate(input.replyByDate)} mit, ob Sie die Vermittlung annehmen oder – mit Grund – ablehnen, und später den Ersttermin und ob die Beratung stattgefunden hat oder der Termin nicht wahrgenommen wurde. Am einfachsten über diesen Link (gültig bis zum ${germanDate(input.answerLink.validUntil)}; er gilt nur für diese Vermittlung):`,
    ),
    { kind: 'link', label: `Rückmeldung zur Vermittlung ${input.referralNumber} geben`, url: input.answerLink.url },
    paragraph(`Bei Fragen erreichen Sie ${caseManager.name}:`),
    mailLink(caseManager),
    notice('Diese E-Mail enthält personenbezogene Daten. Bitte verwenden Sie sie nur für diese Vermittlung, leiten Sie sie nicht weiter und löschen Sie sie, sobald Sie sie nicht mehr benötigen.'),
  ]);
}

/**
 * To the service when its answer to a referral is overdue. It names the case manager to answer to, because the
 * service has no access to KIM Flow, and repeats no client data.
 */
export function outcomeReminder(input: { caseNumber: string; serviceName: string; referralNumber: string; caseManager: Contact; answerLink: { url: string; validUntil: Date } }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${caseNumber}`, 'Rückmeldung zur Vermittlung erbeten', [
    GREETING,
    paragraph(`zur Vermittlung ${input.referralNumber} (Vorgang ${caseNumber}) an ${input.serviceName} liegt uns noch keine Rückmeldung vor.`),
    paragraph(
      `Bitte teilen Sie uns mit, ob Sie die Vermittlung annehmen oder – mit Grund – ablehnen, bzw. ob die Beratung stattgefunden hat oder der Termin nicht wahrgenommen wurde – am einfachsten über diesen Link (gültig bis zum ${germanDate(input.answerLink.validUntil)}):`,
    ),
    { kind: 'link', label: `Rückmeldung zur Vermittlung ${input.referralNumber} geben`, url: input.answerLink.url },
    paragraph(`Bei Fragen erreichen Sie ${input.caseManager.name}:`),
    mailLink(input.caseManager),
    paragraph('Aus Datenschutzgründen wiederholt diese Erinnerung keine Angaben zur Person; sie stehen in der ursprünglichen Vermittlung.'),
  ]);
}

/** To the coordination when a reminded service still has not answered. */
export function outcomeEscalation(input: {
  caseNumber: string;
  caseUrl: string;
  referralNumber: string;
  serviceName: string;
  caseManagerName: string;
  waitingWorkingDays: number;
}): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  const waiting = workingDays(input.waitingWorkingDays, 'dative');
  return message(`Eskalation: Keine Rückmeldung zur Vermittlung – Fall ${caseNumber}`, `Keine Rückmeldung zur Vermittlung im Fall ${caseNumber}`, [
    GREETING,
    paragraph(`zur Vermittlung ${input.referralNumber} im Fall ${caseNumber} liegt seit ${waiting} keine Rückmeldung vor, obwohl die Stelle bereits erinnert wurde.`),
    fields('Vermittlung', [
      { label: 'Fallnummer', value: caseNumber },
      { label: 'Vermittlungsnummer', value: input.referralNumber },
      { label: 'Stelle', value: input.serviceName },
      { label: 'Case-Manager*in', value: input.caseManagerName },
      { label: 'Wartezeit', value: workingDays(input.waitingWorkingDays, 'nominative') },
    ]),
    paragraph('Bitte klären Sie mit der Stelle und der zuständigen Fachkraft das weitere Vorgehen.'),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/** To the coordination: a step failed for good and the case is parked until someone looks at it. */
/** `reason`: why it parked, in words (core/cases/attention-labels.ts), never the error's technical details. */
export function needsAttention(input: { caseNumber: string; caseUrl: string; reason: string }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Technische Störung: Fall ${caseNumber} angehalten`, `Fall ${caseNumber} wegen einer technischen Störung angehalten`, [
    GREETING,
    paragraph(`die Bearbeitung des Falls ${caseNumber} ist gescheitert: ${input.reason}`),
    paragraph(
      'Der Fall ist angehalten, bis das Problem behoben ist. Bitte informieren Sie den technischen Betrieb; die Fehlerdetails stehen im Protokoll der Ausführung, nicht in dieser E-Mail.',
    ),
    openCase(caseNumber, input.caseUrl),
  ]);
}

/**
 * To the service, after the client revoked the consent a referral rested on: stop using the data received with it.
 * Subject and body name the referral and case numbers only — the service knows whom they mean, the mail repeats no
 * one's data.
 */
export function consentRevokedToService(input: { caseNumber: string; referralNumber: string; serviceName: string; sentAt: Date; caseManager?: Contact }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  checkReferralNumber(caseNumber, input.referralNumber);
  return message(`Einwilligung widerrufen: Vermittlung ${input.referralNumber} beendet`, 'Einwilligung widerrufen – Vermittlung beendet', [
    GREETING,
    paragraph(
      `die Person, die wir Ihnen am ${germanDate(input.sentAt)} mit der Vermittlung ${input.referralNumber} (Vorgang ${caseNumber}) an ${input.serviceName} vermittelt haben, hat ihre Einwilligung in die Weitergabe ihrer Daten widerrufen. Die Vermittlung ist damit beendet.`,
    ),
    notice(
      'Bitte verwenden Sie die Angaben, die Sie mit dieser Vermittlung erhalten haben, ab sofort nicht mehr und löschen Sie sie, soweit Sie nicht gesetzlich verpflichtet sind, sie aufzubewahren.',
    ),
    ...(input.caseManager === undefined ? [] : [paragraph(`Bei Fragen wenden Sie sich bitte an ${input.caseManager.name}.`), mailLink(input.caseManager)]),
    paragraph('Aus Datenschutzgründen enthält diese Nachricht keine Angaben zur Person.'),
  ]);
}

/**
 * Art. 19 DSGVO: the person's data was erased (core/privacy/erase-person.ts); the service that received it with this
 * referral is told. The subject names only the referral; the body no person either — the service finds the data by
 * the referral number.
 */
export function erasureToService(input: { caseNumber: string; referralNumber: string; serviceName: string; sentAt: Date }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  checkReferralNumber(caseNumber, input.referralNumber);
  return message(`Löschung: Vermittlung ${input.referralNumber}`, 'Löschung der Daten einer vermittelten Person', [
    GREETING,
    paragraph(
      `die Daten der Person, die wir Ihnen am ${germanDate(input.sentAt)} mit der Vermittlung ${input.referralNumber} an ${input.serviceName} übermittelt haben, wurden bei uns gelöscht (Art. 17 DSGVO).`,
    ),
    notice(
      'Bitte löschen Sie die Angaben, die Sie mit dieser Vermittlung erhalten haben, ebenfalls, soweit Sie nicht gesetzlich verpflichtet sind, sie aufzubewahren, und verwenden Sie sie nicht weiter (Art. 19 DSGVO).',
    ),
    paragraph('Aus Datenschutzgründen enthält diese Nachricht keine Angaben zur Person.'),
  ]);
}
