/**
 * The German case-work notifications. Pure functions: data in, `{ subject, text, html }` out, so every wording is
 * testable and the workflow handlers only choose recipients and send.
 *
 * Data protection by construction: subjects hold fixed text, the case number and profile names only (and go
 * through `assertSafeSubject`); staff notifications link to the case instead of copying it; `referralToService` is
 * the one template that carries client data, in its body, limited to the fields the caller passes (the ones the
 * service's purpose allows and the client consented to).
 */
import { CASE_ID_PATTERN } from '../cases/case.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { assertSafeSubject } from './mail-message.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}


export interface Field {
  label: string;
  value: string;
}

interface Contact {
  name: string;
  email: string;
}

// --- layout ------------------------------------------------------------------------------------------------

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'fields'; caption: string; rows: readonly Field[] };

const FOOTER = 'Diese Nachricht wurde automatisch von KIM Flow versandt, der Fallsteuerung des Kommunalen Integrationsmanagements.';

// German dates in the district's zone; every district of the programme lies in Germany.
const GERMAN_DATE = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

function germanDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('cannot format an invalid date');
  return GERMAN_DATE.format(date);
}

/** Only web and mail links: a `javascript:` URL in a mail would be a script one click away. */
function checkedUrl(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null || !['https:', 'http:', 'mailto:'].includes(parsed.protocol)) throw new Error(`not an http(s) or mailto link: ${JSON.stringify(url)}`);
  return parsed.href;
}

/** The case number is the only case detail a subject may carry; anything else there could be personal data. */
function checkedCaseNumber(caseNumber: string): string {
  if (!CASE_ID_PATTERN.test(caseNumber)) throw new Error(`not a case number: ${JSON.stringify(caseNumber)}`);
  return caseNumber;
}

function workingDays(n: number, grammaticalCase: 'nominative' | 'dative'): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`waiting time must be a positive whole number of working days, got ${n}`);
  if (n === 1) return '1 Arbeitstag';
  return `${n} ${grammaticalCase === 'dative' ? 'Arbeitstagen' : 'Arbeitstage'}`;
}

const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const notice = (text: string): Block => ({ kind: 'notice', text });
const link = (label: string, url: string): Block => ({ kind: 'link', label, url: checkedUrl(url) });
const fields = (caption: string, rows: readonly Field[]): Block => ({ kind: 'fields', caption, rows });
const mailLink = (contact: Contact): Block => link(`E-Mail an ${contact.name} (${contact.email})`, `mailto:${contact.email}`);

function renderText(heading: string, blocks: readonly Block[]): string {
  const sections = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'notice':
        return `Wichtig: ${block.text}`;
      case 'link':
        return `${block.label}:\n${block.url}`;
      case 'fields':
        // Continuation lines of multi-line values (an address) are indented so they stay with their label.
        return [`${block.caption}:`, ...block.rows.map((row) => `- ${row.label}: ${row.value.replace(/\r\n|\r|\n/g, '\n    ')}`)].join('\n');
    }
  });
  // "-- " (with the space) is the signature delimiter mail clients recognise.
  return `${[heading, ...sections].join('\n\n')}\n\n-- \n${FOOTER}\n`;
}

const STYLE = {
  body: 'margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5',
  main: 'max-width:40em;margin:0 auto;padding:16px',
  h1: 'font-size:1.25em;line-height:1.3;margin:0 0 16px',
  p: 'margin:0 0 16px',
  notice: 'margin:0 0 16px;padding:8px 12px;border-left:4px solid #a4001d;background:#fdf2f4',
  link: 'color:#0b4f9c;text-decoration:underline',
  table: 'border-collapse:collapse;margin:0 0 16px',
  caption: 'text-align:left;font-weight:bold;padding:0 0 4px',
  th: 'text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold',
  td: 'vertical-align:top;padding:4px 0',
  footer: 'margin:24px 0 0;padding:8px 0 0;border-top:1px solid #cccccc;color:#4d4d4d;font-size:0.875em',
} as const;

