import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { agendaDescription, calendarEntry, cleanText, oneLine } from '../../core/meetings/calendar-entry.ts';
import type { CalendarEntryInput } from '../../core/meetings/calendar-entry.ts';
import { meetingMail } from '../../core/meetings/meeting-message.ts';
import { meetingUid } from '../../core/meetings/meeting.ts';
import { MEMBERS, contentLines, context, jourFixe, meetingRecord, parseCalendar, physicalLines } from '../fixtures/meeting-fixtures.ts';

const ORGANIZER = { name: 'Kommunales Integrationszentrum Kreis Düren', email: 'ki@kreis-dueren.example' };
const UID = meetingUid('jour-fixe-2027-03-30', 'kreis-dueren');

function entry(overrides: Partial<CalendarEntryInput> = {}): CalendarEntryInput {
  return {
    method: 'REQUEST',
    uid: UID,
    sequence: 0,
    start: new Date('2027-03-30T08:00:00Z'),
    end: new Date('2027-03-30T10:00:00Z'),
    summary: 'Jour fixe Case-Management',
    location: 'Kreishaus Düren, Haus A, Bismarckstr. 16, 52351 Düren',
    description: agendaDescription(['Fallbesprechungen', 'Verschiedenes']),
    organizer: ORGANIZER,
    attendees: MEMBERS,
    timeZone: 'Europe/Berlin',
    stamp: new Date('2027-03-01T06:00:00Z'),
    ...overrides,
  };
}

/** What RFC 5545 allows on each line of our objects; anything else would be an injected or unexpected property. */
const ALLOWED: Record<string, ReadonlySet<string>> = {
  VCALENDAR: new Set(['VERSION', 'PRODID', 'METHOD']),
  VTIMEZONE: new Set(['TZID', 'X-LIC-LOCATION', 'LAST-MODIFIED']),
  DAYLIGHT: new Set(['TZNAME', 'TZOFFSETFROM', 'TZOFFSETTO', 'DTSTART', 'RRULE']),
  STANDARD: new Set(['TZNAME', 'TZOFFSETFROM', 'TZOFFSETTO', 'DTSTART', 'RRULE']),
  VEVENT: new Set(['UID', 'SEQUENCE', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'LOCATION', 'DESCRIPTION', 'ORGANIZER', 'ATTENDEE', 'STATUS', 'URL']),
  VALARM: new Set(['ACTION', 'TRIGGER', 'DESCRIPTION']),
};

