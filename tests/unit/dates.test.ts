import { describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { germanDate, germanDateOf, TIME_ZONE } from '../../web/dates.ts';

describe('the district\'s time zone', () => {
  it('is in /profile.json for the pages', () => {
    expect(publicProfile(bundledProfile()).district.timeZone).toBe(bundledProfile().district.timeZone);
  });

  it('is the zone the pages assume before the profile is loaded', () => {
    expect(TIME_ZONE).toBe(bundledProfile().district.timeZone);
  });
});

describe('German dates', () => {
  it('writes a calendar date the German way and leaves anything else as it is', () => {
    expect(germanDate('2026-03-04')).toBe('04.03.2026');
    expect(germanDate('soon')).toBe('soon');
    expect(germanDate('2026-03-04T10:00:00Z')).toBe('2026-03-04T10:00:00Z');
  });

  it('takes an instant\'s date in the zone given', () => {
    // 23:30 UTC on 31 December is already New Year in Düren.
    expect(germanDateOf(new Date('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toBe('01.01.2027');
    expect(germanDateOf(new Date('2026-12-31T23:30:00Z'), 'UTC')).toBe('31.12.2026');
  });
});
