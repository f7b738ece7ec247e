/**
 * The frame of every KIM Flow page: the built web pages (web/build.ts), the pages the dev server answers itself
 * (sign-in, outbox) and the intake form's answer without JavaScript (functions/create-intake). One frame, so the
 * skip link, header landmarks and live region are the same everywhere. The header's navigation and the signed-in
 * person are filled in by web/shell.ts.
 */
import { escapeHtml } from './escape-html.ts';

export interface PageLayout {
  /** The page's title, also its <title>; plain text. */
  readonly title: string;
  /** The content of <main>, already HTML (escaped by whoever built it). */
  readonly content: string;
  /** Module script paths, e.g. `/faelle.js`. */
  readonly scripts?: readonly string[];
  /** Style sheets beside /styles.css. */
  readonly styles?: readonly string[];
}

export function renderPage({ title, content, scripts = [], styles = [] }: PageLayout): string {
  const links = ['/styles.css', ...styles].map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('');
  const scriptTags = scripts.map((src) => `<script type="module" src="${escapeHtml(src)}"></script>`).join('');
  return (
    `<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} – KIM Flow</title>${links}${scriptTags}</head><body>` +
    '<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>' +
    '<header class="kopf"><a class="brand" href="/">KIM Flow</a><nav id="navigation" aria-label="Hauptnavigation"></nav><div id="sitzung" class="sitzung"></div></header>' +
    `<main id="inhalt" tabindex="-1">${content}</main>` +
    '<p id="seitenstatus" class="visually-hidden" role="status" aria-live="polite"></p>' +
    '</body></html>'
  );
}
