import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '../../core/mail/compose-mime.ts';
import { minutesDocument, type MinutesContext } from '../../core/meetings/minutes-document.ts';
import { actionReminderMail, minutesMail } from '../../core/meetings/minutes-mails.ts';
import { OPEN_ACTIONS_ITEM, type MinutesEdition, type TrackedAction } from '../../core/meetings/minutes.ts';

const FROM = 'Kommunales Integrationszentrum <ki@kreis-dueren.example>';
const jana = { kind: 'member', name: 'Jana Schmitz', email: 'jana.schmitz@traeger-a.example' } as const;
const omer = { kind: 'guest', name: 'Dr. Ömer Yılmaz', email: 'oemer@gast.example' } as const;

const edition: MinutesEdition = {
  meetingId: 'm-2027-01-12',
  bodyId: 'jour-fixe',
  meetingStart: '2027-01-12T09:00:00Z',
  edition: 1,
  releasedAt: '2027-01-13T08:00:00Z',
  releasedBy: 'koordination@kreis-dueren.example',
  attendance: [
    { ...jana, present: true },
    { kind: 'member', name: 'Paul Becker', email: 'paul@traeger-b.example', present: false },
    { ...omer, present: true },
    { kind: 'guest', name: 'Petra Klein', email: 'petra@gast.example', present: false },
  ],
  items: [
    {
      itemId: 'top-1',
      title: 'Öffnungszeiten der Beratung',
      discussion: 'Die Träger berichten.\n<script>alert(1)</script>',
      decisions: [{ decisionId: 'b1', text: 'Dienstags bis 18 Uhr <b>geöffnet</b>' }],
      actionItems: [{ actionId: 'a1', what: 'Aushang & Flyer', owner: jana, due: '2027-01-26' }],
    },
    { itemId: 'top-2', title: 'Verschiedenes', discussion: '', decisions: [], actionItems: [] },
    { itemId: OPEN_ACTIONS_ITEM, title: 'Offene Aufgaben', discussion: '', decisions: [], actionItems: [{ actionId: 'a2', what: 'Vortrag vorbereiten', owner: omer, due: '2027-02-02' }] },
  ],
};

const openAction: TrackedAction = {
  actionId: 'a0',
  what: 'Raumliste prüfen',
  owner: jana,
  due: '2027-01-15',
  meetingId: 'm-2026-12-08',
  bodyId: 'jour-fixe',
  meetingStart: '2026-12-08T09:00:00Z',
  version: 1,
};

const context: MinutesContext = {
  bodyName: 'Jour fixe',
  location: 'Kreishaus Düren, Haus A',
  end: '2027-01-12T11:00:00Z',
  timeZone: 'Europe/Berlin',
  districtName: 'Kreis Düren',
  openActions: [openAction],
};

const correction: MinutesEdition = { ...edition, edition: 2, releasedAt: '2027-01-20T08:00:00Z', correctionNote: 'Uhrzeit im Beschluss zu TOP 1 berichtigt' };

