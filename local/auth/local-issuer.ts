/**
 * The local stand-in for the Cognito user pool: signs ID tokens for demo staff with a key kept in the data dir,
 * and verifies them the way API Gateway's JWT authorizer does (signature, issuer, audience, expiry).
 * The key lives on disk so tokens survive a restart of `npm start` and `npm run token` can mint them too.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';

export const LOCAL_ISSUER = 'kim-flow-local';
export const LOCAL_AUDIENCE = 'kim-flow';
const ALGORITHM = 'ES256';
// Cognito's default ID token lifetime is one hour; a working day is friendlier for local trying out.
const DEFAULT_TTL_SECONDS = 8 * 60 * 60;

export interface LocalIssuer {
  /** A signed ID token for the person, issued at `now`. */
  mintToken(staff: StaffMember, now: Date, ttlSeconds?: number): Promise<string>;
  /** The token's claims; throws (a jose error) when the signature, issuer, audience or expiry at `now` is wrong. */
  verifyToken(token: string, now: Date): Promise<JWTPayload>;
}

export const keyPaths = (dataDir: string): { privateKey: string; publicKey: string } => ({
  privateKey: join(dataDir, 'auth', 'signing-key.pem'),
  publicKey: join(dataDir, 'auth', 'signing-key.public.jwk.json'),
});

/**
 * Creates the key pair once. `npm start` and `npm run token` may race here: the key is written to a temporary
 * file and published with link(), which fails if another process won, so both end up with the same key.
 */
function ensureKeyPair(dataDir: string): KeyObject {
  const paths = keyPaths(dataDir);
  mkdirSync(join(dataDir, 'auth'), { recursive: true, mode: 0o700 });
  try {
    return createPrivateKey(readFileSync(paths.privateKey));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const temporary = `${paths.privateKey}.${process.pid}.tmp`;
  writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    linkSync(temporary, paths.privateKey);
    // For tools that want to check tokens themselves (a JWKS entry); the private key stays the source of truth.
    writeFileSync(paths.publicKey, `${JSON.stringify({ ...publicKey.export({ format: 'jwk' }), alg: ALGORITHM, use: 'sig' }, null, 2)}\n`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return createPrivateKey(readFileSync(paths.privateKey));
}

/** Opens the issuer whose key is in `<dataDir>/auth/`, creating the key on first use. */
export function openLocalIssuer(dataDir: string): LocalIssuer {
  const privateKey = ensureKeyPair(dataDir);
  const publicKey = createPublicKey(privateKey);
  return {
    mintToken(staff, now, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      // The claims a Cognito ID token carries for this person: groups as an array, custom attributes prefixed.
      const claims: JWTPayload = { email: staff.email, 'cognito:groups': [staff.role], token_use: 'id' };
      if (staff.providerId !== undefined) claims['custom:providerId'] = staff.providerId;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(staff.id)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(privateKey);
    },
    async verifyToken(token, now) {
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: [ALGORITHM],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        currentDate: now,
        // A token without expiry would be valid forever; Cognito always sets one.
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    },
  };
}
