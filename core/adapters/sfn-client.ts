/** The Step Functions client: only for functions that start executions or answer waiting tasks. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { clientConfig, type ClientTarget } from './client-config.ts';

export const createSfnClient = (target: ClientTarget): SFNClient => new SFNClient(clientConfig(target));