describe('minutesDocument', () => {
  const document = minutesDocument(edition, context);

  it('is a standalone German A4 document with the facts of the meeting', () => {
    expect(document.html).toMatch(/^<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8">/);
    expect(document.html).toContain('@page{size:A4');
    expect(document.html).toContain('@media print');
    expect(document.html).toContain('<h1 dir="auto">Protokoll: Jour fixe</h1>');
    expect(document.text).toContain('Gremium: Jour fixe\nDatum: Dienstag, 12.01.2027\nUhrzeit: 10:00–12:00 Uhr\nOrt: Kreishaus Düren, Haus A\nFassung: Fassung 1 vom 13.01.2027');
    expect(document.fileName).toBe('Protokoll-jour-fixe-2027-01-12.html');
  });

  it('escapes everything people typed', () => {
    expect(document.html).not.toContain('<script>');
    expect(document.html).not.toContain('<b>');
    expect(document.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(document.html).toContain('<strong>Beschluss:</strong> Dienstags bis 18 Uhr &#60;b&#62;geöffnet&#60;/b&#62;');
    expect(document.html).toContain('<td dir="auto">Aushang &#38; Flyer</td>');
    // The text keeps what was typed, line by line.
    expect(document.text).toContain('Verlauf: Die Träger berichten.\n  <script>alert(1)</script>');
  });

  it('lists present and absent apart, members and guests apart, without addresses', () => {
    expect(document.text).toContain('Anwesend:\n- Mitglieder: Jana Schmitz\n- Gäste: Dr. Ömer Yılmaz\n\nAbwesend:\n- Mitglieder: Paul Becker\n- Gäste: Petra Klein');
    expect(document.html).toContain('<caption>Anwesend</caption><tbody><tr><th scope="row">Mitglieder</th><td dir="auto">Jana Schmitz</td></tr><tr><th scope="row">Gäste</th><td dir="auto">Dr. Ömer Yılmaz</td></tr>');
    expect(document.html).not.toContain('.example');
    expect(document.text).not.toContain('.example');
    expect(minutesDocument({ ...edition, attendance: [{ ...jana, present: true }] }, context).text).toContain('Abwesend:\n- Mitglieder: niemand\n\n');
  });

  it('numbers the agenda items and shows decisions, action items and the open ones from earlier meetings', () => {
    expect(document.text).toContain('TOP 1: Öffnungszeiten der Beratung\n');
    expect(document.text).toContain('Beschluss: Dienstags bis 18 Uhr <b>geöffnet</b>\nAufgaben:\n- Aushang & Flyer · Wer: Jana Schmitz · Bis: 26.01.2027');
    expect(document.text).toContain('TOP 2: Verschiedenes\nKeine Einträge.');
    expect(document.text).toContain(
      'TOP 3: Offene Aufgaben\nOffene Aufgaben aus früheren Sitzungen:\n- Raumliste prüfen · Wer: Jana Schmitz · Bis: 15.01.2027 · Aus der Sitzung vom: 08.12.2026\nAufgaben:\n- Vortrag vorbereiten · Wer: Dr. Ömer Yılmaz (Gast) · Bis: 02.02.2027',
    );
    expect(document.html).toContain('<thead><tr><th scope="col">Was</th><th scope="col">Wer</th><th scope="col">Bis</th></tr></thead>');
  });

  it('shows a correction with its number, day and note', () => {
    const corrected = minutesDocument(correction, context);
    expect(corrected.text).toContain('Fassung: Fassung 2 (Berichtigung vom 20.01.2027): Uhrzeit im Beschluss zu TOP 1 berichtigt');
    expect(corrected.html).toContain('Fassung 2 (Berichtigung vom 20.01.2027): Uhrzeit im Beschluss zu TOP 1 berichtigt');
    expect(corrected.fileName).toBe('Protokoll-jour-fixe-2027-01-12-fassung-2.html');
  });

  it('names the file in ASCII whatever the body is called', () => {
    expect(minutesDocument(edition, { ...context, bodyName: 'Arbeitsgruppe Übergänge & Ärger/Öl' }).fileName).toBe('Protokoll-arbeitsgruppe-uebergaenge-aerger-oel-2027-01-12.html');
    expect(minutesDocument(edition, { ...context, bodyName: 'مجلس' }).fileName).toBe('Protokoll-sitzung-2027-01-12.html');
  });
});

describe('minutesMail', () => {
  it('has a subject without names, a summary and the document attached, and no calendar part', async () => {
    const mail = minutesMail(edition, context, { name: 'Jana Schmitz', email: 'jana.schmitz@traeger-a.example' });
    expect(mail.subject).toBe('Protokoll: Jour fixe am 12.01.2027');
    expect(mail.to).toEqual(['jana.schmitz@traeger-a.example']);
    expect(mail.icalEvent).toBeUndefined();
    expect(mail.text).toContain('Guten Tag Jana Schmitz,\n\nanbei erhalten Sie das Protokoll der Sitzung „Jour fixe“ vom 12.01.2027.');
    expect(mail.text).toContain('Ihre Aufgaben:\n- Aushang & Flyer, bis Dienstag, 26.01.2027');
    expect(mail.text).toContain('Beschlüsse:\n- TOP 1: Dienstags bis 18 Uhr <b>geöffnet</b>');
    expect(mail.text).toContain('Aufgaben:\n- Aushang & Flyer – Jana Schmitz, bis 26.01.2027\n- Vortrag vorbereiten – Dr. Ömer Yılmaz, bis 02.02.2027');
    expect(mail.html).not.toContain('<b>');

    const parsed = await simpleParser(await composeMime(mail, FROM));
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['Protokoll-jour-fixe-2027-01-12.html', 'text/html']]);
    expect(parsed.attachments[0]?.content.toString('utf8')).toBe(minutesDocument(edition, context).html);
    expect(parsed.attachments.some((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics')).toBe(false);
  });

  it('says what a correction changed', () => {
    const mail = minutesMail(correction, context, { name: 'Paul Becker', email: 'paul@traeger-b.example' });
    expect(mail.subject).toBe('Berichtigtes Protokoll (Fassung 2): Jour fixe am 12.01.2027');
    expect(mail.text).toContain('die berichtigte Fassung 2 des Protokolls der Sitzung „Jour fixe“ vom 12.01.2027. Sie ersetzt die bisherige Fassung.');
    expect(mail.text).toContain('Wichtig: Berichtigt wurde: Uhrzeit im Beschluss zu TOP 1 berichtigt');
    expect(mail.text).not.toContain('Ihre Aufgaben');
    expect(mail.attachments?.[0]?.filename).toBe('Protokoll-jour-fixe-2027-01-12-fassung-2.html');
  });

  it('never puts a person\u2019s name in the subject', () => {
    for (const [e, recipient] of [[edition, jana], [correction, omer]] as const) {
      const { subject } = minutesMail(e, context, recipient);
      for (const person of e.attendance) expect(subject).not.toContain(person.name);
    }
  });
});

describe('actionReminderMail', () => {
  const reminderContext = { bodyName: 'Jour fixe', meetingDate: '2026-12-08T09:00:00Z', timeZone: 'Europe/Berlin' };
  it('names the body, the due day and the task, not the owner, in the subject', () => {
    const mail = actionReminderMail({ ...openAction, what: 'Raumliste <prüfen>', due: '2026-12-14' }, { ...reminderContext, today: '2026-12-10', workingDaysBefore: 2 }, jana);
    expect(mail.subject).toBe('Erinnerung: Aufgabe aus der Sitzung „Jour fixe“, fällig am 14.12.2026');
    expect(mail.subject).not.toContain('Jana');
    expect(mail.to).toEqual([jana.email]);
    expect(mail.icalEvent).toBeUndefined();
    expect(mail.text).toContain('wir erinnern Sie an eine Aufgabe aus der Sitzung „Jour fixe“ vom 08.12.2026. Sie ist in 2 Arbeitstagen fällig, am Montag, 14.12.2026.');
    expect(mail.text).toContain('- Was: Raumliste <prüfen>\n- Bis: Montag, 14.12.2026');
    expect(mail.html).toContain('Raumliste &#60;prüfen&#62;');
  });

  it('says it when the due day is today, past, or no working day away', () => {
    const text = (today: string, workingDaysBefore: number, due = '2026-12-14') => actionReminderMail({ ...openAction, due }, { ...reminderContext, today, workingDaysBefore }, jana).text;
    expect(text('2026-12-14', 0)).toContain('Sie ist heute fällig, am Montag, 14.12.2026.');
    expect(text('2026-12-16', 0)).toContain('Sie war am Montag, 14.12.2026 fällig.');
    // Due on a Saturday, reminded on Friday: no working day in between, so the date alone.
    expect(text('2026-12-11', 0, '2026-12-12')).toContain('Sie ist am Samstag, 12.12.2026 fällig.');
    expect(text('2026-12-11', 1)).toContain('Sie ist am nächsten Arbeitstag fällig, am Montag, 14.12.2026.');
  });
});

describe('minutesDocument, property', () => {
  const context: MinutesContext = { bodyName: 'Jour fixe', location: 'Kreishaus', end: '2027-01-12T11:00:00Z', timeZone: 'Europe/Berlin', districtName: 'Kreis Düren' };
  /** The document's tags in order (names only): what the template builds, whatever the texts in it. */
  const tags = (html: string): string[] => [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1] ?? '');
  const withTexts = (text: string, name: string): MinutesEdition => ({
    ...edition,
    correctionNote: text,
    attendance: edition.attendance.map((a) => ({ ...a, name })),
    items: edition.items.map((item) => ({
      ...item,
      title: text,
      discussion: text,
      decisions: item.decisions.map((d) => ({ ...d, text })),
      actionItems: item.actionItems.map((a) => ({ ...a, what: text, owner: { ...a.owner, name } })),
    })),
  });

  it('no text of the minutes, whatever it holds, adds or removes a tag of the printable document', () => {
    const plain = tags(minutesDocument(withTexts('Text', 'Name'), context).html);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), (text, name) => {
        fc.pre(text.trim() !== '' && name.trim() !== '');
        expect(tags(minutesDocument(withTexts(text, name), context).html)).toEqual(plain);
      }),
      { numRuns: 200 },
    );
  });
});
