// One meeting (?id=…): what, when, where, its agenda, guests and who answered; for coordinators the changes the
// API offers (agenda, guests, reschedule, cancel). Every change raises the meeting's SEQUENCE and the reconciler
// sends the updates; after a change the page reloads the meeting and moves the focus to the message.
import { localDate } from '../../core/calendar/local-date.ts';
import type { MeetingDetail } from '../../core/meetings/meeting-admin.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { TrackedAction } from '../../core/meetings/minutes.ts';
import type { RsvpRecord } from '../../core/meetings/ports.ts';
import { api, ApiFailure } from '../api.ts';
import { TIME_ZONE } from '../dates.ts';
import { byId, dateElement, downloadBlob, h, replace } from '../dom.ts';
import { answerMark, inputTime, lastSentText, longWhen, openActionText, shortWhen, statusMark } from '../meeting-format.ts';
import { formField, submitForm, type FormField } from '../meeting-forms.ts';
import { formatMonth, monthOfDate } from '../month-grid.ts';
import { currentSession, hasRole } from '../session.ts';
import { announce, fail } from '../page-message.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const meetingId = new URLSearchParams(location.search).get('id') ?? '';
const meetingPath = `/api/meetings/${encodeURIComponent(meetingId)}`;
/** Only coordinators change meetings (the API checks it too); administrators see them. */
let coordinator = false;

/** The meeting as GET /api/meetings/{id} answers: with the open action items of the body and the minutes' state. */
type MeetingPage = MeetingDetail & { readonly openActions?: readonly TrackedAction[]; readonly minutes?: { readonly releasedEdition: number } };

async function load(): Promise<MeetingPage> {
  return api<MeetingPage>('GET', meetingPath);
}

/** Runs a change, then shows the meeting as it is now and says what happened. */
/** What the page says after a change: fixed, or read from the API's answer. */
type Success = string | ((answer: unknown) => string);

async function changeAndReload(send: () => Promise<unknown>, success: Success): Promise<void> {
  // The message of an earlier change no longer applies once the next one is under way.
  replace(byId('meldung'));
  const answer = await send();
  try {
    render(await load());
    announce(typeof success === 'string' ? success : success(answer));
  } catch (error) {
    fail(error);
  }
}

/**
 * A small form of the page: heading, error summary, fields, one button. The API's field errors appear next to
 * their fields; on success the page is rebuilt and announces `success`.
 */
function actionForm(heading: string, fields: readonly FormField[], buttonLabel: string, send: (values: Record<string, string>) => Promise<unknown>, success: Success): HTMLElement {
  return h('section', { class: 'aktion' }, h('h3', {}, heading), submitForm(fields, buttonLabel, (values) => changeAndReload(() => send(values), success), () => undefined));
}

