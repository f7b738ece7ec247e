import { describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { describeEvent, type HistoryEvent } from '../../web/case-history.ts';

const profile = publicProfile(bundledProfile());
const handedOver = (choice: 'manual' | 'auto'): HistoryEvent => ({
  kind: 'handed-over',
  actor: 'sabine-kraemer',
  at: '2026-12-01T09:00:00.000Z',
  details: { from: 'samuel-mensah', to: 'thomas-mueller', providerId: 'traeger-c', choice, reason: 'Elternzeit ab Dezember.' },
});

describe('the hand-over in the case history', () => {
  it('says from whom to whom (with the provider), how chosen, and why', () => {
    const provider = profile.providers.find((p) => p.id === 'traeger-c')?.name ?? '';
    expect(describeEvent(handedOver('manual'), profile, 'sabine-kraemer')).toBe(`Fall übergeben von samuel-mensah an thomas-mueller – ${provider}: „Elternzeit ab Dezember.“`);
    expect(describeEvent(handedOver('auto'), profile, 'sabine-kraemer')).toBe(
      `Fall übergeben von samuel-mensah an thomas-mueller – ${provider} (automatisch: geringste Auslastung): „Elternzeit ab Dezember.“`,
    );
  });

  it('addresses the reader where the event names them', () => {
    expect(describeEvent(handedOver('manual'), profile, 'thomas-mueller')).toMatch(/^Fall übergeben von samuel-mensah an Sie – /);
    expect(describeEvent(handedOver('manual'), profile, 'samuel-mensah')).toMatch(/^Fall übergeben von Ihnen an thomas-mueller – /);
  });
});
