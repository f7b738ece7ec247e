// The minutes of one meeting (?id=…): the coordination writes the draft (attendance, per agenda item the discussion,
// decisions and action items), saves it and releases it as an edition, which everyone invited gets by mail; later
// releases are corrections with a note. Open action items of the body's earlier meetings are marked done here.
// The API gives the unreleased draft only to the coordination and the administration; other staff read the latest
// released edition. "Drucken" prints the latest edition alone (protokoll.css).
import { STAFF_ROLES } from '../../core/identity/roles.ts';
import { minutesOutline } from '../../core/meetings/minutes-document.ts';
import type { ActionOwner, MinutesDraft, MinutesView, TrackedAction } from '../../core/meetings/minutes.ts';
import { api } from '../api.ts';
import { TIME_ZONE } from '../dates.ts';
import { byId, h, replace, timeElement } from '../dom.ts';
import { clearErrors, failureReport, field, showErrors } from '../forms.ts';
import { longWhen, openActionText, shortWhen } from '../meeting-format.ts';
import { minutesFormParts, type FieldPlaces } from '../minutes-form.ts';
import { printedMinutes } from '../minutes-print.ts';
import { publicProfile } from '../public-profile.ts';
import { hasRole } from '../session.ts';
import { announce, fail } from '../page-message.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const meetingId = new URLSearchParams(location.search).get('id') ?? '';
const meetingPath = `/api/meetings/${encodeURIComponent(meetingId)}`;
const minutesPath = `${meetingPath}/minutes`;
/** Only coordinators change the minutes (the API checks it too); other staff read them. */
let coordinator = false;
let districtName = '';

/** The last edition released (0: none yet), whether or not the answer carries the draft. */
const releasedEdition = (view: MinutesView): number => view.draft?.releasedEdition ?? view.latest?.edition ?? 0;

function facts(view: MinutesView): HTMLElement {
  const { meeting, draft } = view;
  const released = releasedEdition(view);
  const unreleased = draft === undefined ? 'Noch kein Protokoll freigegeben' : draft.version === 0 ? 'Noch nicht begonnen' : 'Entwurf, noch nicht freigegeben';
  const state = released > 0 ? `Fassung ${String(released)} freigegeben` : unreleased;
  return h(
    'dl',
    { class: 'angaben' },
    h('dt', {}, 'Gremium'),
    h('dd', {}, meeting.bodyName),
    h('dt', {}, 'Datum und Uhrzeit'),
    h('dd', {}, h('time', { datetime: meeting.start }, longWhen(meeting))),
    h('dt', {}, 'Ort'),
    h('dd', {}, meeting.location),
    h('dt', {}, 'Stand'),
    h('dd', {}, meeting.status === 'cancelled' ? 'Die Sitzung ist abgesagt.' : state),
  );
}

/** The open action items of earlier meetings, each with "Erledigt" for the coordination. */
function openActionList(actions: readonly TrackedAction[]): HTMLElement {
  if (actions.length === 0) return h('p', {}, 'Aus früheren Sitzungen sind keine Aufgaben offen.');
  const items = actions.map((action) => {
    const item = h('li', { dir: 'auto' }, openActionText(action));
    if (coordinator) {
      const done = h('button', { type: 'button', class: 'secondary' }, 'Erledigt', h('span', { class: 'visually-hidden' }, `: ${action.what}`));
      done.addEventListener('click', () => {
        done.disabled = true;
        // Only this entry changes: the draft in the form stays as typed, unsaved changes included.
        api<TrackedAction>('POST', `/api/meetings/${encodeURIComponent(action.meetingId)}/actions/${encodeURIComponent(action.actionId)}/done`)
          .then(() => {
            item.remove();
            announce(`Die Aufgabe „${action.what}“ ist als erledigt vermerkt.`);
          })
          .catch((error: unknown) => {
            done.disabled = false;
            fail(error);
          });
      });
      item.append(' ', done);
    }
    return item;
  });
  return h('div', {}, h('p', { id: 'offene-aufgaben-titel' }, 'Noch offen:'), h('ul', { class: 'offene-aufgaben', 'aria-labelledby': 'offene-aufgaben-titel' }, ...items));
}

