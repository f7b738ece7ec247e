import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetAccountCommand, SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ManualClock } from '../../core/clock.ts';
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
