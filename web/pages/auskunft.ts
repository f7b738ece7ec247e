/**
 * The right of access (Art. 15 DSGVO) as a readable German document: GET /api/cases/{id}/export
 * (core/privacy/access-export.ts) rendered section by section — the person's data, the case, which data went to
 * which recipient when, consents, referrals, goals, contacts, notes, the history and who read the data. Print styles
 * (auskunft.css) make it a PDF through the browser; the same answer downloads as JSON. Reading it is audited.
 */
import type { AccessExport, ExportEvent } from '../../core/privacy/access-export.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import { CONTACT_FORM_LABELS, GOAL_STATUS_LABELS } from '../../core/counselling/record.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { CONSENT_FORM_LABELS, labelOf, REFERRAL_STATUS_LABELS } from '../case-labels.ts';
import { describeEvent } from '../case-history.ts';
import { definitionList, isolated, optionalTime, section } from '../case-view.ts';
import { byId, dateElement, h, replace, timeElement, type Child } from '../dom.ts';
import { personDetails } from '../person-data.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', {}, empty);
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
    h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
  );
}

const who = (event: ExportEvent): string => `${event.by.name} (${event.by.role})`;

function recipientsSection(data: AccessExport): HTMLElement {
  return section(
    'Empfänger Ihrer Daten',
    h('p', {}, 'Diese Stellen haben mit Ihrer Einwilligung Angaben über Sie per E-Mail erhalten – jeweils nur die Angaben, die für den Zweck der Vermittlung nötig sind.'),
    table(
      'Übermittlungen',
      ['Datum', 'Empfänger', 'Übermittelte Angaben', 'Vermittlung'],
      data.disclosures.map((d) => [
        timeElement(d.at),
        h('span', {}, d.recipient.name, h('br'), d.recipient.email),
        h('span', { class: d.confirmed ? undefined : 'unbestaetigt' }, d.fields.map((f) => f.label).join(', '), !d.confirmed && ' (Versand begonnen, Bestätigung fehlt)'),
        d.referralId,
      ]),
      'Bisher wurden keine Angaben über Sie an andere Stellen übermittelt.',
    ),
    data.disclosures.length > 0 && h('p', {}, `Jede dieser E-Mails nennt außerdem: ${data.alwaysInReferralMail.join('; ')}.`),
  );
}

function caseSection(data: AccessExport): HTMLElement {
  const c = data.case;
  return section(
    'Ihr Fall',
    definitionList([
      ['Fallnummer', c.caseId],
      ['Stand', STAGE_LABELS[c.stage]],
      ['Kommune', c.municipality],
      ['Schwerpunkt', c.focusArea],
      ['Bedarfe', c.needCategories.join(', ')],
      ['Zuständig', c.caseManager === undefined ? undefined : `${c.caseManager.name} (${c.caseManager.role})`],
      ['Angelegt', timeElement(c.createdAt)],
      ['Abgeschlossen', optionalTime(c.closedAt)],
      ['Löschung vorgesehen', c.deletedAfter === undefined ? 'mit Abschluss des Falls beginnt die Aufbewahrungsfrist' : timeElement(c.deletedAfter, false)],
    ]),
  );
}

function recordSections(data: AccessExport, profile: PublicProfile): HTMLElement[] {
  return [
    section(
      'Einwilligungen',
      table(
        'Einwilligungen in die Übermittlung',
        ['Stelle', 'Form', 'Gegeben am', 'Widerrufen am'],
        data.consents.map((c) => [c.recipient.name, labelOf(CONSENT_FORM_LABELS, c.form), timeElement(c.givenAt), optionalTime(c.revokedAt) ?? '–']),
        'Keine Einwilligungen erfasst.',
      ),
    ),
    section(
      'Vermittlungen',
      table(
        'Vermittlungen',
        ['Nummer', 'Bedarf', 'Stelle', 'Stand', 'Versandt'],
        data.referrals.map((r) => [r.referralId, r.needCategory, r.recipient?.name ?? 'keine passende Stelle', labelOf(REFERRAL_STATUS_LABELS, r.status), optionalTime(r.sentAt) ?? '–']),
        'Keine Vermittlungen.',
      ),
    ),
    section(
      'Ziele (Hilfeplan)',
      table(
        'Vereinbarte Ziele',
        ['Ziel', 'Bereich', 'Bis', 'Stand', 'Absprachen'],
        data.goals.map((g) => [isolated(g.text), nameIn(profile.needCategories, g.needCategory), dateElement(g.targetDate), labelOf(GOAL_STATUS_LABELS, g.status), isolated(g.tasks) ?? '–']),
        'Keine Ziele vereinbart.',
      ),
    ),
    section(
      'Beratungskontakte',
      table(
        'Beratungskontakte',
        ['Datum', 'Form', 'Dauer', 'Themen', 'Notiz'],
        data.contacts.map((c) => [dateElement(c.date), labelOf(CONTACT_FORM_LABELS, c.form), `${String(c.durationMinutes)} Minuten`, c.needCategories.map((id) => nameIn(profile.needCategories, id)).join(', '), isolated(c.note) ?? '–']),
        'Keine Beratungskontakte erfasst.',
      ),
    ),
    section(
      'Notizen',
      table(
        'Notizen der Fachkräfte',
        ['Datum', 'Art', 'Text'],
        data.notes.map((n) => [timeElement(n.createdAt), n.level === 'psychosocial' ? 'psychosozial' : 'allgemein', h('bdi', { class: 'mehrzeilig' }, n.text)]),
        'Keine Notizen.',
      ),
    ),
  ];
}

