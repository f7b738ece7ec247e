// The annual plan (Jahresplan): every body's meetings of one calendar year (?jahr=JJJJ; from 1 September on the
// next year), month by month, to read and to print; and where each body's dates can be subscribed: its signed
// calendar feed and, for the public bodies, the OParl feed.
import { formatGerman } from '../../core/calendar/german-format.ts';
import { localDate } from '../../core/calendar/local-date.ts';
import { STAFF_ROLES } from '../../core/identity/roles.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { BodyOverview } from '../../core/meetings/memberships.ts';
import { api } from '../api.ts';
import { defaultPlanYear, meetingsByMonth, parsePlanYear, planRange, planYears } from '../annual-plan.ts';
import { germanDate, TIME_ZONE } from '../dates.ts';
import { byId, h, replace } from '../dom.ts';
import { clockTime, statusMark } from '../meeting-format.ts';
import { monthLabel } from '../month-grid.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

function renderYearChoice(years: readonly number[], year: number): void {
  const select = h('select', { id: 'jahr', name: 'jahr' }, ...years.map((y) => h('option', { value: String(y), selected: y === year }, String(y))));
  const print = h('button', { type: 'button', class: 'secondary' }, 'Drucken');
  print.addEventListener('click', () => {
    window.print();
  });
  replace(
    byId('steuerung'),
    h('form', { method: 'get', class: 'jahreswahl' }, h('div', { class: 'feld' }, h('label', { for: 'jahr' }, 'Jahr'), select), h('button', { type: 'submit' }, 'Anzeigen')),
    print,
  );
}

/** Why the meeting is not on its rule date, or that it is cancelled; empty when it simply takes place. */
function note(meeting: MeetingRecord): (HTMLElement | string)[] {
  const cancelled = statusMark(meeting);
  const moved = meeting.movedBecause === undefined ? undefined : `verlegt vom ${germanDate(meeting.ruleDate)} (${meeting.movedBecause})`;
  return [cancelled, cancelled !== undefined && moved !== undefined && ' ', moved].filter((part): part is HTMLElement | string => part !== undefined && part !== false);
}

/** The date; a link to the meeting's page for those who may open it (coordination, administration). */
function meetingRow(names: ReadonlyMap<string, string>, meeting: MeetingRecord, linked: boolean): HTMLTableRowElement {
  const start = new Date(meeting.start);
  const date = h('time', { datetime: localDate(start, TIME_ZONE) }, formatGerman(start, 'date', TIME_ZONE));
  return h(
    'tr',
    { class: meeting.status === 'cancelled' ? 'abgesagt' : undefined },
    h('th', { scope: 'row' }, linked ? h('a', { href: `/termin.html?id=${encodeURIComponent(meeting.meetingId)}` }, date) : date),
    h('td', {}, formatGerman(start, 'weekday', TIME_ZONE)),
    h('td', {}, `${clockTime(meeting.start)}–${clockTime(meeting.end)} Uhr`),
    h('td', {}, names.get(meeting.bodyId) ?? meeting.bodyId),
    h('td', {}, meeting.location),
    h('td', {}, ...note(meeting)),
  );
}

function renderPlan(year: number, bodies: readonly BodyOverview[], meetings: readonly MeetingRecord[], linked: boolean): number {
  const names = new Map(bodies.map((b) => [b.id, b.name] as const));
  const months = meetingsByMonth(year, meetings);
  replace(
    byId('plan'),
    ...months.map(({ month, meetings: inMonth }) => {
      const label = monthLabel({ year, month });
      const headingId = `monat-${String(month)}`;
      return h(
        'section',
        { class: 'monat', 'aria-labelledby': headingId },
        h('h2', { id: headingId }, label),
        inMonth.length === 0
          ? h('p', {}, 'Keine Sitzungen.')
          : h(
              'table',
              { class: 'jahresplan' },
              h('caption', { class: 'visually-hidden' }, `Sitzungen im ${label}`),
              h('thead', {}, h('tr', {}, ...['Datum', 'Wochentag', 'Uhrzeit', 'Gremium', 'Ort', 'Hinweis'].map((c) => h('th', { scope: 'col' }, c)))),
              h('tbody', {}, ...inMonth.map((m) => meetingRow(names, m, linked))),
            ),
      );
    }),
  );
  return months.reduce((count, m) => count + m.meetings.length, 0);
}

function renderFeeds(bodies: readonly BodyOverview[]): void {
  replace(
    byId('abos'),
    h(
      'ul',
      { class: 'abos' },
      ...bodies.map((body) =>
        h(
          'li',
          {},
          h('strong', {}, body.name),
          ': ',
          h('a', { href: body.links.calendarFeed }, 'Kalender abonnieren', h('span', { class: 'visually-hidden' }, ` (${body.name})`)),
          body.links.oparlMeetings !== undefined && ' · ',
          body.links.oparlMeetings !== undefined && h('a', { href: body.links.oparlMeetings }, 'OParl-Sitzungsliste', h('span', { class: 'visually-hidden' }, ` (${body.name})`)),
        ),
      ),
    ),
  );
}

async function main(): Promise<void> {
  const start = await startPage(STAFF_ROLES);
  if (start === undefined) return;
  const today = localDate(new Date(), TIME_ZONE);
  const requested = new URLSearchParams(location.search).get('jahr');
  const year = parsePlanYear(requested, today) ?? defaultPlanYear(today);
  if (requested !== null && parsePlanYear(requested, today) === undefined) {
    replace(byId('hinweis'), h('p', { class: 'hinweis' }, `Für „${requested}“ gibt es keinen Jahresplan (wählbar: ${planYears(today).join(', ')}). Gezeigt wird ${String(year)}.`));
  }
  byId('titel').textContent = `Jahresplan ${String(year)}`;
  document.title = `Jahresplan ${String(year)} – KIM Flow`;
  renderYearChoice(planYears(today), year);
  setStatus(`Der Jahresplan ${String(year)} wird geladen.`);
  try {
    const query = new URLSearchParams(planRange(year));
    const [{ bodies }, { meetings }] = await Promise.all([
      api<{ bodies: BodyOverview[] }>('GET', '/api/bodies'),
      api<{ meetings: MeetingRecord[] }>('GET', `/api/meetings?${query.toString()}`),
    ]);
    renderFeeds(bodies);
    const count = renderPlan(year, bodies, meetings, hasRole(start.session, 'coordinator', 'admin'));
    setStatus(`Jahresplan ${String(year)} geladen: ${String(count)} Sitzungen.`);
  } catch (error) {
    showFailure(byId('plan'), error);
    setStatus('Der Jahresplan konnte nicht geladen werden.');
  }
}

void main();
