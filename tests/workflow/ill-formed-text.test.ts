/**
 * Lone UTF-16 surrogates through the real local API (issue 16): JSON may spell one as an escape (`"\ud800"`),
 * a form as percent-encoded bytes that are not UTF-8 (`%ED%A0%80`). Stored, such a string breaks every strict
 * reader of the table (the AWS CLI cannot scan it), so every route refuses it with 400, names each field, and
 * writes nothing — the intake (JSON and form), a gap report, a meeting's agenda item and the public link forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAll } from '../../core/meetings/reconcile-all.ts';
import { REFERRAL_ANSWER_PATH } from '../../core/casework/referral-link.ts';
import { ILL_FORMED_MESSAGE } from '../../core/validation/well-formed.ts';
import { intakeFor, WorkflowHarness, type ApiAnswer } from '../fixtures/workflow-harness.ts';

describe('ill-formed text at the API', () => {
  const h = new WorkflowHarness();

  beforeAll(async () => {
    await h.start();
    // The meetings of the coming year exist, so the agenda item has a real meeting to go to.
    await reconcileAll(h.deps);
  });
  afterAll(() => h.stop());

  const itemKeys = async (): Promise<string[]> => (await h.scanTable()).map((item) => `${String(item.pk)}|${String(item.sk)}`).sort();
  const fieldsOf = (answer: ApiAnswer) => answer.body.errors as { field: string; message: string }[];

  const postForm = async (path: string, form: string): Promise<number> => {
    const response = await fetch(`${await h.apiUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    await response.text();
    return response.status;
  };

  it('refuses lone surrogates in every free-text route with 400, each field named, and writes nothing', async () => {
    const meeting = (await h.scanTable()).find((item) => item.type === 'meeting');
    expect(meeting, 'a meeting from the reconciler').toBeDefined();
    const meetingId = String(meeting?.meetingId);
    const before = await itemKeys();

    // JSON.stringify writes a lone surrogate as an escape: valid JSON, valid UTF-8, ill-formed once parsed.
    const intakeJson = JSON.stringify(
      intakeFor({ needs: { categories: ['language'], description: 'Wohnung \ud800 gesucht' }, address: { street: 'Haupt\udc00straße 1', postalCode: '52372', city: 'Kreuzau' } }),
    );
    expect(intakeJson).toContain('\\ud800');
    const intake = await h.api('POST', '/api/intakes', 'intake', intakeJson);
    expect(intake.status).toBe(400);
    expect(fieldsOf(intake)).toEqual([
      { field: 'needs.description', message: ILL_FORMED_MESSAGE },
      { field: 'address.street', message: ILL_FORMED_MESSAGE },
    ]);

    const gapReport = await h.api('POST', '/api/gap-reports', 'casemanager', '{"reason":"no-service-for-need","municipalityId":"kreuzau","needCategory":"housing","text":"Keine Beratung \\udbff in Kreuzau"}');
    expect(gapReport.status).toBe(400);
    expect(fieldsOf(gapReport)).toEqual([{ field: 'text', message: ILL_FORMED_MESSAGE }]);

    const agenda = await h.api('POST', `/api/meetings/${meetingId}/agenda`, 'coordinator', '{"title":"Wohnungsberatung \\udc00\\ud800"}');
    expect(agenda.status).toBe(400);
    expect(fieldsOf(agenda)).toEqual([{ field: 'title', message: ILL_FORMED_MESSAGE }]);

    // The intake form without JavaScript: the same fields, percent-encoded as bytes that are not UTF-8.
    const form = new URLSearchParams(Object.entries(intakeFor()).filter((entry): entry is [string, string] => typeof entry[1] === 'string')).toString();
    const formIntake = await h.api('POST', '/api/intakes', 'intake', `${form}&needs.categories=language&needs.description=Wohnung%ED%A0%80&address.street=Haupt%ED%B0%80stra%C3%9Fe`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(formIntake.status).toBe(400);
    expect(fieldsOf(formIntake)).toEqual([
      { field: 'needs.description', message: ILL_FORMED_MESSAGE },
      { field: 'address.street', message: ILL_FORMED_MESSAGE },
    ]);

    // The public link forms (RSVP, the service's answer to a referral) are refused before any token is read.
    expect(await postForm('/api/rsvp', 'token=%ED%A0%80')).toBe(400);
    expect(await postForm(REFERRAL_ANSWER_PATH, 'token=abc&note=%ED%B0%80')).toBe(400);

    expect(await itemKeys()).toEqual(before);

    // The same requests with well-formed text are accepted: the 400s came from the check, not from the routes.
    const wellFormed = await h.api('POST', `/api/meetings/${meetingId}/agenda`, 'coordinator', { title: 'Wohnungsberatung 🏠 in Kreuzau' });
    expect(wellFormed.status, JSON.stringify(wellFormed.body)).toBeLessThan(300);
    const intakeOk = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'], description: 'Wohnung 🏠 gesucht' } }));
    expect(intakeOk.status, JSON.stringify(intakeOk.body)).toBe(202);
  });
});