function auditSections(data: AccessExport, profile: PublicProfile): HTMLElement[] {
  const history = h('section', { class: 'neue-seite' }, h('h2', {}, 'Verlauf des Falls'));
  history.append(
    table(
      'Verlauf, älteste Einträge zuerst',
      ['Zeitpunkt', 'Vorgang', 'Durch'],
      data.history.map((e) => [timeElement(e.at), describeEvent({ kind: e.kind, actor: e.by.id, at: e.at, ...(e.details === undefined ? {} : { details: e.details }) }, profile, ''), who(e)]),
      'Kein Verlauf.',
    ),
  );
  const reads = h('section', { class: 'neue-seite' }, h('h2', {}, 'Wer Ihre Daten gelesen hat'));
  reads.append(table('Lesezugriffe', ['Zeitpunkt', 'Person', 'Rolle', 'Art des Zugriffs'], data.reads.map((e) => [timeElement(e.at), e.by.name, e.by.role, e.label]), 'Keine Lesezugriffe.'));
  return [history, reads];
}

/** The supervisory authority of the district's state (the profile's `district.dataProtection`), Art. 77 DSGVO. */
function complaint(authority: AccessExport['supervisoryAuthority']): HTMLElement {
  return h(
    'p',
    {},
    `Sie können sich bei der Aufsichtsbehörde für den Datenschutz beschweren: ${authority.name}`,
    authority.address !== undefined && `, ${authority.address}`,
    authority.url !== undefined && h('span', {}, ', ', h('a', { href: authority.url }, authority.url)),
    '.',
  );
}

function render(data: AccessExport, profile: PublicProfile): HTMLElement {
  return h(
    'div',
    { class: 'auskunft' },
    h(
      'p',
      {},
      `Verantwortlich: ${data.controller.name}, ${data.controller.address}, ${data.controller.email}. Erstellt am `,
      timeElement(data.createdAt),
      ` von ${data.createdBy.name} (${data.createdBy.role}).`,
    ),
    data.withheld.length > 0 && h('div', { class: 'hinweis' }, h('p', {}, 'Nicht in dieser Auskunft enthalten:'), h('ul', {}, ...data.withheld.map((w) => h('li', {}, w)))),
    data.client === undefined ? section('Angaben zu Ihrer Person', h('p', {}, 'Keine Angaben gespeichert.')) : section('Angaben zu Ihrer Person', personDetails(data.client, profile)),
    caseSection(data),
    recipientsSection(data),
    ...recordSections(data, profile),
    ...auditSections(data, profile),
    section(
      'Ihre Rechte',
      h(
        'p',
        {},
        'Sie können die Berichtigung (Art. 16 DSGVO), die Löschung (Art. 17) oder die Einschränkung der Verarbeitung (Art. 18) verlangen, einer Verarbeitung widersprechen (Art. 21) und jede Einwilligung mit Wirkung für die Zukunft widerrufen.',
      ),
      complaint(data.supervisoryAuthority),
    ),
  );
}

const caseId = new URLSearchParams(location.search).get('fall') ?? '';
const start = await startPage(['casemanager', 'coordinator']);
if (start !== undefined) {
  const container = byId('auskunft');
  const path = `/api/cases/${encodeURIComponent(caseId)}/export`;
  setStatus('Die Auskunft wird zusammengestellt.');
  try {
    const [data, profile] = await Promise.all([api<AccessExport>('GET', `${path}?format=document`), publicProfile()]);
    const print = h('button', { type: 'button' }, 'Drucken oder als PDF speichern');
    print.addEventListener('click', () => {
      window.print();
    });
    // The session cookie (path /api) signs the plain link in, so the browser saves the file itself.
    replace(byId('steuerung'), print, h('a', { href: `${path}?format=json`, download: `auskunft-${data.case.caseId}.json`, class: 'button-link secondary' }, 'Als JSON herunterladen'), h('a', { href: `/fall.html?id=${encodeURIComponent(caseId)}` }, 'Zurück zum Fall'));
    replace(container, render(data, profile));
    document.title = `Auskunft ${data.case.caseId} – KIM Flow`;
    setStatus('Die Auskunft ist zusammengestellt.');
  } catch (error) {
    setStatus('');
    showFailure(container, error);
  }
}