async function downloadCalendar(meeting: MeetingRecord): Promise<void> {
  // The .ics route wants the bearer token like every API route, so a plain link would not do: fetch it and hand
  // the browser the file as a Blob URL (a download is navigation, which the CSP's default-src does not govern).
  const session = currentSession();
  let response: Response;
  try {
    response = await fetch(`${meetingPath}/invite.ics`, { headers: { accept: 'text/calendar', ...(session === undefined ? {} : { authorization: `Bearer ${session.token}` }) } });
  } catch {
    throw new ApiFailure(0, 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.');
  }
  if (!response.ok) throw new ApiFailure(response.status, 'Der Kalendereintrag konnte nicht geladen werden. Bitte laden Sie die Seite neu.');
  downloadBlob(new Blob([await response.text()], { type: 'text/calendar' }), `${meeting.meetingId}.ics`);
  setStatus('Der Kalendereintrag wurde heruntergeladen.');
}

function statusText(meeting: MeetingRecord): HTMLElement | string {
  return statusMark(meeting) ?? (Date.parse(meeting.start) <= Date.now() ? 'hat stattgefunden' : 'findet statt');
}

function facts(detail: MeetingPage): HTMLElement {
  const { meeting } = detail;
  const download = h('button', { type: 'button', class: 'secondary' }, 'Kalendereintrag herunterladen (.ics)');
  download.addEventListener('click', () => {
    void downloadCalendar(meeting).catch(fail);
  });
  return h(
    'dl',
    { class: 'angaben' },
    h('dt', {}, 'Gremium'),
    h('dd', {}, detail.bodyName),
    h('dt', {}, 'Datum und Uhrzeit'),
    h('dd', {}, h('time', { datetime: meeting.start }, longWhen(meeting))),
    meeting.movedBecause !== undefined && h('dt', {}, 'Verlegt'),
    meeting.movedBecause !== undefined && h('dd', {}, 'vom regulären Termin ', dateElement(meeting.ruleDate), ` wegen: ${meeting.movedBecause}`),
    h('dt', {}, 'Ort'),
    h('dd', {}, meeting.location),
    h('dt', {}, 'Status'),
    h('dd', {}, statusText(meeting)),
    h('dt', {}, 'Änderungsstand'),
    h('dd', {}, `${String(meeting.sequence)} `, h('span', { class: 'hilfe' }, '(steigt mit jeder Änderung; Kalender übernehmen nur den neuesten Stand)')),
    h('dt', {}, 'Kalendereintrag'),
    h('dd', {}, download),
    h('dt', {}, 'Protokoll'),
    h('dd', {}, h('a', { href: `/protokoll.html?id=${encodeURIComponent(meeting.meetingId)}` }, 'Protokoll'), (detail.minutes?.releasedEdition ?? 0) > 0 && ` (Fassung ${String(detail.minutes?.releasedEdition)} freigegeben)`),
  );
}

/** What earlier meetings of the body left open; marked done on the minutes page. */
function openActions(detail: MeetingPage): HTMLElement {
  const actions = detail.openActions ?? [];
  return h(
    'section',
    { 'aria-labelledby': 'offene-aufgaben-titel' },
    h('h2', { id: 'offene-aufgaben-titel' }, 'Offene Aufgaben aus früheren Sitzungen'),
    actions.length === 0 ? h('p', {}, 'Keine offenen Aufgaben.') : h('ul', {}, ...actions.map((action) => h('li', { dir: 'auto' }, openActionText(action)))),
  );
}

/** A button that removes one entry of the meeting (DELETE `path`) and says so; `what` names the entry for screen readers. */
function removeButton(label: string, what: string, path: string, success: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, label, h('span', { class: 'visually-hidden' }, `: ${what}`));
  button.addEventListener('click', () => {
    button.disabled = true;
    void changeAndReload(() => api('DELETE', path), success).catch((error: unknown) => {
      button.disabled = false;
      fail(error);
    });
  });
  return button;
}

function agenda(meeting: MeetingRecord, canChange: boolean): HTMLElement {
  const items = meeting.agenda.map((item) => {
    const remove = canChange && removeButton('Entfernen', item.title, `${meetingPath}/agenda/${encodeURIComponent(item.itemId)}`, `Der Tagesordnungspunkt „${item.title}“ wurde entfernt.`);
    return h('li', {}, h('span', { class: 'top-titel' }, item.title), remove && ' ', remove);
  });
  const title = formField('title', { label: 'Thema', multiline: true, required: true });
  return h(
    'section',
    { 'aria-labelledby': 'tagesordnung-titel' },
    h('h2', { id: 'tagesordnung-titel' }, 'Tagesordnung'),
    items.length === 0 ? h('p', {}, 'Noch keine Tagesordnungspunkte.') : h('ol', { class: 'tagesordnung' }, ...items),
    canChange &&
      actionForm('Neuen Punkt aufnehmen', [title], 'Punkt aufnehmen', (values) => api('POST', `${meetingPath}/agenda`, values), 'Der Tagesordnungspunkt wurde hinzugefügt. Die Eingeladenen erhalten eine Aktualisierung.'),
  );
}

