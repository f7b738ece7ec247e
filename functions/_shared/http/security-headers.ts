/**
 * The security headers of every HTML answer: the static pages get them from CloudFront (lib/stacks/web-stack.ts) and
 * under `npm start` from the dev server, the API's own pages (the intake form without JavaScript, RSVP pages) from
 * the handler pipeline. One list, so the three cannot drift apart.
 */

/** Directives of the Content-Security-Policy; CloudFront adds `connect-src` for Cognito's token endpoint. */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP_DIRECTIVES.join('; '),
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on a form POST, and the API then
  // cannot tell the intake form's own post (signed in by cookie) from another site's. Other sites get no referrer.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
