import { describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { describeEvent, type HistoryEvent } from '../../web/case-history.ts';

const profile = publicProfile(bundledProfile());
const event = (kind: string, details: HistoryEvent['details']): HistoryEvent => ({ kind, actor: 'anna-weber', at: '2026-11-24T09:00:00.000Z', ...(details === undefined ? {} : { details }) });
const say = (kind: string, details: HistoryEvent['details']): string => describeEvent(event(kind, details), profile, 'anna-weber');

describe('the history of consents and referrals added after the assessment', () => {
  it('says what was added and what it released, in German', () => {
    expect(say('consent-recorded', { serviceId: 'integrationskurs', form: 'oral', released: 0 })).toBe('Einwilligung für Integrationskursträger (Beratung und Anmeldung) nachträglich erfasst');
    expect(say('consent-recorded', { serviceId: 'schulamt', form: 'written', released: 2, generation: 3 })).toBe(
      'Einwilligung für Schulamt für den Kreis Düren nachträglich erfasst; 2 zurückgehaltene Vermittlungen gehen jetzt hinaus',
    );
    expect(say('referral-released', { referralId: 'KIM-2026-7QK3M2XD-V01', serviceId: 'schulamt' })).toBe('Vermittlung V01 an Schulamt für den Kreis Düren: Einwilligung liegt jetzt vor, sie wird verschickt');
    expect(say('referral-added', { referralId: 'KIM-2026-7QK3M2XD-V04', needCategory: 'health', serviceId: 'gesundheitsamt', generation: 2 })).toBe(
      'Vermittlung V04 für „Gesundheit und medizinische Versorgung“ an Gesundheitsamt Kreis Düren hinzugefügt',
    );
    expect(say('referral-added', { referralId: 'KIM-2026-7QK3M2XD-V05', needCategory: 'housing' })).toBe('Vermittlung V05 für „Wohnen“ ohne passende Stelle hinzugefügt');
    expect(say('referral-replaced', { referralId: 'KIM-2026-7QK3M2XD-V03', needCategory: 'childcare-school', serviceId: 'schulamt', replaces: 'KIM-2026-7QK3M2XD-V02' })).toBe(
      'Vermittlung V03 für „KITA und Schule“ an Schulamt für den Kreis Düren hinzugefügt statt der abgelehnten Vermittlung V02',
    );
  });
});