function guests(meeting: MeetingRecord, canChange: boolean): HTMLElement {
  const fields = [
    formField('name', { label: 'Name', required: true, autocomplete: 'name' }),
    formField('email', { label: 'E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email' }),
    formField('topic', { label: 'Thema', hint: 'Worüber der Gast berichtet oder weshalb er eingeladen ist.' }),
  ];
  return h(
    'section',
    { 'aria-labelledby': 'gaeste-titel' },
    h('h2', { id: 'gaeste-titel' }, 'Gäste'),
    meeting.guests.length === 0
      ? h('p', {}, 'Keine Gäste eingeladen.')
      : h(
          'ul',
          {},
          ...meeting.guests.map((g) => {
            const remove = canChange && removeButton('Ausladen', g.name, `${meetingPath}/guests/${encodeURIComponent(g.guestId)}`, `${g.name} wurde ausgeladen und erhält eine Absage; die anderen erhalten eine Aktualisierung.`);
            return h('li', {}, h('span', { dir: 'auto' }, g.name), ` (${g.email})`, g.topic !== undefined && ` – Thema: ${g.topic}`, remove && ' ', remove);
          }),
        ),
    canChange && actionForm('Gast einladen', fields, 'Gast einladen', (values) => api('POST', `${meetingPath}/guests`, values), 'Der Gast wurde eingeladen und erhält eine Einladung.'),
  );
}

function recipients(detail: MeetingDetail): HTMLElement {
  // Answers to an earlier time of the meeting are shown, but counted apart: the person is asked again.
  const current = detail.recipients.filter((r) => r.answeredEarlierTime !== true);
  const count = (answer: RsvpRecord['answer'] | undefined): number => current.filter((r) => r.answer === answer).length;
  const earlier = detail.recipients.length - current.length;
  return h(
    'section',
    { 'aria-labelledby': 'teilnehmende-titel' },
    h('h2', { id: 'teilnehmende-titel' }, 'Eingeladene und Antworten'),
    ...(detail.recipients.length === 0
      ? [h('p', {}, 'Diese Sitzung hat noch keine Eingeladenen.')]
      : [
          h('p', {}, `Zugesagt: ${String(count('accepted'))} · Unter Vorbehalt: ${String(count('tentative'))} · Abgesagt: ${String(count('declined'))} · Keine Antwort: ${String(count(undefined))}${earlier === 0 ? '' : ` · Antwort zur früheren Zeit: ${String(earlier)}`}`),
          h(
            'table',
            {},
            h('caption', {}, 'Mitglieder und Gäste mit ihrer Antwort'),
            h('thead', {}, h('tr', {}, ...['Name', 'E-Mail-Adresse', 'Teilnahme als', 'Zuletzt verschickt', 'Antwort'].map((label) => h('th', { scope: 'col' }, label)))),
            h(
              'tbody',
              {},
              ...detail.recipients.map((r) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row', dir: 'auto' }, r.name),
                  h('td', {}, r.email),
                  h('td', {}, r.kind === 'guest' ? 'Gast' : 'Mitglied'),
                  h('td', {}, lastSentText(r.lastSent, r.sequence)),
                  h('td', {}, answerMark(r.answer), r.answeredEarlierTime === true && ' (zur früheren Zeit, erneut gefragt)'),
                ),
              ),
            ),
          ),
        ]),
  );
}

function reschedule(meeting: MeetingRecord): HTMLElement {
  const fields = [
    formField('date', { label: 'Neues Datum', type: 'date', required: true, value: localDate(new Date(meeting.start), TIME_ZONE), hint: 'Ein Arbeitstag (kein Wochenende, kein gesetzlicher Feiertag, kein Schließtag).' }),
    formField('time', { label: 'Neue Uhrzeit', type: 'time', required: true, value: inputTime(meeting.start), hint: 'Deutsche Zeit; die Sitzung muss ganz in den Dienstzeiten liegen.' }),
    formField('location', { label: 'Neuer Ort', hint: 'Leer lassen, wenn der Ort bleibt.' }),
  ];
  // The same date, time and place change nothing (no new SEQUENCE): the page must not claim an update went out.
  const moved = (answer: unknown): string =>
    (answer as Pick<MeetingRecord, 'sequence'>).sequence === meeting.sequence
      ? 'Nichts geändert: Datum, Uhrzeit und Ort sind dieselben. Es geht keine Aktualisierung hinaus.'
      : 'Die Sitzung wurde verschoben. Die Eingeladenen erhalten eine Aktualisierung.';
  return actionForm('Verschieben', fields, 'Sitzung verschieben', (values) => api<MeetingRecord>('POST', `${meetingPath}/reschedule`, values), moved);
}

