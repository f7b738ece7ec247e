/**
 * The intake form without JavaScript, through the local API gateway and the real handler against DynamoDB Local:
 * the browser posts the form with the session cookie and shows whatever HTML comes back. A mistake brings the
 * form back with the error named and every typed value kept; the corrected form brings the case number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ID_PATTERN } from '../../core/cases/case.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { SESSION_COOKIE } from '../../web/session-cookie.ts';
import { WorkflowHarness } from '../fixtures/workflow-harness.ts';

// What Firefox sends with a form submission.
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

/** The form as a browser sends it: every field, blank ones included; ticked boxes only. */
function filledForm(overrides: Readonly<Record<string, string>> = {}): URLSearchParams {
  const form = new URLSearchParams([
    ['familyName', 'Haddad'],
    ['givenNames', 'Zoë-Rana'],
    ['dateOfBirth', '1988-03-02'],
    ['gender', ''],
    ['nationality', 'SY'],
    ['languages', 'ar'],
    ['languages', 'ku, en'],
    ['interpreterNeeded', 'ja'],
    ['municipalityId', 'kreuzau'],
    ['address.street', 'Rue d’Ω & <Co> 5'],
    ['address.postalCode', '52372'],
    ['address.city', 'Kreuzau'],
    ['phone', ''],
    ['email', ''],
    ['residenceStatus', 'protection'],
    ['arrivalDate', '15.09.2026'],
    ['needs.categories', 'language'],
    ['needs.categories', 'childcare-school'],
    ['needs.description', 'Sucht einen Kita-Platz.\n"Dringend" <bald>'],
    ['requestedFocusArea', 'welcome'],
    ['consentToProcessing', 'ja'],
  ]);
  for (const [name, value] of Object.entries(overrides)) form.set(name, value);
  return form;
}

const caseNumberIn = (html: string): string | undefined => /<strong id="fallnummer" class="fallnummer">([^<]*)<\/strong>/.exec(html)?.[1];
const formTokenIn = (html: string): string | undefined => /<input type="hidden" name="formToken" value="([^"]*)">/.exec(html)?.[1];

describe('intake form without JavaScript', () => {
  const h = new WorkflowHarness();
  let apiUrl: string;
  let intakeCookie: string;
  let caseManagerCookie: string;

  beforeAll(async () => {
    await h.start();
    apiUrl = await h.apiUrl();
    // The harness's issuer key lives in its data dir; a second issuer on it signs what the gateway accepts.
    const issuer = openLocalIssuer(h.dataDir);
    intakeCookie = `${SESSION_COOKIE}=${await issuer.mintToken(h.staff('intake'), h.clock.now())}`;
    caseManagerCookie = `${SESSION_COOKIE}=${await issuer.mintToken(h.staff('casemanager'), h.clock.now())}`;
  });
  afterAll(() => h.stop());

  async function post(form: URLSearchParams, cookie = intakeCookie, accept = BROWSER_ACCEPT): Promise<Answer> {
    const response = await fetch(`${apiUrl}/api/intakes`, {
      method: 'POST',
      // The page and the API share the origin, as behind CloudFront and under npm start.
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept, cookie, origin: apiUrl },
      body: form.toString(),
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  }

  it('answers a mistake with the form again: the field named in the summary, every typed value kept', async () => {
    const answer = await post(filledForm({ familyName: ' ', 'address.postalCode': '5237' }));
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('text/html; charset=utf-8');
    const html = answer.text;
    expect(html).toContain('<title>Fehler: Erstaufnahme – KIM Flow</title>');
    expect(html).toContain('<h2 id="fehlerliste-titel">Bitte prüfen Sie Ihre Angaben</h2>');
    expect(html).toContain('<a href="#feld-familyName">Familienname: darf nicht leer sein</a>');
    expect(html).toContain('<a href="#feld-address-postalCode">Postleitzahl: muss eine fünfstellige Postleitzahl sein</a>');
    expect(html).toMatch(/<input type="text" id="feld-familyName" name="familyName" aria-describedby="feld-familyName-hilfe feld-familyName-fehler" aria-invalid="true" value=" "/);
    // The values as typed, escaped.
    expect(html).toContain('value="Zoë-Rana"');
    expect(html).toContain('value="Rue d’Ω &#38; &#60;Co&#62; 5"');
    expect(html).toContain('value="5237"');
    expect(html).toContain('value="15.09.2026"');
    expect(html).toContain('>\nSucht einen Kita-Platz.\n&#34;Dringend&#34; &#60;bald&#62;</textarea>');
    expect(html).toContain('<option value="kreuzau" selected>Kreuzau</option>');
    expect(html).toContain('<option value="SY" selected>Syrien</option>');
    expect(html).toMatch(/name="languages" value="ar" checked/);
    expect(html).toContain('name="languages" value="ku, en"');
    expect(html).toMatch(/name="needs.categories" value="childcare-school" checked/);
    expect(html).toMatch(/name="consentToProcessing"[^>]* value="ja" checked/);
    expect(html).toMatch(/name="crisis"[^>]* value="ja">/);
    // The page's header and styles, and a fresh token that makes the corrected submission idempotent.
    expect(html).toContain('<script type="module" src="/header.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/index.css">');
    expect(formTokenIn(html)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the corrected form with the case number and what happens next, once however often it is sent', async () => {
    const mistake = await post(filledForm({ familyName: '' }));
    const corrected = filledForm({ formToken: formTokenIn(mistake.text) ?? '' });
    const answer = await post(corrected);
    expect(answer.status).toBe(202);
    expect(answer.type).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<title>Die Erstaufnahme ist gespeichert – KIM Flow</title>');
    expect(answer.text).toContain('<h2>Wie es weitergeht</h2>');
    const caseId = caseNumberIn(answer.text) ?? '';
    expect(caseId).toMatch(CASE_ID_PATTERN);

    const record = await h.case(caseId);
    expect(record).toMatchObject({ municipalityId: 'kreuzau', requestedFocusArea: 'welcome', crisis: false, needCategories: ['language', 'childcare-school'] });
    expect(await h.deps.cases.getClient(caseId)).toMatchObject({
      familyName: 'Haddad',
      givenNames: 'Zoë-Rana',
      languages: ['ar', 'ku', 'en'],
      interpreterNeeded: true,
      arrivalDate: '2026-09-15',
      address: { street: 'Rue d’Ω & <Co> 5', postalCode: '52372', city: 'Kreuzau' },
    });

    // A double click or a reload of the answer sends the same form again: the same case, nothing new.
    const again = await post(corrected);
    expect(again.status).toBe(202);
    expect(caseNumberIn(again.text)).toBe(caseId);
  });

  it('tells someone in another role that they may not, with the way to sign in', async () => {
    const answer = await post(filledForm(), caseManagerCookie);
    expect(answer.status).toBe(403);
    expect(answer.type).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<h1>Keine Berechtigung</h1>');
    expect(answer.text).toContain('<a href="/anmelden.html">Mit einer anderen Person anmelden</a>');
  });

  it('keeps answering JSON to a form-encoded request that asks for JSON', async () => {
    const answer = await post(filledForm({ familyName: '' }), intakeCookie, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.text)).toEqual({ message: 'Die Eingaben sind unvollständig oder fehlerhaft.', errors: [{ field: 'familyName', message: 'darf nicht leer sein' }] });
  });
});
