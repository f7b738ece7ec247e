// The meeting calendar: the next meetings, then the month (?monat=JJJJ-MM, default: this month in Düren) as a
// table from Monday to Sunday with each day's meetings as links to their page.
import { localDate } from '../../core/calendar/local-date.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { TIME_ZONE } from '../dates.ts';
import { byId, h, replace } from '../dom.ts';
import { bodyName, clockTime, shortWhen, statusMark } from '../meeting-format.ts';
import { formField, selectField, submitForm } from '../meeting-forms.ts';
import { addDays, addMonths, formatMonth, gridRange, monthGrid, monthLabel, monthName, monthOfDate, parseMonth, type CalendarMonth, type GridDay } from '../month-grid.ts';
import { publicProfile } from '../public-profile.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

/** How many meetings "Nächste Termine" lists, and how far ahead it looks (the Jour fixe meets every two weeks). */
const UPCOMING_COUNT = 6;
const UPCOMING_DAYS = 92;

const WEEKDAYS = [
  ['Mo', 'Montag'],
  ['Di', 'Dienstag'],
  ['Mi', 'Mittwoch'],
  ['Do', 'Donnerstag'],
  ['Fr', 'Freitag'],
  ['Sa', 'Samstag'],
  ['So', 'Sonntag'],
] as const;

const meetingPath = (meeting: MeetingRecord): string => `/termin.html?id=${encodeURIComponent(meeting.meetingId)}`;

async function meetingsBetween(from: string, to: string): Promise<MeetingRecord[]> {
  const query = new URLSearchParams({ from, to });
  return (await api<{ meetings: MeetingRecord[] }>('GET', `/api/meetings?${query.toString()}`)).meetings;
}

/** Abbreviation for the eye, the full name for screen readers. */
const shortAndLong = (short: string, long: string): HTMLElement[] => [h('span', { 'aria-hidden': 'true' }, short), h('span', { class: 'visually-hidden' }, long)];

function monthLink(label: string, month: CalendarMonth): HTMLAnchorElement {
  return h('a', { href: `?monat=${formatMonth(month)}`, class: 'button-link secondary' }, label, h('span', { class: 'visually-hidden' }, `: ${monthLabel(month)}`));
}

function renderMonthNavigation(month: CalendarMonth, current: CalendarMonth): void {
  const isCurrent = formatMonth(month) === formatMonth(current);
  replace(
    byId('monatswahl'),
    monthLink('Vorheriger Monat', addMonths(month, -1)),
    !isCurrent && h('a', { href: `?monat=${formatMonth(current)}`, class: 'button-link secondary' }, 'Aktueller Monat'),
    monthLink('Nächster Monat', addMonths(month, 1)),
  );
}

function renderUpcoming(profile: PublicProfile, meetings: readonly MeetingRecord[]): void {
  const now = Date.now();
  const next = meetings.filter((m) => m.status === 'scheduled' && Date.parse(m.start) >= now).slice(0, UPCOMING_COUNT);
  replace(
    byId('naechste'),
    next.length === 0
      ? h('p', {}, 'In den nächsten drei Monaten sind keine Sitzungen geplant.')
      : h('ul', { class: 'naechste-termine' }, ...next.map((m) => h('li', {}, h('a', { href: meetingPath(m) }, `${bodyName(profile, m)} – ${shortWhen(m.start)}`)))),
  );
}

function dayCell(profile: PublicProfile, day: GridDay<MeetingRecord>): HTMLTableCellElement {
  const classes = ['tag', day.inMonth ? '' : 'anderer-monat', day.isToday ? 'heute' : ''].filter((c) => c !== '').join(' ');
  return h(
    'td',
    { class: classes, 'aria-current': day.isToday ? 'date' : undefined },
    h('span', { class: 'tagesnummer' }, String(day.day), h('span', { class: 'visually-hidden' }, `. ${monthName(monthOfDate(day.date).month)}`)),
    day.isToday && h('span', { class: 'marke heute-marke' }, 'heute'),
    day.meetings.length > 0 &&
      h(
        'ul',
        { class: 'tagestermine' },
        ...day.meetings.map((m) => {
          const mark = statusMark(m);
          return h('li', { class: mark === undefined ? undefined : 'abgesagt' }, h('a', { href: meetingPath(m) }, `${clockTime(m.start)} ${bodyName(profile, m)}`, mark && ' ', mark));
        }),
      ),
  );
}

