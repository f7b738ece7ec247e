import { describe, expect, it } from 'vitest';
import { outcomesAfter, REFERRAL_STATUSES } from '../../core/cases/referral.ts';

describe('outcomesAfter', () => {
  it('allows every outcome after sending, and completed or no-show after an acceptance', () => {
    expect(outcomesAfter('sent')).toEqual(['accepted', 'declined', 'completed', 'no-show']);
    expect(outcomesAfter('accepted')).toEqual(['completed', 'no-show']);
  });

  it('allows none in any other status', () => {
    for (const status of REFERRAL_STATUSES.filter((s) => s !== 'sent' && s !== 'accepted')) expect(outcomesAfter(status), status).toEqual([]);
  });
});
