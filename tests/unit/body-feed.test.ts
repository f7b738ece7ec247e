/**
 * The body's calendar feed is public: the signed token is checked before anything is looked up, so a bad or missing
 * token answers the same 403 whether the body exists or not (no way to probe for bodies).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { Refusal } from '../../core/errors.ts';
import { bodyFeed, feedToken } from '../../core/meetings/body-feed.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { meetingRecord, NOW, RSVP_SECRET } from '../fixtures/meeting-fixtures.ts';

const deps = { profile: bundledProfile(), clock: new ManualClock(NOW), meetings: { listMeetings: () => Promise.resolve([meetingRecord()]) } };

async function refusal(bodyId: string, token: string | undefined): Promise<{ kind: string; message: string }> {
  try {
    await bodyFeed(deps, bodyId, token, RSVP_SECRET);
  } catch (error) {
    if (error instanceof Refusal) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('the feed answered');
}

describe('calendar feed of a body', () => {
  it('answers a signed request with the body’s meetings', async () => {
    expect(await bodyFeed(deps, 'jour-fixe', feedToken('jour-fixe', RSVP_SECRET), RSVP_SECRET)).toContain('UID:jour-fixe-2026-12-08@kreis-dueren.kim-flow');
  });

  it('refuses a bad or missing token alike for a known and an unknown body', async () => {
    const refused = { kind: 'not-allowed', message: 'Dafür fehlt Ihnen die Berechtigung.' };
    for (const token of [undefined, '', 'falsch', feedToken('jour-fixe', 'another-secret-0123456789abcdef0123456789')]) {
      expect(await refusal('jour-fixe', token)).toEqual(refused);
      expect(await refusal('no-such-body', token)).toEqual(refused);
    }
    // A token signed for another body proves nothing about this one.
    expect(await refusal('no-such-body', feedToken('jour-fixe', RSVP_SECRET))).toEqual(refused);
  });

  it('answers 404 only to a token signed for that very body id', async () => {
    expect(await refusal('no-such-body', feedToken('no-such-body', RSVP_SECRET))).toEqual({ kind: 'not-found', message: 'Das Gremium wurde nicht gefunden.' });
  });
});
