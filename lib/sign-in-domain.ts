/**
 * Cognito's hosted sign-in of a stage, `https://kim-flow-<stage>-<account>.auth.<region>.amazoncognito.com`. Its domain
 * prefix is fixed by stage and account, so the site stack can name the sign-in origin in its Content-Security-Policy
 * (deployed before the api stack creates the domain) without a reference to the api stack, which would close a
 * circle: the api stack's web client needs the site stack's distribution for its callback URL.
 */
import type { Stack } from 'aws-cdk-lib';
import type { Stage } from './config.ts';

/** The prefix of the user pool's Cognito domain (api stack). */
export function signInDomainPrefix(stack: Stack, stage: Stage): string {
  return `kim-flow-${stage}-${stack.account}`;
}

/** The base URL of that domain, as UserPoolDomain.baseUrl() gives it for a Cognito (not custom) domain. */
export function signInBaseUrl(stack: Stack, stage: Stage): string {
  return `https://${signInDomainPrefix(stack, stage)}.auth.${stack.region}.amazoncognito.com`;
}
