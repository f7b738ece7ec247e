/**
 * What every page shares: the header with the navigation the person's role may use, who is signed in, signing
 * in and out, and the message when a page is not for this role. Pages call startPage() first.
 */
import { STAFF_ROLES, type StaffRole } from '../core/identity/roles.ts';
import { ApiFailure } from './api.ts';
import { byId, h, replace } from './dom.ts';
import { clearSession, currentSession, hasRole, roleNames, type Session } from './session.ts';
import { siteConfig, type SiteConfig } from './site-config.ts';

interface NavItem {
  readonly href: string;
  readonly label: (session: Session) => string;
  readonly roles: readonly StaffRole[];
}

const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: () => 'Erstaufnahme', roles: ['intake', 'coordinator'] },
  { href: '/faelle.html', label: (s) => (hasRole(s, 'coordinator') ? 'Alle Fälle' : 'Meine Fälle'), roles: ['casemanager', 'coordinator'] },
  { href: '/suche.html', label: () => 'Fall suchen', roles: ['casemanager', 'coordinator'] },
  { href: '/auslastung.html', label: () => 'Auslastung', roles: ['coordinator'] },
  { href: '/uebergabe.html', label: () => 'Übergabe', roles: ['coordinator'] },
  { href: '/ruhende-faelle.html', label: () => 'Ruhende Fälle', roles: ['coordinator'] },
  { href: '/termine.html', label: () => 'Termine', roles: ['coordinator', 'admin'] },
  { href: '/gremien.html', label: () => 'Gremien', roles: ['coordinator'] },
  { href: '/jahresplan.html', label: () => 'Jahresplan', roles: STAFF_ROLES },
  { href: '/meldungen.html', label: () => 'Bedarfsmeldungen', roles: ['casemanager', 'coordinator'] },
  { href: '/themen.html', label: () => 'Themen Jour fixe', roles: ['casemanager', 'coordinator'] },
  { href: '/kennzahlen.html', label: () => 'Kennzahlen', roles: ['coordinator', 'admin'] },
  { href: '/datenschutz.html', label: () => 'Protokoll der Zugriffe', roles: ['dpo'] },
  { href: '/sperre.html', label: () => 'Verarbeitung einschränken', roles: ['dpo'] },
  { href: '/verarbeitungsverzeichnis.html', label: () => 'Verarbeitungsverzeichnis', roles: ['dpo', 'coordinator', 'admin'] },
];

export function signInPath(config: SiteConfig): string {
  return config.signIn.kind === 'local' ? config.signIn.url : '/anmelden.html';
}

function signOut(config: SiteConfig): void {
  clearSession();
  if (config.signIn.kind === 'cognito') {
    const logout = new URL('/logout', config.signIn.domain);
    logout.searchParams.set('client_id', config.signIn.clientId);
    logout.searchParams.set('logout_uri', `${location.origin}/`);
    location.assign(logout.toString());
  } else {
    location.assign('/');
  }
}

function renderHeader(config: SiteConfig, session: Session | undefined): void {
  const here = location.pathname === '/index.html' ? '/' : location.pathname;
  const items = session === undefined ? [] : NAV_ITEMS.filter((item) => hasRole(session, ...item.roles));
  const links = items.map((item) => ({ href: item.href, label: session === undefined ? '' : item.label(session) }));
  if (config.outbox) links.push({ href: '/outbox', label: 'Postausgang' });
  const nav = byId('navigation');
  replace(
    nav,
    h('ul', {}, ...links.map((link) => h('li', {}, h('a', { href: link.href, 'aria-current': link.href === here ? 'page' : undefined }, link.label)))),
  );
  const who = byId('sitzung');
  if (session === undefined) {
    replace(who, h('a', { href: signInPath(config), class: 'button-link' }, 'Anmelden'));
    return;
  }
  const button = h('button', { type: 'button', class: 'secondary' }, 'Abmelden');
  button.addEventListener('click', () => {
    signOut(config);
  });
  replace(who, h('span', {}, 'Angemeldet als ', h('strong', {}, session.name), ` (${roleNames(session)})`), ' ', button);
}

/** Tells the person the page cannot be shown to them, with a way on; replaces the page's content. */
function refuse(config: SiteConfig, session: Session | undefined): void {
  const main = byId('inhalt');
  const heading = main.querySelector('h1')?.textContent ?? 'KIM Flow';
  replace(
    main,
    h('h1', {}, heading),
    session === undefined
      ? h('p', { class: 'hinweis' }, 'Bitte melden Sie sich an, um diese Seite zu nutzen. ', h('a', { href: signInPath(config) }, 'Zur Anmeldung'))
      : h('p', { class: 'hinweis' }, 'Diese Seite ist für Ihre Rolle nicht vorgesehen. ', h('a', { href: '/' }, 'Zur Startseite')),
  );
}

/** Only the header: for pages anyone may see. */
export async function renderShell(): Promise<{ config: SiteConfig; session: Session | undefined }> {
  const config = await siteConfig();
  const session = currentSession();
  renderHeader(config, session);
  return { config, session };
}

export interface PageStart {
  readonly session: Session;
  readonly config: SiteConfig;
}

/**
 * Renders the header; resolves the session when the person may use the page (one of `roles`), otherwise
 * replaces the content with a hint and resolves undefined.
 */
export async function startPage(roles: readonly StaffRole[]): Promise<PageStart | undefined> {
  const { config, session } = await renderShell();
  if (session === undefined || !hasRole(session, ...roles)) {
    refuse(config, session);
    return undefined;
  }
  return { session, config };
}

/** A failure as a German alert in the container; field errors listed below the message. */
export function showFailure(container: HTMLElement, error: unknown): void {
  const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'Ein unerwarteter Fehler ist aufgetreten. Bitte laden Sie die Seite neu.');
  replace(
    container,
    h('div', { class: 'fehlermeldung', role: 'alert' }, h('p', {}, failure.message), failure.errors.length > 0 && h('ul', {}, ...failure.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`)))),
  );
}

/** A short note for screen readers and eyes alike that something is loading or done. */
export function setStatus(text: string): void {
  byId('seitenstatus').textContent = text;
}
