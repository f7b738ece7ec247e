import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { ManualClock } from '../../core/clock.ts';
import { createSesClient } from '../../core/adapters/aws-clients.ts';
import { SesMailer } from '../../core/adapters/ses-mailer.ts';
import { caseAssigned, referralToService } from '../../core/mail/notifications.ts';
import { LocalSes, sesRequestListener } from '../../local/ses/local-ses.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';
import { decodeEncodedWords, parseHeaders } from '../../local/ses/raw-message.ts';

const FROM = 'Kommunales Integrationszentrum <ki@kreis-dueren.example>';
const CASE = 'KIM-2026-7QK3M2XD';

describe('SesMailer against the local SES v2 endpoint', () => {
  const outbox = join(mkdtempSync(join(tmpdir(), 'kim-ses-mailer-')), 'outbox');
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

  it('sends a notification as raw MIME and returns the outbox message id', async () => {
    const mailer = new SesMailer(client, FROM, 'kim-notifications');
    const content = caseAssigned({ caseNumber: CASE, caseUrl: `https://kim.example/faelle/${CASE}`, focusAreaName: 'Psychosoziale Beratung', municipalityName: 'Kreuzau', crisis: true });
    const messageId = await mailer.send({ ...content, to: ['jana.schmitz@traeger-a.example', 'vertretung@traeger-a.example'] });

    expect(ses.list().find((entry) => entry.messageId === messageId)).toEqual({
      messageId,
      sentAt: '2026-11-24T09:00:00.000Z',
      from: FROM,
      recipients: ['jana.schmitz@traeger-a.example', 'vertretung@traeger-a.example'],
      subject: `Neuer Fall ${CASE} zugewiesen – bitte vorrangig`,
      configurationSet: 'kim-notifications',
      tags: {},
    });
    const eml = ses.read(messageId);
    if (eml === undefined) throw new Error('message not in the outbox');
    const headers = parseHeaders(eml);
    expect(decodeEncodedWords(headers.get('subject') ?? '')).toBe(content.subject);
    expect(headers.get('to')).toBe('jana.schmitz@traeger-a.example, vertretung@traeger-a.example');
    expect(eml.toString('latin1')).toContain('Content-Type: text/html; charset=utf-8');
    expect(eml.toString('latin1')).toContain('Content-Type: text/plain; charset=utf-8');
    expect(headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('omits the configuration set when none is configured and carries the calendar part', async () => {
    const mailer = new SesMailer(client, FROM);
    const messageId = await mailer.send({
      to: ['mitglied@kreis-dueren.example'],
      subject: 'Einladung: Jour fixe',
      text: 'Einladung',
      html: '<p>Einladung</p>',
      icalEvent: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' },
    });
    const entry = ses.list().find((e) => e.messageId === messageId);
    expect(entry).toBeDefined();
    expect(entry).not.toHaveProperty('configurationSet');
    expect(ses.read(messageId)?.toString('latin1')).toContain('Content-Type: text/calendar; charset=utf-8; method=REQUEST');
  });

  it('keeps client data of a referral out of the envelope subject', async () => {
    const mailer = new SesMailer(client, FROM);
    const canary = 'Canary Ölçek-Żółw';
    const content = referralToService({
      caseNumber: CASE,
      referralNumber: `${CASE}-1`,
      serviceName: 'Sprachkursberatung der VHS',
      needCategoryName: 'Sprachkurs',
      clientFields: [{ label: 'Name', value: canary }],
      caseManager: { name: 'Jana Schmitz', email: 'jana.schmitz@traeger-a.example' },
      replyByDate: new Date('2026-12-07T10:00:00Z'),
      answerLink: { url: 'https://kim.example/api/referral-answer?token=a.b', validUntil: new Date('2027-01-23T10:00:00Z') },
    });
    const messageId = await mailer.send({ ...content, to: ['vhs@dienste.example'] });
    const entry = ses.list().find((e) => e.messageId === messageId);
    expect(entry?.subject).toBe(`Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${CASE}`);
    expect(JSON.stringify(entry)).not.toContain('Canary');
  });

  it('passes SES rejections on and sends nothing for an unsafe subject', async () => {
    const mailer = new SesMailer(client, FROM);
    const before = readdirSync(outbox).length;
    await expect(mailer.send({ to: ['not an address'], subject: 'Test', text: 'x', html: '<p>x</p>' })).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(mailer.send({ to: ['a@b.example'], subject: 'Test\r\nBcc: spy@evil.example', text: 'x', html: '<p>x</p>' })).rejects.toThrow(/line breaks/);
    expect(readdirSync(outbox).length).toBe(before);
  });
});
