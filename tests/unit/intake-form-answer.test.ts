/** The API's HTML answers to a form posted without JavaScript: when to send them, and the pages for errors. */
import { describe, expect, it } from 'vitest';
import { forbidden, notFound, unauthorized } from '../../core/errors.ts';
import { htmlAnswer, prefersHtml, problemPage } from '../../functions/_shared/http/html-answer.ts';

describe('prefersHtml', () => {
  it('is true for what browsers send with a form submission', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8')).toBe(true); // Chrome
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true); // Firefox
    expect(prefersHtml('TEXT/HTML')).toBe(true);
    expect(prefersHtml('text/*, application/json;q=0.5')).toBe(true);
  });

  it('is false for scripts and tools, a tie and no header at all', () => {
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('')).toBe(false);
    expect(prefersHtml('application/json, text/html;q=0.9')).toBe(false);
    expect(prefersHtml('text/html;q=0, */*')).toBe(false);
    expect(prefersHtml('text/html;q=0.5, application/json;q=0.5')).toBe(false);
    expect(prefersHtml('text/html;q=kaputt')).toBe(false);
  });
});

describe('HTML answers', () => {
  it('sends a whole German page as HTML', () => {
    const answer = htmlAnswer(400, { title: 'Fehler: Erstaufnahme', content: '<h1>Erstaufnahme</h1>', scripts: ['/header.js'] });
    expect(answer).toMatchObject({ statusCode: 400, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const text = 'text' in answer ? answer.text : '';
    expect(text).toContain('<html lang="de">');
    expect(text).toContain('<title>Fehler: Erstaufnahme – KIM Flow</title>');
    expect(text).toContain('<script type="module" src="/header.js"></script>');
  });

  it('leads to the sign-in when signed out or in the wrong role, and back otherwise', () => {
    const back = { href: '/', label: 'Zurück zur Erstaufnahme' };
    expect(problemPage(unauthorized(), back)).toEqual({
      title: 'Anmeldung erforderlich',
      content: '<h1>Anmeldung erforderlich</h1><p class="hinweis">Bitte melden Sie sich an.</p><p><a href="/anmelden.html">Zur Anmeldung</a></p>',
    });
    const wrongRole = problemPage(forbidden(), back);
    expect(wrongRole.title).toBe('Keine Berechtigung');
    expect(wrongRole.content).toContain('<a href="/anmelden.html">Mit einer anderen Person anmelden</a>');
    const other = problemPage(notFound('Der <Fall>'), back);
    expect(other.content).toContain('Der &#60;Fall&#62; wurde nicht gefunden.');
    expect(other.content).toContain('<a href="/">Zurück zur Erstaufnahme</a>');
  });
});
