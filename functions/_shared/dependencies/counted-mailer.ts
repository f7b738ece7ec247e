/** The Mailer with the `MailsSent` business metric: counted once SES accepted the message. */
import type { Mailer } from '../../../core/mail/mail-message.ts';
import { count } from '../metrics.ts';

export function countedMailer(mailer: Mailer): Mailer {
  return {
    send: async (mail) => {
      const messageId = await mailer.send(mail);
      count('MailsSent');
      return messageId;
    },
  };
}
