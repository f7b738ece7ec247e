/**
 * `/config.json`: what differs between `npm start` and AWS for the pages — how people sign in and whether there
 * is a local outbox. The dev server answers it locally; the web stack writes it into the bucket in AWS.
 */
import * as z from 'zod';

export const siteConfigSchema = z.strictObject({
  signIn: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('local'), url: z.string().startsWith('/') }),
    /** Cognito's hosted sign-in (authorization code with PKCE); redirect and sign-out go to this site's origin. */
    z.strictObject({ kind: z.literal('cognito'), domain: z.url({ protocol: /^https$/ }), clientId: z.string().min(1) }),
  ]),
  outbox: z.boolean(),
});

export type SiteConfig = z.infer<typeof siteConfigSchema>;

let loaded: Promise<SiteConfig> | undefined;

/** Fetched once per page; a missing or broken file means a broken deployment, shown to the person as such. */
export function siteConfig(): Promise<SiteConfig> {
  loaded ??= fetch('/config.json', { headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`config.json: ${String(response.status)}`))))
    .then((json: unknown) => siteConfigSchema.parse(json));
  return loaded;
}
