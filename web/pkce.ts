/**
 * The Cognito sign-in of the pages in AWS: OAuth 2.0 authorization code with PKCE (RFC 7636, S256), pure parts
 * only — random values, the code challenge, the URLs and the token request. The pages anmelden.ts (start) and
 * angemeldet.ts (the redirect back) use them with sessionStorage, location and fetch.
 */

/** The page Cognito sends the person back to; a callback URL of the user pool's web client (lib/stacks/api-stack.ts). */
export const CALLBACK_PATH = '/angemeldet.html';

/** What the sign-in start keeps in sessionStorage for the redirect back (this tab only). */
export const PENDING_SIGN_IN_KEY = 'kim.signin';

/** The scopes of the web client; `openid` makes Cognito issue the ID token the API checks. */
export const SCOPES = 'openid email profile';

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes as base64url: 43 characters, within RFC 7636's 43–128 for a code verifier, and a fine state. */
export function randomToken(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** S256: base64url(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export function callbackUrl(origin: string): string {
  return `${origin}${CALLBACK_PATH}`;
}

export interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
}

export function newPendingSignIn(): PendingSignIn {
  return { state: randomToken(), codeVerifier: randomToken() };
}

/** The stored pending sign-in, or undefined when there is none or it is not ours. */
export function parsePendingSignIn(stored: string | null): PendingSignIn | undefined {
  if (stored === null) return undefined;
  try {
    const value: unknown = JSON.parse(stored);
    if (typeof value !== 'object' || value === null) return undefined;
    const { state, codeVerifier } = value as Record<string, unknown>;
    return typeof state === 'string' && typeof codeVerifier === 'string' && state !== '' && codeVerifier !== '' ? { state, codeVerifier } : undefined;
  } catch {
    return undefined;
  }
}

export interface AuthorizeRequest {
  /** Cognito domain, `https://….auth.<region>.amazoncognito.com` (config.json signIn.domain). */
  readonly domain: string;
  readonly clientId: string;
  /** This site's origin, e.g. `https://kim-flow.kreis-dueren.de`. */
  readonly origin: string;
  readonly state: string;
  readonly codeChallenge: string;
}

/** Cognito's authorize endpoint with every parameter of the authorization code flow with PKCE. */
export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL('/oauth2/authorize', request.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: callbackUrl(request.origin),
    scope: SCOPES,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export function tokenUrl(domain: string): string {
  return new URL('/oauth2/token', domain).toString();
}

export interface TokenRequest {
  readonly clientId: string;
  readonly origin: string;
  readonly code: string;
  readonly codeVerifier: string;
}

/** The form body (application/x-www-form-urlencoded) of the code exchange at the token endpoint. */
export function tokenRequestBody(request: TokenRequest): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: request.clientId,
    code: request.code,
    redirect_uri: callbackUrl(request.origin),
    code_verifier: request.codeVerifier,
  });
}

/** What Cognito put into the redirect back: a code (and our state), or an OAuth error. */
export type CallbackResult =
  | { readonly kind: 'code'; readonly code: string; readonly state: string }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'invalid' };

export function parseCallback(search: string): CallbackResult {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error !== null) return { kind: 'error', error };
  const code = params.get('code');
  const state = params.get('state');
  if (code === null || code === '' || state === null || state === '') return { kind: 'invalid' };
  return { kind: 'code', code, state };
}

/** The ID token from the token endpoint's JSON answer, or undefined when it has none. */
export function idTokenFrom(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const token = (answer as Record<string, unknown>).id_token;
  return typeof token === 'string' && token.split('.').length === 3 ? token : undefined;
}