function cancellation(meeting: MeetingRecord): HTMLElement {
  const area = h('div', {});
  const ask = h('button', { type: 'button', class: 'gefahr' }, 'Sitzung absagen …');
  const confirm = h('button', { type: 'button', class: 'gefahr' }, 'Ja, Sitzung absagen');
  const keep = h('button', { type: 'button', class: 'secondary' }, 'Nicht absagen');
  const question = h(
    'div',
    { class: 'hinweis', tabindex: -1, role: 'group', 'aria-labelledby': 'absage-frage' },
    h('p', { id: 'absage-frage' }, `Soll die Sitzung am ${shortWhen(meeting.start)} wirklich abgesagt werden? Alle Eingeladenen erhalten eine Absage, die den Eintrag aus ihrem Kalender entfernt. Das lässt sich nicht rückgängig machen.`),
    h('div', { class: 'aktionen' }, confirm, keep),
  );
  ask.addEventListener('click', () => {
    replace(area, question);
    question.focus();
  });
  keep.addEventListener('click', () => {
    replace(area, ask);
    ask.focus();
  });
  confirm.addEventListener('click', () => {
    confirm.disabled = true;
    void changeAndReload(() => api('POST', `${meetingPath}/cancel`), 'Die Sitzung wurde abgesagt. Alle Eingeladenen erhalten eine Absage.').catch((error: unknown) => {
      confirm.disabled = false;
      fail(error);
    });
  });
  replace(area, ask);
  return h('section', { class: 'aktion' }, h('h3', {}, 'Absagen'), area);
}

function changes(meeting: MeetingRecord): HTMLElement {
  const content: HTMLElement[] = [];
  if (!coordinator) content.push(h('p', {}, 'Änderungen an Sitzungen nimmt die Koordination vor.'));
  else if (meeting.status === 'cancelled') content.push(h('p', {}, 'Die Sitzung ist abgesagt und kann nicht mehr geändert werden.'));
  else if (Date.parse(meeting.start) <= Date.now()) content.push(h('p', {}, 'Die Sitzung hat bereits stattgefunden und kann nicht mehr geändert werden.'));
  else content.push(reschedule(meeting), cancellation(meeting));
  return h('section', { 'aria-labelledby': 'aendern-titel' }, h('h2', { id: 'aendern-titel' }, 'Termin ändern'), ...content);
}

function render(detail: MeetingPage): void {
  const { meeting } = detail;
  const canChange = coordinator && meeting.status === 'scheduled' && Date.parse(meeting.start) > Date.now();
  const title = `${detail.bodyName} am ${shortWhen(meeting.start)}`;
  byId('titel').textContent = title;
  document.title = `${title} – KIM Flow`;
  byId('zurueck').setAttribute('href', `/termine.html?monat=${formatMonth(monthOfDate(localDate(new Date(meeting.start), TIME_ZONE)))}`);
  replace(byId('termin'), facts(detail), agenda(meeting, canChange), openActions(detail), guests(meeting, canChange), recipients(detail), changes(meeting));
}

async function main(): Promise<void> {
  const start = await startPage(['coordinator', 'admin']);
  if (start === undefined) return;
  if (meetingId === '') {
    replace(byId('termin'), h('p', { class: 'hinweis' }, 'Es ist keine Sitzung angegeben. Bitte wählen Sie eine Sitzung in der Terminübersicht.'));
    return;
  }
  setStatus('Die Sitzung wird geladen.');
  try {
    coordinator = hasRole(start.session, 'coordinator');
    render(await load());
    setStatus('Die Sitzung ist geladen.');
  } catch (error) {
    showFailure(byId('termin'), error);
    setStatus('Die Sitzung konnte nicht geladen werden.');
  }
}

void main();