const multiline = (value: string): string => escapeHtml(value).replace(/\r\n|\r|\n/g, '<br>');

function renderHtml(title: string, heading: string, blocks: readonly Block[]): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p style="${STYLE.p}">${escapeHtml(block.text)}</p>`;
      case 'notice':
        return `<p style="${STYLE.notice}"><strong>Wichtig:</strong> ${escapeHtml(block.text)}</p>`;
      case 'link':
        return `<p style="${STYLE.p}"><a href="${escapeHtml(block.url)}" style="${STYLE.link}">${escapeHtml(block.label)}</a></p>`;
      case 'fields': {
        // A real data table with row headers, so screen readers announce each value with its label.
        const rows = block.rows.map((row) => `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(row.label)}</th><td style="${STYLE.td}">${multiline(row.value)}</td></tr>`);
        return `<table style="${STYLE.table}"><caption style="${STYLE.caption}">${escapeHtml(block.caption)}</caption><tbody>${rows.join('')}</tbody></table>`;
      }
    }
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="de">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<main style="${STYLE.main}">`,
    `<h1 style="${STYLE.h1}">${escapeHtml(heading)}</h1>`,
    ...body,
    `<p style="${STYLE.footer}">${escapeHtml(FOOTER)}</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function message(subject: string, heading: string, blocks: readonly Block[]): MailContent {
  assertSafeSubject(subject);
  return { subject, text: renderText(heading, blocks), html: renderHtml(subject, heading, blocks) };
}

const openCase = (caseNumber: string, caseUrl: string): Block => link(`Fall ${caseNumber} in KIM Flow öffnen`, caseUrl);

const GREETING = paragraph('Guten Tag,');

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
      `Bitte teilen Sie ${caseManager.name} bis zum ${germanDate(input.replyByDate)} mit, ob Sie die Vermittlung annehmen oder – mit Grund – ablehnen, und später, ob die Beratung stattgefunden hat oder der Termin nicht wahrgenommen wurde.`,
    ),
    mailLink(caseManager),
    notice('Diese E-Mail enthält personenbezogene Daten. Bitte verwenden Sie sie nur für diese Vermittlung, leiten Sie sie nicht weiter und löschen Sie sie, sobald Sie sie nicht mehr benötigen.'),
  ]);
}

/**
 * To the service when its answer to a referral is overdue. It names the case manager to answer to, because the
 * service has no access to KIM Flow, and repeats no client data.
 */
export function outcomeReminder(input: { caseNumber: string; serviceName: string; referralNumber: string; caseManager: Contact }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${caseNumber}`, 'Rückmeldung zur Vermittlung erbeten', [
    GREETING,
    paragraph(`zur Vermittlung ${input.referralNumber} (Vorgang ${caseNumber}) an ${input.serviceName} liegt uns noch keine Rückmeldung vor.`),
    paragraph(
      `Bitte teilen Sie ${input.caseManager.name} mit, ob Sie die Vermittlung annehmen oder – mit Grund – ablehnen, bzw. ob die Beratung stattgefunden hat oder der Termin nicht wahrgenommen wurde.`,
    ),
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
export function needsAttention(input: { caseNumber: string; caseUrl: string; step: string }): MailContent {
  const caseNumber = checkedCaseNumber(input.caseNumber);
  return message(`Technische Störung: Fall ${caseNumber} angehalten`, `Fall ${caseNumber} wegen einer technischen Störung angehalten`, [
    GREETING,
    paragraph(`die Bearbeitung des Falls ${caseNumber} ist im Schritt „${input.step}“ auch nach mehreren Versuchen an einem technischen Fehler gescheitert.`),
    paragraph(
      'Der Fall ist angehalten, bis das Problem behoben ist. Bitte informieren Sie den technischen Betrieb; die Fehlerdetails stehen im Protokoll der Ausführung, nicht in dieser E-Mail.',
    ),
    openCase(caseNumber, input.caseUrl),
  ]);
}
