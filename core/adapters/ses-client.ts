/** The SES v2 client: only for functions that send mail. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientConfig, type ClientTarget } from './client-config.ts';

export const createSesClient = (target: ClientTarget): SESv2Client => new SESv2Client(clientConfig(target));
