/** The mail part: SES v2 with the verified sender and the configuration set; client and composer load on first send. */
import { clientConfig } from '../../../core/adapters/client-config.ts';
import { SesMailer } from '../../../core/adapters/ses-mailer.ts';
import { countedMailer } from './counted-mailer.ts';
import { dependencyPart } from './process.ts';

export const mailDependencies = dependencyPart<'mailer'>((env) => ({
  mailer: countedMailer(
    new SesMailer(
      () => import('@aws-sdk/client-sesv2').then(({ SESv2Client }) => new SESv2Client(clientConfig({ region: env.region }))),
      env.mailFrom,
      env.sesConfigurationSet,
    ),
  ),
}));