function renderCalendar(profile: PublicProfile, month: CalendarMonth, meetings: readonly MeetingRecord[], today: string): void {
  const grid = monthGrid(month, meetings, today);
  const inMonth = grid.weeks.flatMap((w) => w.days).filter((d) => d.inMonth).flatMap((d) => d.meetings);
  const table = h(
    'table',
    { class: 'monatskalender' },
    h('caption', {}, monthLabel(month)),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ...shortAndLong('KW', 'Kalenderwoche')), ...WEEKDAYS.map(([short, long]) => h('th', { scope: 'col' }, ...shortAndLong(short, long))))),
    h('tbody', {}, ...grid.weeks.map((week) => h('tr', {}, h('th', { scope: 'row' }, String(week.isoWeek)), ...week.days.map((day) => dayCell(profile, day))))),
  );
  replace(
    byId('kalender'),
    table,
    h('p', {}, inMonth.length === 0 ? 'In diesem Monat sind keine Sitzungen geplant.' : `${String(inMonth.length)} Sitzung(en) in diesem Monat.`),
  );
}

/** The coordination's form for a one-off meeting (POST /api/meetings); on success its page opens. */
function renderOneOffForm(profile: PublicProfile): void {
  const fields = [
    selectField('bodyId', 'Gremium', profile.bodies.map((body) => [body.id, body.name] as const)),
    formField('title', { label: 'Anlass (erster Punkt der Tagesordnung)', required: true }),
    formField('date', { label: 'Datum', type: 'date', required: true }),
    formField('time', { label: 'Beginn', type: 'time', required: true, hint: 'Ein Arbeitstag in den Dienstzeiten, z. B. 10:00' }),
    formField('durationMinutes', { label: 'Dauer in Minuten', type: 'number', required: true, value: '90' }),
    formField('location', { label: 'Ort', hint: 'Leer lassen für den üblichen Ort des Gremiums' }),
  ];
  const form = submitForm(
    fields,
    'Einzelsitzung anlegen',
    (values) => {
      // The API takes the duration as a whole number; anything else it names as the field's error.
      const duration = Number(values.durationMinutes);
      return api<MeetingRecord>('POST', '/api/meetings', { ...values, durationMinutes: values.durationMinutes === undefined || Number.isNaN(duration) ? values.durationMinutes : duration });
    },
    (meeting) => {
      location.assign(meetingPath(meeting));
    },
  );
  replace(byId('einzelsitzung-formular'), form);
  byId('einzelsitzung').hidden = false;
}

async function main(): Promise<void> {
  const start = await startPage(['coordinator', 'admin']);
  if (start === undefined) return;
  const today = localDate(new Date(), TIME_ZONE);
  const current = monthOfDate(today);
  const requested = new URLSearchParams(location.search).get('monat');
  const month = parseMonth(requested) ?? current;
  if (requested !== null && parseMonth(requested) === undefined) {
    replace(byId('hinweis'), h('p', { class: 'hinweis' }, `„${requested}“ ist kein Monat im Format JJJJ-MM. Gezeigt wird der aktuelle Monat.`));
  }
  renderMonthNavigation(month, current);
  setStatus('Die Termine werden geladen.');
  try {
    const { first, last } = gridRange(month);
    // The API reads whole UTC days; a day more on each side covers the hours Düren is ahead of UTC.
    const [profile, monthMeetings, upcoming] = await Promise.all([
      publicProfile(),
      meetingsBetween(addDays(first, -1), addDays(last, 1)),
      meetingsBetween(today, addDays(today, UPCOMING_DAYS)),
    ]);
    renderUpcoming(profile, upcoming);
    if (hasRole(start.session, 'coordinator')) renderOneOffForm(profile);
    renderCalendar(profile, month, monthMeetings, today);
    setStatus(`Termine für ${monthLabel(month)} geladen.`);
    // After "Vorheriger/Nächster Monat" the page is new: continue where the person was, at the calendar.
    if (requested !== null) byId('kalender-titel').focus();
  } catch (error) {
    showFailure(byId('naechste'), error);
    replace(byId('kalender'));
    setStatus('Die Termine konnten nicht geladen werden.');
  }
}

void main();
