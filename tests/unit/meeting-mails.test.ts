import fc from 'fast-check';
import type { Attachment } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '../../core/mail/compose-mime.ts';
import { oneLine } from '../../core/meetings/calendar-entry.ts';
import { meetingMailContent } from '../../core/meetings/meeting-mails.ts';
import type { MeetingDetails } from '../../core/meetings/meeting-mails.ts';
import { meetingMail } from '../../core/meetings/meeting-message.ts';
import type { MeetingMailRequest } from '../../core/meetings/meeting-message.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { verifyRsvp } from '../../core/meetings/rsvp-token.ts';
import { APP_URL, FROM, MEMBERS, RSVP_SECRET, context, headerNames, jourFixe, meetingRecord, parseCalendar, parseMail } from '../fixtures/meeting-fixtures.ts';

const body = jourFixe();
const recipient = MEMBERS[1] ?? { name: '', email: '' };
const TOP_LEVEL_HEADERS = ['auto-submitted', 'from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type'];

const details: MeetingDetails = {
  bodyName: 'Jour fixe Case-Management',
  start: new Date('2026-12-08T09:00:00Z'),
  end: new Date('2026-12-08T11:00:00Z'),
  location: 'Kreishaus Düren, Haus A',
  agenda: ['Fallbesprechungen', 'Verschiedenes'],
  guests: [{ name: 'Dr. Ömer Yılmaz', topic: 'Anerkennung ausländischer Abschlüsse' }, { name: 'Petra Klein' }],
  timeZone: 'Europe/Berlin',
};
const rsvp = { accept: `${APP_URL}/api/rsvp?token=a.b`, tentative: `${APP_URL}/api/rsvp?token=e.f`, decline: `${APP_URL}/api/rsvp?token=c.d` };

function calendarParts(attachments: readonly Attachment[]): { method: string | undefined; content: string }[] {
  return attachments
    .filter((attachment) => attachment.contentType === 'text/calendar')
    .map((attachment) => {
      // mailparser's view of the part's Content-Type, e.g. { value: 'text/calendar', params: { method: 'REQUEST' } }.
      const header = attachment.headers.get('content-type');
      const params: unknown = header !== undefined && typeof header === 'object' && 'params' in header ? header.params : undefined;
      const method = typeof params === 'object' && params !== null && 'method' in params && typeof params.method === 'string' ? params.method : undefined;
      return { method, content: attachment.content.toString('utf8') };
    });
}