function editions(view: MinutesView): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'fassungen-titel', class: 'nicht-drucken' },
    h('h2', { id: 'fassungen-titel' }, 'Freigegebene Fassungen'),
    view.editions.length === 0
      ? h('p', {}, 'Noch keine Fassung freigegeben.')
      : h(
          'ol',
          {},
          ...view.editions.map((e) =>
            h('li', {}, `Fassung ${String(e.edition)}, freigegeben am `, timeElement(e.releasedAt), e.correctionNote !== undefined && h('span', { dir: 'auto' }, ` – Berichtigung: ${e.correctionNote}`)),
          ),
        ),
  );
}

function printSection(view: MinutesView): HTMLElement | false {
  const { latest, meeting } = view;
  if (latest === undefined) return false;
  const print = h('button', { type: 'button', class: 'secondary nicht-drucken' }, 'Drucken');
  print.addEventListener('click', () => {
    window.print();
  });
  const outline = minutesOutline(latest, { bodyName: meeting.bodyName, location: meeting.location, end: meeting.end, timeZone: TIME_ZONE, districtName, openActions: view.openActions });
  return h('section', { id: 'druckfassung', 'aria-labelledby': 'druck-abschnitt' }, h('h2', { id: 'druck-abschnitt' }, `Fassung ${String(latest.edition)} zum Lesen und Drucken`), h('div', { class: 'aktionen' }, print), printedMinutes(outline));
}

/** The draft as a form; for coordinators with "Entwurf speichern" and "Protokoll freigeben", for the administration read-only. */
function draftForm(view: MinutesView, draft: MinutesDraft, owners: readonly ActionOwner[]): HTMLElement {
  const editable = coordinator && view.meeting.status === 'scheduled';
  const parts = minutesFormParts(draft, { editable, owners, openActions: openActionList, openActionItems: view.openActions });
  const summary = h('div', {});
  const content = h('fieldset', { class: 'entwurf', disabled: !editable }, h('legend', { class: 'visually-hidden' }, 'Entwurf des Protokolls'), ...parts.sections);
  const form = h('form', { novalidate: true }, summary, content);
  if (!editable) {
    const why = coordinator ? 'Die Sitzung ist abgesagt; für sie gibt es kein Protokoll.' : 'Das Protokoll schreibt und gibt die Koordination frei.';
    return h('section', { 'aria-labelledby': 'entwurf-titel' }, h('h2', { id: 'entwurf-titel' }, 'Entwurf'), h('p', { class: 'hinweis' }, why), form);
  }

  const correction = draft.releasedEdition > 0 ? h('textarea', { rows: 3, required: true }) : undefined;
  const reason = view.releaseBlockedBecause;
  const save = h('button', { type: 'submit' }, 'Entwurf speichern');
  const release = h('button', { type: 'button', disabled: reason !== undefined, 'aria-describedby': reason === undefined ? undefined : 'freigabe-grund' }, 'Protokoll freigeben');
  const releaseArea = h(
    'fieldset',
    {},
    h('legend', {}, 'Freigabe'),
    h('p', { class: 'hilfe' }, draft.releasedEdition > 0 ? `Fassung ${String(draft.releasedEdition)} ist freigegeben. Eine neue Freigabe ist eine Berichtigung: Alle Eingeladenen erhalten sie mit Ihrem Hinweis.` : 'Mit der Freigabe erhalten alle Eingeladenen das Protokoll per E-Mail. Der Entwurf wird dabei zuerst gespeichert.'),
    correction !== undefined && field('feld-berichtigung', 'Berichtigung: was wurde geändert?', correction, 'Steht in der E-Mail und im Protokoll bei der neuen Fassung.'),
    reason !== undefined && h('p', { id: 'freigabe-grund', class: 'freigabe-grund' }, reason),
    h('div', { class: 'aktionen' }, save, release),
  );
  form.append(releaseArea);

  const placesWithNote = (places: FieldPlaces): FieldPlaces => (correction === undefined ? places : places.set('correctionNote', { elementId: correction.id, label: 'Berichtigung' }));
  let places: FieldPlaces = new Map();
  // Raised by each save: a release whose save went through but was refused itself is retried at the new version.
  let version = draft.version;
  const showProblems = (error: unknown): void => {
    // zod's paths come as `items[0].due`, the use case's own as `items.0.due`: both find the field.
    showErrors(summary, failureReport(error, (name) => places.get(name.replace(/\[(\d+)\]/g, '.$1'))), { nameFieldInError: true });
  };
  const saveDraft = async (): Promise<MinutesView> => {
    const collected = parts.collect();
    places = placesWithNote(collected.places);
    // Always with the version, 0 for a draft never saved: of two first saves only one goes through.
    const saved = await api<MinutesView>('PUT', minutesPath, { version, ...collected.input });
    if (saved.draft === undefined) throw new Error('Die Antwort auf das Speichern enthält den Entwurf nicht.');
    version = saved.draft.version;
    return saved;
  };
  const run = async (button: HTMLButtonElement, work: () => Promise<MinutesView>, success: (view: MinutesView) => string): Promise<void> => {
    button.disabled = true;
    clearErrors(form, summary);
    replace(byId('meldung'));
    try {
      const next = await work();
      render(next);
      announce(success(next));
    } catch (error) {
      showProblems(error);
      button.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(save, saveDraft, () => 'Der Entwurf wurde gespeichert.');
  });
  release.addEventListener('click', () => {
    // What is released is what the form shows: the draft is saved first, then released at that version.
    void run(
      release,
      async () => {
        await saveDraft();
        const note = correction?.value.trim() ?? '';
        return api<MinutesView>('POST', `${minutesPath}/release`, { version, ...(note === '' ? {} : { correctionNote: note }) });
      },
      (next) => `Das Protokoll wurde als Fassung ${String(releasedEdition(next))} freigegeben. Alle Eingeladenen erhalten es per E-Mail.`,
    );
  });
  return h('section', { 'aria-labelledby': 'entwurf-titel' }, h('h2', { id: 'entwurf-titel' }, 'Entwurf'), form);
}

