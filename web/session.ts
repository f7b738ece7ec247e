/**
 * Who is signed in, in this browser tab: the ID token (local issuer or Cognito) in sessionStorage, its claims
 * read for display and navigation only — the API checks every request itself.
 */
import { ROLE_LABELS } from '../core/identity/roles.ts';
import { STAFF_ROLES, type StaffRole } from '../core/identity/roles.ts';
import { CLEARED_SESSION_COOKIE, decodeClaims, sessionCookie } from './session-cookie.ts';

const TOKEN_KEY = 'kim.token';

export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly StaffRole[];
  readonly providerId?: string;
}

function rolesOf(claim: unknown): StaffRole[] {
  const groups = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  return STAFF_ROLES.filter((role) => groups.includes(role));
}

/** The session of this tab; undefined when nobody is signed in or the token has expired. */
export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return undefined;
  const claims = decodeClaims(token);
  if (claims === undefined || typeof claims.sub !== 'string' || (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now())) {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
  const email = typeof claims.email === 'string' ? claims.email : '';
  const session: Session = {
    token,
    userId: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : email,
    email,
    roles: rolesOf(claims['cognito:groups']),
  };
  const providerId = claims['custom:providerId'];
  return typeof providerId === 'string' ? { ...session, providerId } : session;
}

export function storeSession(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  document.cookie = sessionCookie(token, location.protocol === 'https:');
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  document.cookie = CLEARED_SESSION_COOKIE;
}

export const hasRole = (session: Session | undefined, ...roles: readonly StaffRole[]): boolean =>
  session !== undefined && roles.some((role) => session.roles.includes(role));

export const roleNames = (session: Session): string => session.roles.map((role) => ROLE_LABELS[role]).join(', ') || 'ohne Rolle';

/** The page a person starts on after signing in. */
export function homePath(session: Session): string {
  if (hasRole(session, 'coordinator')) return '/faelle.html';
  if (hasRole(session, 'casemanager')) return '/faelle.html';
  if (hasRole(session, 'admin')) return '/termine.html';
  if (hasRole(session, 'dpo')) return '/datenschutz.html';
  return '/';
}
