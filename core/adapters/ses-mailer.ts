/**
 * The Mailer port on SES v2. Messages go as raw MIME (built by composeMime) because only raw content can carry
 * the `text/calendar` part that meeting invitations need; notifications use the same path so there is one way out.
 *
 * The SES package and the MIME composer (nodemailer) are loaded by import() on the first send: most functions that
 * may send mail (the timers, triage, assignment, the meeting reconciler) send in few of their invocations, and an
 * ESM bundle evaluates static imports at init. Functions that send on every invocation load them at init instead
 * (preload-mail.ts).
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../mail/mail-message.ts';
import { onFirstUse, type ClientSource } from './client-config.ts';

let modules: Promise<[typeof import('../mail/compose-mime.ts'), typeof import('@aws-sdk/client-sesv2')]> | undefined;
const mailModules = (): NonNullable<typeof modules> => (modules ??= Promise.all([import('../mail/compose-mime.ts'), import('@aws-sdk/client-sesv2')]));

export class SesMailer implements Mailer {
  private readonly client: () => Promise<SESv2Client>;

  constructor(
    client: ClientSource<SESv2Client>,
    /** The verified sender, e.g. `Kommunales Integrationszentrum <kim@kreis-dueren.de>`. */
    private readonly from: string,
    /** The configuration set that records bounces and complaints; absent locally and in tests. */
    private readonly configurationSetName?: string,
  ) {
    this.client = onFirstUse(client);
  }

  async send(mail: OutgoingMail): Promise<string> {
    const [{ composeMime }, { SendEmailCommand }] = await mailModules();
    const raw = await composeMime(mail, this.from);
    const client = await this.client();
    const { MessageId } = await client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        // The envelope recipients; stated explicitly so SES does not have to read them from the headers.
        Destination: { ToAddresses: mail.to },
        Content: { Raw: { Data: raw } },
        ...(this.configurationSetName === undefined ? {} : { ConfigurationSetName: this.configurationSetName }),
      }),
    );
    if (MessageId === undefined) throw new Error('SES accepted the message but returned no MessageId');
    return MessageId;
  }
}
