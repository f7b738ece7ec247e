/**
 * Reads a secret file, creating it first if it does not exist. `npm start` and `npm run token` (or
 * `npm run reconcile`) may race here: the content is written to a temporary file and published with link(),
 * which fails if another process won, so all of them end up with the same secret.
 */
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export function readOrCreate(path: string, create: () => string | Buffer, afterCreate?: () => void): Buffer {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, create(), { mode: 0o600 });
  try {
    linkSync(temporary, path);
    afterCreate?.();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(path);
}

/** The key that signs RSVP links and feed URLs under `npm start` (in AWS: a Secrets Manager secret). */
export function localLinkSecret(dataDir: string): string {
  return readOrCreate(`${dataDir}/auth/link-secret`, () => randomBytes(32).toString('hex')).toString('utf8');
}
