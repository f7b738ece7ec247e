/**
 * The signing key of RSVP links and calendar-feed URLs: read from Secrets Manager once per process, on first use
 * (the SDK package is loaded then, by import(), unless the function loads it at init: preload-secrets-manager.ts).
 */
import { clientConfig } from '../../../core/adapters/client-config.ts';
import { dependencyPart, MissingConfiguration } from './process.ts';

export const linkSecretDependencies = dependencyPart<'linkSecret'>((env) => {
  let value: Promise<string> | undefined;
  const read = async (secretArn: string): Promise<string> => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient(clientConfig({ region: env.region }));
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      if (answer.SecretString === undefined || answer.SecretString.length < 32) throw new MissingConfiguration('Der Signaturschlüssel (LINK_SECRET_ARN) ist leer oder zu kurz.');
      return answer.SecretString;
    } finally {
      client.destroy();
    }
  };
  return {
    linkSecret: () => {
      if (env.linkSecretArn === undefined) return Promise.reject(new MissingConfiguration('LINK_SECRET_ARN ist für diese Funktion nicht gesetzt.'));
      if (value === undefined) {
        value = read(env.linkSecretArn);
        // A failed read (throttling, a network hiccup) is not kept for the life of the instance: the next call asks again.
        value.catch(() => (value = undefined));
      }
      return value;
    },
  };
});
