import { describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { ReferralLinkInfo } from '../../core/casework/referral-link-answer.ts';
import { answerPage } from '../../functions/referral-links/answer-page.ts';
import type { HttpAnswer } from '../../functions/_shared/http/http-answer.ts';

/** The page's HTML (every decision answers with a page). */
const html = (answer: HttpAnswer): string => ('text' in answer ? answer.text : '');

const referral: ReferralLinkInfo = {
  caseNumber: 'KIM-2026-7QK3M2XD',
  referralNumber: 'KIM-2026-7QK3M2XD-V01',
  serviceName: 'Familienbildungsstätte',
  needName: 'Familie & Erziehung',
  status: 'accepted',
  firstAppointment: '2027-01-12',
};

describe('the service answer page', () => {
  const ask = {
    outcome: 'ask' as const,
    referral,
    token: 'a"b.c<d',
    answers: ['completed', 'no-show', 'appointment'] as const,
    declineReasons: bundledProfile().referralDeclineReasons,
  };

  it('asks with the answers still possible, escaping everything it shows', () => {
    const page = answerPage(ask);
    expect(page.statusCode).toBe(200);
    expect(html(page)).toContain('<dt>Ersttermin</dt><dd>12.01.2027</dd>');
    expect(html(page)).toContain('Familie &#38; Erziehung');
    expect(html(page)).toContain('value="a&#34;b.c&#60;d"');
    expect(html(page)).toContain('id="antwort-appointment"');
    expect(html(page)).not.toContain('id="antwort-accepted"');
  });

  it('shows the mistakes at their fields and what was entered, escaped', () => {
    const page = answerPage({ ...ask, errors: [{ field: 'firstAppointment', message: 'bitte das Datum des Ersttermins angeben' }], values: { outcome: 'appointment', reason: '<script>x</script>' } });
    expect(page.statusCode).toBe(400);
    expect(html(page)).toContain('<p class="fehler" id="fehler-firstAppointment">bitte das Datum des Ersttermins angeben</p>');
    expect(html(page)).toContain('aria-invalid="true" aria-describedby="fehler-firstAppointment"');
    expect(html(page)).toContain('value="appointment" checked');
    expect(html(page)).toContain('&#60;script&#62;x&#60;/script&#62;');
    expect(html(page)).not.toContain('<script>x');
  });

  it('says in German why nothing changed', () => {
    expect(answerPage({ outcome: 'invalid-link' })).toMatchObject({ statusCode: 400, text: expect.stringContaining('Link ungültig') as unknown });
    expect(answerPage({ outcome: 'expired' })).toMatchObject({ statusCode: 410, text: expect.stringContaining('es wurde nichts gespeichert') as unknown });
    expect(html(answerPage({ outcome: 'already-recorded', referral, answer: 'completed' }))).toContain('Bereits erfasst');
  });
});