describe('meetingMailContent', () => {
  it('invitation: subject with body, date and time; body with date, place, agenda, guests and the RSVP links', () => {
    const mail = meetingMailContent({ kind: 'invitation', meeting: details, rsvp });
    expect(mail.subject).toBe('Einladung: Jour fixe Case-Management am 08.12.2026, 10:00 Uhr');
    expect(mail.text).toContain('- Datum: Dienstag, 08.12.2026\n- Uhrzeit: 10:00–12:00 Uhr\n- Ort: Kreishaus Düren, Haus A');
    expect(mail.text).toContain('Tagesordnung:\n1. Fallbesprechungen\n2. Verschiedenes');
    expect(mail.text).toContain('Gäste:\n- Dr. Ömer Yılmaz – Thema: Anerkennung ausländischer Abschlüsse\n- Petra Klein');
    expect(mail.text).toContain(`Zusagen:\n${rsvp.accept}\nUnter Vorbehalt zusagen:\n${rsvp.tentative}\nAbsagen:\n${rsvp.decline}`);
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('<ol style="margin:0 0 16px;padding-left:1.5em"><li dir="auto">Fallbesprechungen</li><li dir="auto">Verschiedenes</li></ol>');
    expect(mail.html).toContain(`<a href="${rsvp.accept}"`);
    expect(mail.html).toContain('>Zusagen</a>');
    expect(mail.html).toContain('>Unter Vorbehalt zusagen</a>');
    expect(mail.html).toContain('>Absagen</a>');
  });

  it('shows summer times in Berlin time (CEST)', () => {
    const mail = meetingMailContent({ kind: 'reminder', meeting: { ...details, start: new Date('2027-03-30T08:00:00Z'), end: new Date('2027-03-30T10:00:00Z') }, workingDaysBefore: 2 });
    expect(mail.subject).toBe('Erinnerung: Jour fixe Case-Management am 30.03.2027, 10:00 Uhr');
    expect(mail.text).toContain('Sie findet in 2 Arbeitstagen statt, am Dienstag, 30.03.2027 um 10:00 Uhr.');
    expect(mail.text).not.toMatch(/Zusagen|Absagen/);
  });

  it('reminder wording for 0 and 1 working days', () => {
    expect(meetingMailContent({ kind: 'reminder', meeting: details, workingDaysBefore: 0 }).text).toContain('Sie findet heute statt');
    expect(meetingMailContent({ kind: 'reminder', meeting: details, workingDaysBefore: 1 }).text).toContain('Sie findet am nächsten Arbeitstag statt');
    expect(() => meetingMailContent({ kind: 'reminder', meeting: details, workingDaysBefore: -1 })).toThrow(RangeError);
  });

  it('update names what changed, in a fixed order', () => {
    const mail = meetingMailContent({ kind: 'update', meeting: details, changes: ['guests', 'time', 'location', 'time'], rsvp });
    expect(mail.subject).toBe('Geänderte Einladung: Jour fixe Case-Management am 08.12.2026, 10:00 Uhr');
    expect(mail.text).toContain('Wichtig: Geändert: Datum/Uhrzeit, Ort und Gäste. Bitte beachten Sie den neuen Termin.');
    expect(mail.text).toContain('Bitte geben Sie uns erneut Bescheid, ob Sie zum neuen Termin teilnehmen:');
    const agendaOnly = meetingMailContent({ kind: 'update', meeting: details, changes: ['agenda'], rsvp });
    expect(agendaOnly.text).toContain('Wichtig: Geändert: Tagesordnung.');
    expect(agendaOnly.text).toContain('Falls sich an Ihrer Teilnahme etwas ändert');
  });

  it('cancellation: the meeting is off, or the recipient is no longer a member', () => {
    const off = meetingMailContent({ kind: 'cancellation', meeting: details });
    expect(off.subject).toBe('Abgesagt: Jour fixe Case-Management am 08.12.2026, 10:00 Uhr');
    expect(off.text).toContain('wird abgesagt und findet nicht statt');
    expect(meetingMailContent({ kind: 'cancellation', meeting: details, reason: 'meetingCancelled' })).toEqual(off);
    const left = meetingMailContent({ kind: 'cancellation', meeting: details, reason: 'membershipEnded' });
    expect(left.subject).toBe('Einladung aufgehoben: Jour fixe Case-Management am 08.12.2026, 10:00 Uhr');
    expect(left.text).toContain('Sie sind nicht mehr Mitglied von „Jour fixe Case-Management“');
    for (const mail of [off, left]) expect(mail.text).not.toMatch(/Zusagen|Absagen|Ömer/);
  });

  it('escapes HTML and keeps names on one line', () => {
    const mail = meetingMailContent({
      kind: 'invitation',
      meeting: { ...details, agenda: ['<script>alert(1)</script> & "x"'], guests: [{ name: 'Eve\r\nBcc: spy@evil.example', topic: '<b>Thema</b>' }] },
      rsvp,
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;x&#34;');
    expect(mail.html).toContain('Eve Bcc: spy@evil.example – Thema: &#60;b&#62;Thema&#60;/b&#62;');
    expect(mail.text).toContain('\n- Eve Bcc: spy@evil.example – Thema: <b>Thema</b>\n');
  });

  it('refuses non-web RSVP links', () => {
    expect(() => meetingMailContent({ kind: 'invitation', meeting: details, rsvp: { ...rsvp, accept: 'javascript:alert(1)' } })).toThrow(/http/);
  });

  it('property: subjects are safe and carry neither guest names nor line breaks, whatever the names', () => {
    fc.assert(
      // The marker keeps a guest name from matching the fixed words or the date by chance.
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }), fc.string({ unit: 'grapheme' }), (bodyName, rest) => {
        const guestName = `☃${rest}`;
        fc.pre(oneLine(bodyName) !== '' && !bodyName.includes('☃'));
        const meeting = { ...details, bodyName, guests: [{ name: guestName }] };
        for (const mail of [
          meetingMailContent({ kind: 'invitation', meeting, rsvp }),
          meetingMailContent({ kind: 'cancellation', meeting, reason: 'membershipEnded' }),
          meetingMailContent({ kind: 'reminder', meeting, workingDaysBefore: 2 }),
        ]) {
          expect(mail.subject).not.toMatch(/[\r\n]/);
          expect(mail.subject.length).toBeLessThanOrEqual(200);
          expect(mail.subject).not.toContain(guestName);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('meetingMail as MIME', () => {
  const cases: [string, MeetingMailRequest, Partial<MeetingRecord>, string | undefined][] = [
    ['invitation', { kind: 'invitation' }, {}, 'REQUEST'],
    ['update', { kind: 'update', changes: ['time', 'agenda'] }, { sequence: 1, start: '2027-03-30T08:00:00.000Z', end: '2027-03-30T10:00:00.000Z' }, 'REQUEST'],
    ['cancellation', { kind: 'cancellation' }, { sequence: 2, status: 'cancelled' }, 'CANCEL'],
    ['cancellation of a departing member', { kind: 'cancellation', reason: 'membershipEnded' }, { sequence: 1 }, 'CANCEL'],
    ['reminder', { kind: 'reminder', workingDaysBefore: 2 }, {}, undefined],
  ];

  it.each(cases)('%s: one well-formed message with text, HTML and the matching calendar part', async (_label, request, overrides, method) => {
    const meeting = meetingRecord(overrides);
    const mail = meetingMail(request, meeting, body, recipient, context(meeting));
    expect(mail.to).toEqual([recipient.email]);
    expect(mail.icalEvent?.method).toBe(method);

    const raw = await composeMime(mail, FROM);
    expect(headerNames(raw)).toEqual(TOP_LEVEL_HEADERS);
    const parsed = await parseMail(raw);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual([recipient.email]);
    expect(parsed.text).toBe(mail.text);
    expect(parsed.html).toBe(mail.html);

    const calendars = calendarParts(parsed.attachments);
    if (method === undefined) {
      expect(calendars).toEqual([]);
      expect(parsed.attachments).toEqual([]);
      return;
    }
    expect(calendars).toHaveLength(1);
    expect(calendars[0]?.method).toBe(method);
    expect(calendars[0]?.content).toBe(mail.icalEvent?.content);
    const calendar = parseCalendar(calendars[0]?.content ?? '');
    expect(calendar.method).toBe(method);
    expect(calendar.start.toJSDate().toISOString()).toBe(new Date(meeting.start).toISOString());
    // nodemailer also attaches the same object as invite.ics for clients that ignore the alternative.
    const ics = parsed.attachments.find((attachment) => attachment.filename === 'invite.ics');
    expect(ics?.content.toString('utf8')).toBe(mail.icalEvent?.content);
  });

  it('RSVP links carry a verifiable token for this recipient, meeting, answer and sequence', () => {
    const meeting = meetingRecord({ sequence: 3 });
    const mail = meetingMail({ kind: 'update', changes: ['location'] }, meeting, body, recipient, context(meeting));
    const tokens = [...mail.text.matchAll(/^https:\/\/kim\.kreis-dueren\.example\/api\/rsvp\?token=(\S+)$/gm)].map((match) => decodeURIComponent(match[1] ?? ''));
    expect(tokens.map((token) => verifyRsvp(token, RSVP_SECRET))).toEqual([
      { meetingId: meeting.meetingId, recipientEmail: recipient.email, answer: 'accepted', sequence: 3 },
      { meetingId: meeting.meetingId, recipientEmail: recipient.email, answer: 'tentative', sequence: 3 },
      { meetingId: meeting.meetingId, recipientEmail: recipient.email, answer: 'declined', sequence: 3 },
    ]);
  });

  it('hostile text adds no mail header and no calendar property, and subjects never name people', async () => {
    const hostile = `Punkt; mit, Sonderzeichen \\ und\r\nBcc: spy@evil.example\r\n\r\nDESCRIPTION:x ${'ü'.repeat(900)} مرحبا بكم 👩🏽‍💻 ${'y'.repeat(1100)}`;
    const meeting = meetingRecord({
      location: 'Raum 1\r\nX-Evil: 1',
      agenda: [{ itemId: 'a1', title: hostile, addedBy: 'ki', addedAt: '2026-11-01T10:00:00Z' }],
      guests: [{ guestId: 'g1', name: 'Eve\r\nBcc: spy@evil.example\r\nATTENDEE:mailto:spy@evil.example', email: 'eve@gast.example', topic: 'Thema;\r\nX-Evil: 2' }],
    });
    const hostileBody = { ...body, name: 'Jour fixe\r\nBcc: spy@evil.example' };
    for (const request of [{ kind: 'invitation' }, { kind: 'update', changes: ['guests'] }, { kind: 'reminder', workingDaysBefore: 2 }] as const) {
      const mail = meetingMail(request, meeting, hostileBody, recipient, context(meeting));
      expect(mail.subject).not.toContain('Eve');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      const raw = await composeMime(mail, FROM);
      expect(headerNames(raw)).toEqual(TOP_LEVEL_HEADERS);
      const parsed = await parseMail(raw);
      expect(parsed.headers.has('bcc')).toBe(false);
      expect(parsed.headers.has('x-evil')).toBe(false);
      expect(parsed.text).toContain('Eve Bcc: spy@evil.example ATTENDEE:mailto:spy@evil.example – Thema: Thema; X-Evil: 2');
      expect(parsed.text).toContain('مرحبا بكم 👩🏽‍💻');
      if (mail.icalEvent === undefined) continue;
      const calendar = parseCalendar(mail.icalEvent.content);
      expect(calendar.event.getAllProperties('attendee')).toHaveLength(MEMBERS.length + 1);
      expect(calendar.event.getAllProperties('description')).toHaveLength(1);
      expect(calendar.event.getAllProperties().map((p) => p.name).filter((name) => name.startsWith('x-'))).toEqual([]);
      expect(calendar.text('summary')).toBe('Jour fixe Bcc: spy@evil.example');
    }
  });

  it('refuses what it must not send', () => {
    const meeting = meetingRecord();
    expect(() => meetingMail({ kind: 'invitation' }, { ...meeting, status: 'cancelled' }, body, recipient, context(meeting))).toThrow(/cancelled/);
    expect(() => meetingMail({ kind: 'cancellation' }, meeting, body, recipient, context(meeting))).toThrow(/not cancelled/);
    expect(() => meetingMail({ kind: 'invitation' }, meeting, { ...body, id: 'steering-group' }, recipient, context(meeting))).toThrow(/belongs to body/);
    expect(() => meetingMail({ kind: 'invitation' }, meeting, body, { name: 'X', email: 'x@y.example\r\nBcc: z@evil.example' }, context(meeting))).toThrow(/address/);
    expect(() => meetingMail({ kind: 'invitation' }, meeting, body, { name: 'Fremd', email: 'fremd@elsewhere.example' }, context(meeting))).toThrow(/attendees/);
  });
});
