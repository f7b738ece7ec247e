/**
 * A handler's **floor**: hello-world plus the AWS SDK packages that handler loads at init, each with its client
 * built — what no code of the handler can avoid. Which packages that is comes from esbuild's own metafile of the
 * handler's bundle (CDK's command replayed with `--metafile`, read by bundle-contents.ts): the externals
 * (`@aws-sdk/*`, `@smithy/*`) it imports by a static import, which an ESM bundle evaluates at init. Those it loads
 * by `import()` on first use do not count; a function that imports a `preload-*.ts` module has that package
 * statically, so its floor includes it. One floor per distinct set of packages; handlers with the same set share it.
 */
import type { Subject } from './cold-start.ts';

/** A floor as measured: its subject (paired with hello-world) and the packages it imports. */
export interface Floor {
  readonly subject: Subject;
  readonly packages: readonly string[];
}

/**
 * The clients a handler builds from SDK packages (each once per process, in functions/_shared/dependencies/), so
 * its floor builds them too. The first entry whose packages a floor has wins: the document client wraps the
 * DynamoDB client, as table.ts does.
 */
const SDK_CLIENTS: readonly { name: string; packages: readonly string[]; imports: string; client: string }[] = [
  {
    name: 'DynamoDB',
    packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
    imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    client: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  { name: 'DynamoDBClient', packages: ['@aws-sdk/client-dynamodb'], imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", client: 'new DynamoDBClient({})' },
  { name: 'SFN', packages: ['@aws-sdk/client-sfn'], imports: "import { SFNClient } from '@aws-sdk/client-sfn';", client: 'new SFNClient({})' },
  { name: 'SES', packages: ['@aws-sdk/client-sesv2'], imports: "import { SESv2Client } from '@aws-sdk/client-sesv2';", client: 'new SESv2Client({})' },
  { name: 'Secrets', packages: ['@aws-sdk/client-secrets-manager'], imports: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';", client: 'new SecretsManagerClient({})' },
  {
    name: 'Cognito',
    packages: ['@aws-sdk/client-cognito-identity-provider'],
    imports: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    client: 'new CognitoIdentityProviderClient({})',
  },
];

/**
 * The floor of a handler that loads `packages` at init: its id (the clients, e.g. `floor:DynamoDB+SFN`) and its
 * entry, hello-world importing exactly those packages and building their clients (a package without a known client
 * is only imported, and named in the id).
 */
export function floorOf(packages: readonly string[]): { id: string; entry: string } {
  const left = new Set(packages);
  const names: string[] = [];
  const lines: string[] = [];
  const clients: string[] = [];
  for (const known of SDK_CLIENTS) {
    if (!known.packages.every((p) => left.has(p))) continue;
    for (const p of known.packages) left.delete(p);
    names.push(known.name);
    lines.push(known.imports);
    clients.push(known.client);
  }
  for (const p of left) {
    names.push(p);
    lines.push(`import ${JSON.stringify(p)};`);
  }
  lines.push(`const clients = [${clients.join(', ')}];`, 'export const handler = async () => ({ statusCode: 200, clients: clients.length });', '');
  return { id: `floor:${names.length === 0 ? 'none' : names.join('+')}`, entry: lines.join('\n') };
}