/** Checks every unfolded line against ALLOWED and returns how often each property occurs per component. */
function propertyCounts(ics: string): Map<string, number> {
  const stack: string[] = [];
  const counts = new Map<string, number>();
  for (const line of contentLines(ics)) {
    const name = /^[A-Z-]+/.exec(line)?.[0] ?? '';
    if (name === 'BEGIN') stack.push(line.slice(6));
    else if (name === 'END') expect(stack.pop()).toBe(line.slice(4));
    else {
      const component = stack.at(-1) ?? '';
      expect(ALLOWED[component]?.has(name), `unexpected line in ${component}: ${line.slice(0, 80)}`).toBe(true);
      expect(line[name.length], `property ${name} must be followed by ; or :`).toMatch(/^[;:]$/);
      const key = `${component}.${name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  expect(stack).toEqual([]);
  return counts;
}

function expectWellFolded(ics: string): void {
  const lines = physicalLines(ics);
  for (const line of lines) {
    expect(line.octets, `line longer than 75 octets: ${line.text}`).toBeLessThanOrEqual(75);
    expect(line.validUtf8, 'a physical line is not valid UTF-8 on its own (split multi-byte sequence)').toBe(true);
  }
  // No replacement characters crept in: the lines decoded one by one are exactly the generated text.
  expect(`${lines.map((line) => line.text).join('\r\n')}\r\n`).toBe(ics);
}

describe('calendarEntry', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('is an iTIP REQUEST with VTIMEZONE, organizer, one RSVP attendee per person and a display alarm', () => {
    const ics = calendarEntry(entry());
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const parsed = parseCalendar(ics);
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.uid).toBe(UID);
    expect(parsed.sequence).toBe(0);
    expect(parsed.text('status')).toBe('CONFIRMED');
    expect(parsed.text('summary')).toBe('Jour fixe Case-Management');
    expect(parsed.text('description')).toBe('Tagesordnung:\n1. Fallbesprechungen\n2. Verschiedenes');
    expect(parsed.event.getFirstPropertyValue('dtstamp')?.toString()).toBe('2027-03-01T06:00:00Z');

    const organizer = parsed.event.getFirstProperty('organizer');
    expect(organizer?.getFirstValue()).toBe('mailto:ki@kreis-dueren.example');
    expect(organizer?.getParameter('cn')).toBe(ORGANIZER.name);

    const attendees = parsed.event.getAllProperties('attendee');
    expect(attendees.map((a) => a.getFirstValue())).toEqual(MEMBERS.map((m) => `MAILTO:${m.email}`));
    for (const [index, attendee] of attendees.entries()) {
      expect(attendee.getParameter('cn')).toBe(MEMBERS[index]?.name);
      expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
      expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
      expect(attendee.getParameter('rsvp')).toBe('TRUE');
    }

    const alarms = parsed.event.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(alarms[0]?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT30M');
  });

  it.each([
    ['a regular winter date', '2026-12-08T09:00:00Z', '2026-12-08T10:00:00'],
    ['the Sunday clocks go forward', '2027-03-28T08:00:00Z', '2027-03-28T10:00:00'],
    ['right after the spring change', '2027-03-30T08:00:00Z', '2027-03-30T10:00:00'],
    ['the Sunday clocks go back', '2026-10-25T09:00:00Z', '2026-10-25T10:00:00'],
    ['right after the autumn change', '2026-10-27T09:00:00Z', '2026-10-27T10:00:00'],
    ['a summer date', '2026-07-14T12:00:00Z', '2026-07-14T14:00:00'],
  ])('resolves %s to the intended UTC instant through the file’s own VTIMEZONE', (_label, utc, wallClock) => {
    const start = new Date(utc);
    const ics = calendarEntry(entry({ start, end: new Date(start.getTime() + 90 * 60_000) }));
    expect(contentLines(ics)).toContain(`DTSTART;TZID=Europe/Berlin:${wallClock.replace(/[-:]/g, '')}`);

    // ical.js must find the zone in the file, not in a registry it was preloaded with.
    expect(ICAL.TimezoneService.has('Europe/Berlin')).toBe(false);
    const parsed = parseCalendar(ics);
    expect(parsed.start.zone.tzid).toBe('Europe/Berlin');
    expect(parsed.start.zone.component.name).toBe('vtimezone');
    expect(parsed.start.toJSDate().toISOString()).toBe(start.toISOString());
    expect(parsed.end.toJSDate().getTime()).toBe(start.getTime() + 90 * 60_000);
  });

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'])('writes Berlin wall-clock times whatever the process zone (TZ=%s)', (zone) => {
    process.env.TZ = zone;
    // Precondition: the process really runs in that zone now, so a local-getter bug would show.
    expect(new Date('2027-03-30T08:00:00Z').getHours()).not.toBe(10);
    const ics = calendarEntry(entry());
    expect(contentLines(ics)).toContain('DTSTART;TZID=Europe/Berlin:20270330T100000');
    expect(contentLines(ics)).toContain('DTSTAMP:20270301T060000Z');
    expect(parseCalendar(ics).start.toJSDate().toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('refuses an instant in the hour that occurs twice in autumn, which TZID cannot express unambiguously', () => {
    // On 2026-10-25 Berlin goes from 03:00 CEST back to 02:00 CET at 01:00Z: 02:00–02:59 happens twice. RFC 5545
    // reads such a TZID time as the first occurrence, ical.js as the second — so neither may be written.
    const at = (iso: string): CalendarEntryInput => entry({ start: new Date(iso), end: new Date('2026-10-25T04:00:00Z') });
    for (const iso of ['2026-10-25T00:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T01:59:00Z'])
      expect(() => calendarEntry(at(iso)), iso).toThrow(/occurs twice/);
    for (const iso of ['2026-10-24T23:59:00Z', '2026-10-25T02:00:00Z'])
      expect(parseCalendar(calendarEntry(at(iso))).start.toJSDate().toISOString(), iso).toBe(new Date(iso).toISOString());
  });

  it('a CANCEL keeps the UID, has STATUS:CANCELLED and no alarm', () => {
    const ics = calendarEntry(entry({ method: 'CANCEL', sequence: 2 }));
    const parsed = parseCalendar(ics);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.uid).toBe(UID);
    expect(parsed.sequence).toBe(2);
    expect(parsed.text('status')).toBe('CANCELLED');
    expect(parsed.event.getAllSubcomponents('valarm')).toEqual([]);
  });

  it('takes a configured alarm and an http(s) URL', () => {
    const parsed = parseCalendar(calendarEntry(entry({ alarmMinutesBefore: 90, url: 'https://kim.kreis-dueren.example/meetings/jour-fixe-2027-03-30' })));
    expect(parsed.event.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT1H30M');
    expect(parsed.event.getFirstPropertyValue('url')).toBe('https://kim.kreis-dueren.example/meetings/jour-fixe-2027-03-30');
  });

  it('refuses input it cannot write safely', () => {
    expect(() => calendarEntry(entry({ end: new Date('2027-03-30T08:00:00Z') }))).toThrow(/end after/);
    expect(() => calendarEntry(entry({ start: new Date('nonsense') }))).toThrow(/valid date/);
    expect(() => calendarEntry(entry({ sequence: -1 }))).toThrow(/SEQUENCE/);
    expect(() => calendarEntry(entry({ sequence: 1.5 }))).toThrow(/SEQUENCE/);
    expect(() => calendarEntry(entry({ uid: 'a\r\nX-EVIL:1' }))).toThrow(/UID/);
    expect(() => calendarEntry(entry({ attendees: [{ name: 'A', email: 'a@b.example\r\nATTENDEE:mailto:x@y.example' }] }))).toThrow(/e-mail/);
    expect(() => calendarEntry(entry({ attendees: [{ name: 'A', email: 'a;RSVP=FALSE@b.example' }] }))).toThrow(/e-mail/);
    expect(() => calendarEntry(entry({ organizer: { name: 'KI', email: 'ki@kreis:dueren.example' } }))).toThrow(/e-mail/);
    expect(() => calendarEntry(entry({ url: 'javascript:alert(1)' }))).toThrow(/http/);
    expect(() => calendarEntry(entry({ alarmMinutesBefore: 0 }))).toThrow(/alarm/);
    expect(() => calendarEntry(entry({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(/VTIMEZONE/);
  });
});

describe('hostile text in a calendar entry', () => {
  const hostileName = 'Eve Angriff\r\nATTENDEE;RSVP=TRUE:mailto:spy@evil.example\r\nX-INJECTED:1';
  const hostileTitle = `Punkt; mit, Sonderzeichen \\ und\nZeilen\r\nDESCRIPTION:gefälscht ${'ü'.repeat(600)} مرحبا بكم في دورين 👩🏽‍💻🇩🇪 ${'x'.repeat(1400)}`;

  it('adds no property and no attendee, and keeps the text intact', () => {
    expect(Array.from(new Intl.Segmenter('de', { granularity: 'grapheme' }).segment(hostileTitle)).length).toBeGreaterThanOrEqual(2000);
    const ics = calendarEntry(
      entry({
        summary: 'Jour fixe;\r\nSTATUS:CANCELLED',
        location: 'Raum 1, Haus A;\nURL:https://evil.example',
        description: agendaDescription([hostileTitle, 'Zweiter Punkt']),
        attendees: [...MEMBERS, { name: hostileName, email: 'eve@traeger-c.example' }],
      }),
    );
    const counts = propertyCounts(ics);
    expect(counts.get('VEVENT.ATTENDEE')).toBe(MEMBERS.length + 1);
    for (const single of ['UID', 'SEQUENCE', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY', 'LOCATION', 'DESCRIPTION', 'ORGANIZER', 'STATUS'])
      expect(counts.get(`VEVENT.${single}`), single).toBe(1);
    expect(counts.has('VEVENT.URL')).toBe(false);

    const parsed = parseCalendar(ics);
    expect(parsed.event.getAllProperties().length).toBe([...counts].filter(([key]) => key.startsWith('VEVENT.')).reduce((sum, [, n]) => sum + n, 0));
    expect(parsed.text('status')).toBe('CONFIRMED');
    expect(parsed.text('summary')).toBe('Jour fixe; STATUS:CANCELLED');
    expect(parsed.text('location')).toBe('Raum 1, Haus A; URL:https://evil.example');
    expect(parsed.text('description')).toBe(`Tagesordnung:\n1. ${oneLine(hostileTitle)}\n2. Zweiter Punkt`);
    expect(parsed.text('description')).toContain('مرحبا بكم في دورين 👩🏽‍💻🇩🇪');
    const eve = parsed.event.getAllProperties('attendee').at(-1);
    expect(eve?.getFirstValue()).toBe('MAILTO:eve@traeger-c.example');
    expect(eve?.getParameter('cn')).toBe('Eve Angriff ATTENDEE;RSVP=TRUE:mailto:spy@evil.example X-INJECTED:1');
    expectWellFolded(ics);
  });

  it('keeps line breaks of a free-text description as escaped \\n', () => {
    const ics = calendarEntry(entry({ description: 'Zeile 1\r\nSTATUS:CANCELLED\rZeile 3\nEND:VEVENT' }));
    expect(propertyCounts(ics).get('VEVENT.STATUS')).toBe(1);
    expect(parseCalendar(ics).text('description')).toBe('Zeile 1\nSTATUS:CANCELLED\nZeile 3\nEND:VEVENT');
  });

  it('turns lone surrogates and control characters into harmless characters', () => {
    const ics = calendarEntry(entry({ summary: `A\uD83DB\u0000C\u001BD\u202EE\u2028F`, description: 'x\uDE00y' }));
    expectWellFolded(ics);
    const parsed = parseCalendar(ics);
    expect(parsed.text('summary')).toBe('A\uFFFDB C DE F');
    expect(parsed.text('description')).toBe('x\uFFFDy');
  });

  it('the fold check itself catches folding by characters and a split character', () => {
    const wrap = (lines: string[]): string => `BEGIN:VCALENDAR\r\n${lines.join('\r\n')}\r\nEND:VCALENDAR\r\n`;
    expect(() => { expectWellFolded(wrap([`SUMMARY:${'ü'.repeat(60)}`, ` ${'ü'.repeat(20)}`])); }).toThrow(/75 octets/);
    // A fold between the two halves of a surrogate pair: each line alone is no longer valid text.
    expect(() => { expectWellFolded(wrap([`SUMMARY:${'a'.repeat(60)}\uD83D`, ' \uDE00b'])); }).toThrow();
    expectWellFolded(wrap([`SUMMARY:${'a'.repeat(60)}`, ' 😀b']));
  });

  it('property: any Unicode text folds at ≤ 75 octets, never splits a character and round-trips', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 });
    fc.assert(
      fc.property(text, text, text, fc.array(text, { maxLength: 4 }), (summary, location, name, agenda) => {
        const ics = calendarEntry(entry({ summary, location, description: agendaDescription(agenda), attendees: [{ name, email: 'p@traeger.example' }] }));
        expectWellFolded(ics);
        const counts = propertyCounts(ics);
        expect(counts.get('VEVENT.ATTENDEE')).toBe(1);
        const parsed = parseCalendar(ics);
        expect(parsed.text('summary')).toBe(oneLine(summary));
        if (oneLine(location) !== '') expect(parsed.text('location')).toBe(oneLine(location));
        expect(parsed.text('description')).toBe(cleanText(agendaDescription(agenda)));
        const cn = parsed.event.getFirstProperty('attendee')?.getParameter('cn') ?? '';
        expect(cn).toBe(oneLine(name));
      }),
      { numRuns: 300 },
    );
  });

  it('property: folding holds for long runs of multi-byte characters at every offset', () => {
    // Shifting the start by one ASCII character moves every fold point across the multi-byte sequences.
    const chunk = fc.constantFrom('ü', '€', '😀', 'ع', '👩🏽‍💻', 'a');
    fc.assert(
      fc.property(fc.nat({ max: 80 }), fc.array(chunk, { minLength: 1, maxLength: 200 }), (shift, chunks) => {
        const summary = `${'s'.repeat(shift)}${chunks.join('')}`;
        const ics = calendarEntry(entry({ summary }));
        expectWellFolded(ics);
        expect(parseCalendar(ics).text('summary')).toBe(summary);
      }),
      { numRuns: 200 },
    );
  });
});

describe('meetingMail calendar parts', () => {
  const body = jourFixe();

  it('reschedule keeps the UID and raises SEQUENCE; cancel sends METHOD:CANCEL with the same UID', () => {
    const first = meetingRecord({ start: '2027-03-30T08:00:00.000Z', end: '2027-03-30T10:00:00.000Z', sequence: 0 });
    const moved = { ...first, sequence: 1, start: '2027-04-06T08:00:00.000Z', end: '2027-04-06T10:00:00.000Z' };
    const cancelled = { ...moved, sequence: 2, status: 'cancelled' as const };
    const [recipient] = MEMBERS as [(typeof MEMBERS)[number]];

    const invitation = meetingMail({ kind: 'invitation' }, first, body, recipient, context(first));
    const update = meetingMail({ kind: 'update', changes: ['time'] }, moved, body, recipient, context(moved));
    const cancellation = meetingMail({ kind: 'cancellation' }, cancelled, body, recipient, context(cancelled));

    const [a, b, c] = [invitation, update, cancellation].map((mail) => {
      if (mail.icalEvent === undefined) throw new Error('calendar part missing');
      const parsed = parseCalendar(mail.icalEvent.content);
      expect(parsed.method).toBe(mail.icalEvent.method);
      expectWellFolded(mail.icalEvent.content);
      return parsed;
    }) as [ReturnType<typeof parseCalendar>, ReturnType<typeof parseCalendar>, ReturnType<typeof parseCalendar>];

    expect([a.method, b.method, c.method]).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(new Set([a.uid, b.uid, c.uid])).toEqual(new Set([meetingUid(first.meetingId, 'kreis-dueren')]));
    expect([a.sequence, b.sequence, c.sequence]).toEqual([0, 1, 2]);
    expect(a.start.toJSDate().toISOString()).toBe('2027-03-30T08:00:00.000Z');
    expect(b.start.toJSDate().toISOString()).toBe('2027-04-06T08:00:00.000Z');
    expect(c.text('status')).toBe('CANCELLED');
  });

  it('the calendar lists every member and guest, the agenda and the guests’ topics', () => {
    const meeting = meetingRecord();
    const mail = meetingMail({ kind: 'invitation' }, meeting, body, MEMBERS[0] ?? { name: '', email: '' }, context(meeting));
    const parsed = parseCalendar(mail.icalEvent?.content ?? '');
    expect(parsed.event.getAllProperties('attendee').map((a) => a.getFirstValue())).toEqual([
      ...MEMBERS.map((m) => `MAILTO:${m.email}`),
      'MAILTO:oemer.yilmaz@jobcom.example',
    ]);
    expect(parsed.text('description')).toBe(
      'Tagesordnung:\n1. Fallbesprechungen\n2. Bericht aus der Lenkungsgruppe\n\nGäste:\n- Dr. Ömer Yılmaz – Thema: Anerkennung ausländischer Abschlüsse',
    );
    expect(parsed.text('location')).toBe(body.location);
    expect(parsed.start.toJSDate().toISOString()).toBe('2026-12-08T09:00:00.000Z');
    expect(parsed.event.getFirstProperty('organizer')?.getParameter('cn')).toBe('Kommunales Integrationszentrum Kreis Düren');
  });

  it('a departing member’s CANCEL names only them, for a meeting that still takes place', () => {
    const meeting = meetingRecord({ sequence: 4 });
    const leaver = MEMBERS[2] ?? { name: '', email: '' };
    const mail = meetingMail({ kind: 'cancellation', reason: 'membershipEnded' }, meeting, body, leaver, context(meeting));
    const parsed = parseCalendar(mail.icalEvent?.content ?? '');
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.uid).toBe(meetingUid(meeting.meetingId, 'kreis-dueren'));
    expect(parsed.sequence).toBe(4);
    expect(parsed.event.getAllProperties('attendee').map((a) => a.getFirstValue())).toEqual([`MAILTO:${leaver.email}`]);
  });

  it('a cancelled meeting’s CANCEL also names a recipient who is no longer on the list', () => {
    const meeting = meetingRecord({ sequence: 5, status: 'cancelled' });
    const former = { name: 'Ehemaliges Mitglied', email: 'former@traeger-d.example' };
    const mail = meetingMail({ kind: 'cancellation' }, meeting, body, former, context(meeting));
    const attendees = parseCalendar(mail.icalEvent?.content ?? '').event.getAllProperties('attendee').map((a) => a.getFirstValue());
    expect(attendees).toHaveLength(MEMBERS.length + 2);
    expect(attendees.at(-1)).toBe(`MAILTO:${former.email}`);
  });
});
