/** The mail part: SES v2 with the verified sender and the configuration set; client and composer load on first send. */
import { clientConfig } from './client-config.ts';
import { SesMailer } from './ses-mailer.ts';
import { dependencyPart } from './process-dependencies.ts';

export const mailDependencies = dependencyPart<'mailer'>((env) => ({
  mailer: new SesMailer(
    () => import('@aws-sdk/client-sesv2').then(({ SESv2Client }) => new SESv2Client(clientConfig({ region: env.region }))),
    env.mailFrom,
    env.sesConfigurationSet,
  ),
}));
