/**
 * Where an AWS client talks to. An endpoint override points it at a local stand-in (DynamoDB Local, the local Step
 * Functions and SES endpoints); in AWS the SDK's defaults apply. No SDK import here: each client has its own module
 * (dynamodb-client.ts, sfn-client.ts, ses-client.ts), so a handler loads only the SDK packages it uses.
 */
export interface ClientTarget {
  readonly region: string;
  /** Set only on this machine; credentials are then dummies the local stand-ins ignore. */
  readonly endpoint?: string;
}

export function clientConfig(target: ClientTarget): { region: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } {
  return target.endpoint === undefined
    ? { region: target.region }
    : { region: target.region, endpoint: target.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

/**
 * A client, or how to build it. A factory is called on first use (once; again after it failed), so the client's SDK
 * package is loaded then — by `import()` of the package itself, the only import an ESM bundle does not evaluate at
 * init — rather than when the function starts.
 */
export type ClientSource<C extends { send: unknown }> = C | (() => Promise<C>);

export function onFirstUse<C extends { send: unknown }>(source: ClientSource<C>): () => Promise<C> {
  if ('send' in source) {
    const ready = Promise.resolve(source);
    return () => ready;
  }
  let client: Promise<C> | undefined;
  return () => {
    if (client === undefined) {
      client = source();
      client.catch(() => (client = undefined));
    }
    return client;
  };
}
