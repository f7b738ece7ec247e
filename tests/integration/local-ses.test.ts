import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetAccountCommand, SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ManualClock } from '../../core/clock.ts';
import { composeMime } from '../../core/mail/compose-mime.ts';
import { meetingMail } from '../../core/meetings/meeting-message.ts';
import { context, jourFixe, MEMBERS, meetingRecord } from '../fixtures/meeting-fixtures.ts';
import { createSesClient } from '../../core/adapters/aws-clients.ts';
import { LocalSes, sesRequestListener } from '../../local/ses/local-ses.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';

describe('local SES v2 endpoint', () => {
  const outbox = join(mkdtempSync(join(tmpdir(), 'kim-ses-')), 'outbox');
  const ses = new LocalSes(outbox, new ManualClock('2026-11-24T09:00:00Z'));
  let server: RunningServer;
  let client: SESv2Client;

  beforeAll(async () => {
    server = await listen(sesRequestListener(ses), '127.0.0.1', 0, 'SES_PORT');
    client = createSesClient({ region: 'eu-central-1', endpoint: server.url });
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it('answers GetAccount', async () => {
    expect((await client.send(new GetAccountCommand({}))).SendingEnabled).toBe(true);
  });

  it('writes a simple message with umlauts as an .eml and lists it', async () => {
    const { MessageId } = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'Kommunales Integrationszentrum <ki@kreis-dueren.example>',
        Destination: { ToAddresses: ['jana.schmitz@traeger-a.example'], BccAddresses: ['archiv@kreis-dueren.example'] },
        Content: { Simple: { Subject: { Data: 'Einladung: Jour fixe – Grüße aus Düren' }, Body: { Text: { Data: 'Hallo, schöne Grüße.' } } } },
      }),
    );
    expect(MessageId).toMatch(/^[a-z0-9]+-[a-f0-9]{24}$/);
    const entry = ses.list().find((e) => e.messageId === MessageId);
    expect(entry).toMatchObject({
      subject: 'Einladung: Jour fixe – Grüße aus Düren',
      recipients: ['jana.schmitz@traeger-a.example', 'archiv@kreis-dueren.example'],
      sentAt: '2026-11-24T09:00:00.000Z',
    });
    const eml = ses.read(MessageId ?? '')?.toString('utf8') ?? '';
    expect(eml).toContain('To: jana.schmitz@traeger-a.example');
    expect(eml).not.toContain('archiv@kreis-dueren.example'); // Bcc stays in the envelope only
    expect(eml).toMatch(/Subject: =\?UTF-8\?/);
  });

  it('writes a raw message byte for byte and reads recipients from its headers', async () => {
    const raw = await new MailComposer({
      from: 'ki@kreis-dueren.example',
      to: 'a@traeger-b.example, B <b@traeger-c.example>',
      subject: 'Sitzung der Lenkungsgruppe',
      text: 'Termin',
      icalEvent: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' },
    }).compile().build();
    const { MessageId } = await client.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
    expect(ses.read(MessageId ?? '')?.equals(raw)).toBe(true);
    expect(ses.list().find((e) => e.messageId === MessageId)).toMatchObject({
      from: 'ki@kreis-dueren.example',
      recipients: ['a@traeger-b.example', 'b@traeger-c.example'],
      subject: 'Sitzung der Lenkungsgruppe',
    });
  });

  const sendRaw = async (raw: Buffer): Promise<string> => (await client.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }))).MessageId ?? '';

  it('keeps what a meeting mail\u2019s calendar part does: invitation, update, cancellation, with title and start in Düren', async () => {
    const member = MEMBERS[0] ?? { name: 'x', email: 'x@example.org' };
    const mailOf = (request: Parameters<typeof meetingMail>[0], sequence: number, status: 'scheduled' | 'cancelled' = 'scheduled') => {
      const meeting = meetingRecord({ sequence, status });
      return meetingMail(request, meeting, jourFixe(), member, context(meeting));
    };
    const invitation = mailOf({ kind: 'invitation' }, 0);
    const ids = [
      await sendRaw(await composeMime(invitation, 'ki@kreis-dueren.example')),
      await sendRaw(await composeMime(mailOf({ kind: 'update', changes: ['agenda'] }, 2), 'ki@kreis-dueren.example')),
      await sendRaw(await composeMime(mailOf({ kind: 'cancellation' }, 3, 'cancelled'), 'ki@kreis-dueren.example')),
      await sendRaw(await composeMime(mailOf({ kind: 'reminder', workingDaysBefore: 2 }, 3), 'ki@kreis-dueren.example')),
    ];
    const calendars = ids.map((id) => ses.list().find((e) => e.messageId === id)?.calendar);
    const start = { summary: 'Jour fixe Case-Management', start: '2026-12-08T10:00:00', timeZone: 'Europe/Berlin' };
    expect(calendars).toEqual([{ method: 'REQUEST', sequence: 0, ...start }, { method: 'REQUEST', sequence: 2, ...start }, { method: 'CANCEL', sequence: 3, ...start }, undefined]);

    // The .ics is the calendar part itself, exactly what the mail carries.
    expect(invitation.icalEvent?.content).toContain('UID:jour-fixe-2026-12-08@');
    expect(await ses.readCalendar(ids[0] ?? '')).toBe(invitation.icalEvent?.content);
    expect(await ses.readCalendar(ids[3] ?? '')).toBeUndefined();
    expect(await ses.readCalendar('../../etc/passwd')).toBeUndefined();
  });

  it('stores a mail whose calendar part cannot be read, without calendar details (SES does not read it either)', async () => {
    const raw = await new MailComposer({ from: 'ki@kreis-dueren.example', to: 'a@traeger-b.example', subject: 'Kaputt', text: 'x', icalEvent: { method: 'REQUEST', content: 'kein Kalender' } }).compile().build();
    const id = await sendRaw(raw);
    const entry = ses.list().find((e) => e.messageId === id);
    expect(entry?.subject).toBe('Kaputt');
    expect(entry?.calendar).toBeUndefined();
  });

  it('rejects what SES rejects and writes nothing', async () => {
    const before = readdirSync(outbox).length;
    const simple = { Subject: { Data: 'x' }, Body: { Text: { Data: 'x' } } };
    await expect(client.send(new SendEmailCommand({ Destination: { ToAddresses: ['a@b.example'] }, Content: { Simple: simple } }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('From') as unknown,
    });
    await expect(client.send(new SendEmailCommand({ FromEmailAddress: 'ki@kreis-dueren.example', Content: { Simple: simple } }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: expect.stringContaining('recipients') as unknown,
    });
    await expect(
      client.send(new SendEmailCommand({ FromEmailAddress: 'ki@kreis-dueren.example', Destination: { ToAddresses: ['not an address'] }, Content: { Simple: simple } })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    expect(readdirSync(outbox).length).toBe(before);
    expect(ses.read('../../etc/passwd')).toBeUndefined();
  });
});
