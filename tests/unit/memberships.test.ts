/**
 * Memberships of a body (core/meetings/memberships.ts): the same address twice in one body at overlapping times is
 * refused with a German error on the e-mail field (it would get every invitation twice), as the demo data's schema
 * refuses it; ending or changing the membership itself, or a later one after it ended, is fine. And the bodies'
 * list carries the links the annual plan hands out: the signed calendar feed, OParl only for public bodies.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { Refusal } from '../../core/errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { feedUrl } from '../../core/meetings/body-feed.ts';
import { listBodies, saveMembership } from '../../core/meetings/memberships.ts';
import type { BodyMember } from '../../core/profile/demo-data-schema.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { APP_URL, NOW, RSVP_SECRET } from '../fixtures/meeting-fixtures.ts';

const coordinator: Caller = { userId: 'sabine-kraemer', email: 'sabine.kraemer@kreis-dueren.example', roles: ['coordinator'] };
const caseManager: Caller = { userId: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example', roles: ['casemanager'] };
const AYSE: BodyMember = { id: 'jf-ayse', bodyId: 'jour-fixe', name: 'Ayşe Yılmaz', email: 'ayse.yilmaz@traeger-a.example', roleId: 'case-manager', from: '2025-01-01' };

function setUp(members: BodyMember[] = [AYSE]) {
  const saved: BodyMember[] = [];
  const deps = {
    profile: bundledProfile(),
    clock: new ManualClock(NOW),
    appUrl: APP_URL,
    linkSecret: () => Promise.resolve(RSVP_SECRET),
    meetings: {
      listMembers: (bodyId: string) => Promise.resolve(members.filter((m) => m.bodyId === bodyId)),
      saveMember: (member: BodyMember) => {
        saved.push(member);
        return Promise.resolve();
      },
    },
  };
  return { deps, saved };
}

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('the change went through');
}

describe('memberships of a body', () => {
  const { id: _id, bodyId: _body, ...ayse } = AYSE;

  it('refuses the same address again while the first membership runs, on the e-mail field, and saves nothing', async () => {
    const { deps, saved } = setUp();
    const refusal = await refusalOf(saveMembership(deps, coordinator, 'jour-fixe', undefined, { ...ayse, email: 'AYSE.Yilmaz@traeger-a.example', from: '2027-01-01' }));
    expect(refusal.kind).toBe('invalid-input');
    expect(refusal.errors).toEqual([{ field: 'email', message: 'ist in diesem Gremium im selben Zeitraum bereits Mitglied (seit 01.01.2025); beenden oder ändern Sie diese Mitgliedschaft' }]);
    expect(saved).toEqual([]);
  });

  it('lets the membership itself be ended, and the same person join again after the end', async () => {
    const { deps, saved } = setUp();
    await saveMembership(deps, coordinator, 'jour-fixe', AYSE.id, { ...ayse, to: '2026-12-31' });
    const ended = setUp([{ ...AYSE, to: '2026-12-31' }]);
    await saveMembership(ended.deps, coordinator, 'jour-fixe', undefined, { ...ayse, roleId: 'guest', from: '2027-01-01' });
    expect(saved.map((m) => m.to)).toEqual(['2026-12-31']);
    expect(ended.saved.map((m) => [m.roleId, m.from])).toEqual([['guest', '2027-01-01']]);
  });

  it('refuses an overlap with an ended membership, naming its period', async () => {
    const { deps } = setUp([{ ...AYSE, to: '2026-12-31' }]);
    const refusal = await refusalOf(saveMembership(deps, coordinator, 'jour-fixe', undefined, { ...ayse, from: '2026-12-01' }));
    expect(refusal.errors?.[0]?.message).toContain('(vom 01.01.2025 bis 31.12.2026)');
  });

  it('allows the same person in another body at the same time', async () => {
    const { deps, saved } = setUp();
    await saveMembership(deps, coordinator, 'ak-migration', undefined, { ...ayse, roleId: 'member' });
    expect(saved).toHaveLength(1);
  });

  it('is for the coordination only', async () => {
    const { deps } = setUp();
    expect((await refusalOf(saveMembership(deps, caseManager, 'jour-fixe', AYSE.id, { ...ayse, to: '2026-12-31' }))).kind).toBe('not-allowed');
  });

  it('lists each body with its signed calendar feed, and the OParl list only for public bodies', async () => {
    const { deps } = setUp();
    const { bodies } = await listBodies(deps, caseManager);
    const jourFixe = bodies.find((b) => b.id === 'jour-fixe');
    const steering = bodies.find((b) => b.id === 'steering-group');
    expect(jourFixe?.links).toEqual({ calendarFeed: feedUrl(APP_URL, 'jour-fixe', RSVP_SECRET) });
    expect(jourFixe?.members).toEqual([AYSE]);
    expect(steering?.links).toEqual({ calendarFeed: feedUrl(APP_URL, 'steering-group', RSVP_SECRET), oparlMeetings: `${APP_URL}/oparl/v1/organization/steering-group/meetings` });
  });
});
