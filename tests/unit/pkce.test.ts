import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64Url,
  callbackUrl,
  codeChallenge,
  idTokenFrom,
  newPendingSignIn,
  parseCallback,
  parsePendingSignIn,
  randomToken,
  tokenRequestBody,
  tokenUrl,
} from '../../web/pkce.ts';

const DOMAIN = 'https://kim-flow-dev-123456789012.auth.eu-central-1.amazoncognito.com';
const ORIGIN = 'https://d111111abcdef8.cloudfront.net';
// RFC 7636, Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (RFC 7636, S256)', () => {
  it('computes the code challenge of the RFC example', async () => {
    expect(await codeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('encodes base64url without padding, like Buffer does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(base64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });

  it('makes random tokens that are valid code verifiers (43 unreserved characters) and differ each time', () => {
    const tokens = Array.from({ length: 50 }, () => randomToken());
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    const pending = newPendingSignIn();
    expect(pending.state).not.toBe(pending.codeVerifier);
  });
});

describe('Cognito URLs and requests', () => {
  it('sends the person to the authorize endpoint with every parameter of the code flow with PKCE', () => {
    const url = new URL(authorizeUrl({ domain: DOMAIN, clientId: 'client-1', origin: ORIGIN, state: 'state-1', codeChallenge: RFC_CHALLENGE }));
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: `${ORIGIN}/angemeldet.html`,
      scope: 'openid email profile',
      state: 'state-1',
      code_challenge: RFC_CHALLENGE,
      code_challenge_method: 'S256',
    });
  });

  it('exchanges the code at the token endpoint with the same redirect URI and the code verifier', () => {
    expect(tokenUrl(DOMAIN)).toBe(`${DOMAIN}/oauth2/token`);
    const body = tokenRequestBody({ clientId: 'client-1', origin: ORIGIN, code: 'code-1', codeVerifier: RFC_VERIFIER });
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      code: 'code-1',
      redirect_uri: callbackUrl(ORIGIN),
      code_verifier: RFC_VERIFIER,
    });
    expect(body.toString()).toContain('redirect_uri=https%3A%2F%2Fd111111abcdef8.cloudfront.net%2Fangemeldet.html');
  });

  it('reads the redirect back: code and state, an OAuth error, or nothing usable', () => {
    expect(parseCallback('?code=abc&state=xyz')).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(parseCallback('?error=access_denied&state=xyz')).toEqual({ kind: 'error', error: 'access_denied' });
    expect(parseCallback('?code=abc')).toEqual({ kind: 'invalid' });
    expect(parseCallback('?state=xyz&code=')).toEqual({ kind: 'invalid' });
    expect(parseCallback('')).toEqual({ kind: 'invalid' });
  });

  it('reads back only a complete pending sign-in', () => {
    const pending = newPendingSignIn();
    expect(parsePendingSignIn(JSON.stringify(pending))).toEqual(pending);
    for (const stored of [null, '', 'kein json', 'null', '[]', '{"state":"s"}', '{"state":"","codeVerifier":"v"}', '{"state":1,"codeVerifier":"v"}']) {
      expect(parsePendingSignIn(stored), String(stored)).toBeUndefined();
    }
  });

  it('takes the ID token from the token answer, nothing else', () => {
    expect(idTokenFrom({ id_token: 'a.b.c', access_token: 'x.y.z', token_type: 'Bearer' })).toBe('a.b.c');
    for (const answer of [undefined, null, 'a.b.c', {}, { access_token: 'x.y.z' }, { id_token: 'kein-jwt' }, { id_token: 42 }]) {
      expect(idTokenFrom(answer), JSON.stringify(answer)).toBeUndefined();
    }
  });
});
