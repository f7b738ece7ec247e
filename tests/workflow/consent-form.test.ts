/**
 * The consent form through the API (GET /api/cases/{id}/consent-form), against DynamoDB Local: the case's case
 * manager and the coordination get it in German and the person's language with name and date of birth to sign;
 * every read is audited in the case's history with service and language only; everyone else is refused; a
 * language without a form gives the German form with a note; bad input is named at its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('the consent form of a case', () => {
  const h = new WorkflowHarness();
  let caseId = '';
  let manager = '';
  beforeAll(async () => {
    await h.start();
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ languages: ['ti', 'ar'], needs: { categories: ['residence'] } }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    caseId = String(submitted.body.caseId);
    manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
  });
  afterAll(async () => {
    await h.stop();
  });

  const formPath = (query: string) => `/api/cases/${caseId}/consent-form?${query}`;
  const printed = async () => (await h.deps.cases.listEvents(caseId)).filter((event) => event.kind === 'consent-form-printed');
  /** The one audited read by this person of this service's form in this language (each test reads a different one). */
  const auditedRead = async (actor: string, serviceId: string, language: string) =>
    (await printed()).filter((event) => event.actor === actor && event.details?.serviceId === serviceId && event.details.language === language);

  it('gives the case manager the form in the first of the person’s languages that has one, and audits the read', async () => {
    const before = (await printed()).length;
    const answer = await h.api('GET', formPath('service=auslaenderbehoerde'), manager);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      caseId,
      language: 'ar',
      purpose: 'referral',
      service: { id: 'auslaenderbehoerde', name: 'Ausländerbehörde Kreis Düren' },
      person: { name: 'Rana Haddad', dateOfBirth: '1988-03-02' },
      translation: { lang: 'ar', dir: 'rtl' },
      german: { lang: 'de', dir: 'ltr' },
    });
    expect(await printed()).toHaveLength(before + 1);
    const events = await auditedRead(manager, 'auslaenderbehoerde', 'ar');
    expect(events).toHaveLength(1);
    // Codes only: nothing of the person in the history.
    expect(JSON.stringify(events)).not.toMatch(/Haddad|Rana|1988/);
  });

  it('gives the coordination the form in the language asked for; Dari reads the Farsi text', async () => {
    const answer = await h.api('GET', formPath('service=job-com&lang=prs'), 'coordinator');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ language: 'prs', translation: { lang: 'fa', dir: 'rtl', note: { lang: 'prs' } } });
    expect(await auditedRead(h.staff('coordinator').id, 'job-com', 'prs')).toHaveLength(1);
  });

  it('is German only, with a note, for a language without a form', async () => {
    const answer = await h.api('GET', formPath('service=job-com&lang=ti'), manager);
    expect(answer.status).toBe(200);
    expect(answer.body.translation).toBeUndefined();
    expect(answer.body).toMatchObject({ language: 'de', notice: expect.stringContaining('Tigrinya') as unknown });
    expect(await auditedRead(manager, 'job-com', 'de')).toHaveLength(1);
  });

  it('audits every one of many reads at once (no read overwrites another in the history)', async () => {
    const before = (await printed()).length;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => h.api('GET', formPath('service=sozialamt&lang=uk'), i % 2 === 0 ? manager : 'coordinator')));
    expect(answers.map((answer) => answer.status)).toEqual(Array<number>(12).fill(200));
    expect(await printed()).toHaveLength(before + 12);
  });

  it('refuses intake staff, the data protection officer and other case managers, without auditing a read', async () => {
    const before = (await printed()).length;
    const other = h.staff('casemanager', (s) => s.id !== manager).id;
    for (const as of ['intake', 'dpo', other]) expect((await h.api('GET', formPath('service=job-com'), as)).status, as).toBe(403);
    expect(await printed()).toHaveLength(before);
  });

  it('names a service outside the catalogue and a malformed language at their fields', async () => {
    const unknown = await h.api('GET', formPath('service=wahrsagerei'), manager);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'service', message: '„wahrsagerei“ ist keine Stelle des Katalogs' }]);
    const malformed = await h.api('GET', formPath('service=job-com&lang=Arabisch'), manager);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'lang', message: 'muss ein Sprachcode wie „ar“ oder „prs“ sein' }]);
    expect((await h.api('GET', `/api/cases/KIM-2026-00000000/consent-form?service=job-com`, 'coordinator')).status).toBe(404);
  });
});