function render(view: MinutesView): void {
  const title = `Protokoll: ${view.meeting.bodyName} am ${shortWhen(view.meeting.start)}`;
  byId('titel').textContent = title;
  document.title = `${title} – KIM Flow`;
  const back = byId('zurueck');
  back.setAttribute('href', `/termin.html?id=${encodeURIComponent(view.meeting.meetingId)}`);
  back.textContent = 'Zurück zur Sitzung';
  // Without the draft (staff other than the coordination and the administration) only what was released.
  const { draft } = view;
  if (draft !== undefined) replace(byId('protokoll'), facts(view), draftForm(view, draft, view.owners ?? []), editions(view), printSection(view));
  else if (view.latest === undefined) replace(byId('protokoll'), facts(view), h('p', { class: 'hinweis' }, 'Für diese Sitzung ist noch kein Protokoll freigegeben.'));
  else replace(byId('protokoll'), facts(view), editions(view), printSection(view));
}

async function main(): Promise<void> {
  const start = await startPage(STAFF_ROLES);
  if (start === undefined) return;
  if (meetingId === '') {
    replace(byId('protokoll'), h('p', { class: 'hinweis' }, 'Es ist keine Sitzung angegeben. Bitte wählen Sie eine Sitzung in der Terminübersicht.'));
    return;
  }
  setStatus('Das Protokoll wird geladen.');
  try {
    coordinator = hasRole(start.session, 'coordinator');
    const [view, profile] = await Promise.all([api<MinutesView>('GET', minutesPath), publicProfile()]);
    districtName = profile.district.name;
    render(view);
    setStatus('Das Protokoll ist geladen.');
  } catch (error) {
    showFailure(byId('protokoll'), error);
    setStatus('Das Protokoll konnte nicht geladen werden.');
  }
}

void main();
