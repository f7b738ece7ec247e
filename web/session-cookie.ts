/**
 * The sign-in token as a cookie, beside the bearer token the pages send: it lets the intake form submit without
 * JavaScript. Locally the sign-in page sets it, in AWS the page after the Cognito sign-in. Path /api, because only
 * the API reads it; SameSite=Strict, so no other site's form can use it; readable by the page (not HttpOnly), so
 * signing out clears it (a script that could read it could read the token in sessionStorage just as well).
 */
export const SESSION_COOKIE = 'kim_token';

/** The claims of a JWT, without checking it: for display and lifetimes only; the API checks the signature. */
export function decodeClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** As long as the token is valid (its `exp` − `iat`), at most 12 hours. */
export function sessionCookie(token: string, secure: boolean): string {
  const claims = decodeClaims(token);
  const lifetime = typeof claims?.exp === 'number' && typeof claims.iat === 'number' ? claims.exp - claims.iat : 3600;
  return `${SESSION_COOKIE}=${token}; Path=/api; Max-Age=${String(Math.max(0, Math.min(lifetime, 12 * 3600)))}; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/api; Max-Age=0; SameSite=Strict`;

/** The token from a Cookie header, if the session cookie is there. */
export function tokenFromCookieHeader(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length > 0 && value.join('=') !== '') return value.join('=');
  }
  return undefined;
}
