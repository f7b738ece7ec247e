/**
 * The local stand-in for the Cognito user pool: signs ID tokens for demo staff with a key kept in the data dir,
 * and verifies them the way API Gateway's JWT authorizer does (signature, issuer, audience, expiry).
 * The key lives on disk so tokens survive a restart of `npm start` and `npm run token` can mint them too.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readOrCreate } from './create-once.ts';
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

/** Creates the key pair once (see readOrCreate); the public key is written next to it for tools. */
function ensureKeyPair(dataDir: string): KeyObject {
  const paths = keyPaths(dataDir);
  let publicKey: KeyObject | undefined;
  const pem = readOrCreate(
    paths.privateKey,
    () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      publicKey = pair.publicKey;
      return pair.privateKey.export({ type: 'pkcs8', format: 'pem' });
    },
    () => {
      // For tools that want to check tokens themselves (a JWKS entry); the private key stays the source of truth.
      if (publicKey !== undefined) writeFileSync(paths.publicKey, `${JSON.stringify({ ...publicKey.export({ format: 'jwk' }), alg: ALGORITHM, use: 'sig' }, null, 2)}\n`);
    },
  );
  return createPrivateKey(pem);
}

/** Opens the issuer whose key is in `<dataDir>/auth/`, creating the key on first use. */
export function openLocalIssuer(dataDir: string): LocalIssuer {
  const privateKey = ensureKeyPair(dataDir);
  const publicKey = createPublicKey(privateKey);
  // A token checked once stays valid until it expires (signature, issuer and audience cannot change): later requests
  // with it need no ECDSA verification again — as in AWS, where the authorizer's work costs the function nothing.
  const verified = new Map<string, JWTPayload>();
  return {
    mintToken(staff, now, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      // The claims a Cognito ID token carries for this person: groups as an array, custom attributes prefixed.
      const claims: JWTPayload = { email: staff.email, name: staff.name, 'cognito:groups': [staff.role], token_use: 'id' };
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
      const seconds = now.getTime() / 1000;
      const known = verified.get(token);
      if (known?.exp !== undefined && seconds < known.exp && (known.nbf === undefined || known.nbf <= seconds)) return { ...known };
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: [ALGORITHM],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        currentDate: now,
        // A token without expiry would be valid forever; Cognito always sets one.
        requiredClaims: ['exp', 'sub'],
      });
      if (verified.size >= 1000) verified.clear();
      verified.set(token, payload);
      return { ...payload };
    },
  };
}
