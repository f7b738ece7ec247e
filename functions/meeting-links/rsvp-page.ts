/**
 * The pages a person sees after following an RSVP link from an invitation: plain German, one sentence each, and
 * the status code that fits the decision (core/meetings/rsvp-answer.ts).
 */
import { escapeHtml } from '../../core/html/escape-html.ts';
import type { RsvpDecision } from '../../core/meetings/rsvp-answer.ts';
import type { RsvpAnswer } from '../../core/meetings/rsvp-token.ts';
import type { HttpAnswer } from '../_shared/http/http-answer.ts';

function page(statusCode: number, title: string, body: string): HttpAnswer {
  const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – KIM Flow</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return { statusCode, text: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
}
const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;

/** The answer as a verb ("Möchten Sie … zusagen?") and as a noun ("Ihre Zusage … ist gespeichert"). */
const VERBS: Readonly<Record<RsvpAnswer, string>> = { accepted: 'zusagen', tentative: 'unter Vorbehalt zusagen', declined: 'absagen' };
const NOUNS: Readonly<Record<RsvpAnswer, string>> = { accepted: 'Ihre Zusage', tentative: 'Ihre Zusage unter Vorbehalt', declined: 'Ihre Absage' };

export function rsvpPage(decision: RsvpDecision): HttpAnswer {
  switch (decision.outcome) {
    case 'invalid-link':
      return page(400, 'Link ungültig', paragraph('Dieser Antwort-Link ist ungültig oder beschädigt. Bitte verwenden Sie den Link aus der neuesten Einladung.'));
    case 'unknown-meeting':
      return page(404, 'Sitzung nicht gefunden', paragraph('Diese Sitzung gibt es nicht (mehr).'));
    case 'cancelled':
      return page(409, 'Sitzung abgesagt', paragraph(`Die Sitzung am ${decision.when} wurde abgesagt; eine Antwort ist nicht mehr nötig.`));
    case 'past':
      return page(409, 'Sitzung vorbei', paragraph(`Die Sitzung am ${decision.when} hat bereits stattgefunden.`));
    case 'stale':
      return page(409, 'Antwort veraltet', paragraph('Sie haben bereits auf eine neuere Einladung zu dieser Sitzung geantwortet; diese ältere Antwort wurde nicht übernommen.'));
    case 'confirm': {
      const answer = VERBS[decision.answer];
      const form = `<form method="post" action="/api/rsvp"><input type="hidden" name="token" value="${escapeHtml(decision.token)}"><button type="submit">Jetzt ${escapeHtml(answer)}</button></form>`;
      return page(200, `Sitzung am ${decision.when}`, paragraph(`Möchten Sie für die Sitzung am ${decision.when} ${answer}?`) + form);
    }
    case 'recorded':
      return page(200, 'Danke für Ihre Antwort', paragraph(`${NOUNS[decision.answer]} zur Sitzung am ${decision.when} ist gespeichert.`));
  }
}
