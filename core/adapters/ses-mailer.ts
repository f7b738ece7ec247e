/**
 * The Mailer port on SES v2. Messages go as raw MIME (built by composeMime) because only raw content can carry
 * the `text/calendar` part that meeting invitations need; notifications use the same path so there is one way out.
 */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { composeMime } from '../mail/mail-message.ts';
import type { Mailer, OutgoingMail } from '../mail/mail-message.ts';

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    /** The verified sender, e.g. `Kommunales Integrationszentrum <kim@kreis-dueren.de>`. */
    private readonly from: string,
    /** The configuration set that records bounces and complaints; absent locally and in tests. */
    private readonly configurationSetName?: string,
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const raw = await composeMime(mail, this.from);
    const { MessageId } = await this.client.send(
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
