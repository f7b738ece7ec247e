/**
 * The fence between sending a referral and revoking its consent, where it lives: two DynamoDB transactions against
 * DynamoDB Local. A send's claim checks the consent's version; a revocation is conditional on the referral's. Whichever
 * is saved first makes the other fail as a whole, and the two never both win.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { DynamoReferralRepository } from '../../core/adapters/dynamo-referral-repository.ts';
import { fromConsentItem, toConsentItem } from '../../core/adapters/items/consent-item.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { toReferralItem } from '../../core/adapters/items/referral-item.ts';
import { VersionConflict } from '../../core/cases/ports.ts';
import type { ConsentRecord, ReferralRecord } from '../../core/cases/referral.ts';
import { planRevocation } from '../../core/casework/revocation-plan.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const NOW = new Date('2026-11-24T09:00:00Z');

describe('the fence between a referral send and the revocation of its consent', () => {
  const tableName = `referral-fence-${randomUUID()}`;
  let documents: DynamoDBDocumentClient;
  let referrals: DynamoReferralRepository;
  let cases = 0;

  beforeAll(async () => {
    const client = createDynamoDbClient({ region: 'eu-central-1', endpoint: inject('dynamodbEndpoint') });
    await ensureTable(client, tableName);
    documents = createDocumentClient(client);
    referrals = new DynamoReferralRepository(documents, tableName, kpiCalendarOf(bundledProfile()));
  });

  /** A case with one consent and one planned referral resting on it, as the assessment saves them. */
  async function planned(): Promise<{ consent: ConsentRecord; referral: ReferralRecord }> {
    cases += 1;
    const caseId = `KIM-2026-FENCE${String(cases).padStart(3, '0')}`;
    const consent: ConsentRecord = { consentId: 'c1', caseId, version: 1, recipientServiceId: 'vhs', purpose: 'referral', form: 'written', givenAt: '2026-11-20', recordedBy: 'jana' };
    const referral: ReferralRecord = { referralId: `${caseId}-V01`, caseId, version: 1, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), needCategory: 'language', serviceId: 'vhs', status: 'planned' };
    await documents.send(new PutCommand({ TableName: tableName, Item: toConsentItem(consent) }));
    await documents.send(new PutCommand({ TableName: tableName, Item: toReferralItem(referral) }));
    return { consent, referral };
  }

  function revoke(consent: ConsentRecord, referral: ReferralRecord): Promise<ConsentRecord> {
    const plan = planRevocation(consent, [referral], 'jana', NOW);
    if (plan.kind !== 'revoke') throw new Error('expected a revocation');
    const stoppedReferralIds = plan.stops.map((s) => s.expected.referralId);
    return referrals.revokeConsent(consent, { revokedAt: NOW.toISOString(), stoppedReferralIds }, { kind: 'consent-revoked', actor: 'jana' }, plan.stops, NOW);
  }

  async function consentOf(consent: ConsentRecord): Promise<ConsentRecord | undefined> {
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: tableKeys.consent(consent.caseId, consent.consentId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromConsentItem(Item);
  }

  it('a revocation saved first makes the claim fail, and the referral stays held', async () => {
    const { consent, referral } = await planned();
    await revoke(consent, referral);
    await expect(referrals.claimSend({ ...referral, status: 'held-no-consent', version: 2 }, consent, NOW)).rejects.toBeInstanceOf(VersionConflict);
    const after = await referrals.getReferral(referral.referralId);
    expect(after).toMatchObject({ status: 'held-no-consent', version: 2 });
    expect(after?.sendClaimedAt).toBeUndefined();
  });

  it('a claim saved first makes the revocation fail as a whole: the consent is not revoked either', async () => {
    const { consent, referral } = await planned();
    const claimed = await referrals.claimSend(referral, consent, NOW);
    expect(claimed).toMatchObject({ version: 2, sendClaimedAt: NOW.toISOString() });
    await expect(revoke(consent, referral)).rejects.toBeInstanceOf(VersionConflict);
    expect(await consentOf(consent)).toMatchObject({ version: 1 });
    expect((await consentOf(consent))?.revokedAt).toBeUndefined();
    expect(await referrals.getReferral(referral.referralId)).toMatchObject({ status: 'planned', version: 2 });
  });

  it('never lets both win when they run at the same moment', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { consent, referral } = await planned();
        const [claim, revocation] = await Promise.allSettled([referrals.claimSend(referral, consent, NOW), revoke(consent, referral)]);
        for (const lost of [claim, revocation]) if (lost.status === 'rejected') expect(lost.reason).toBeInstanceOf(VersionConflict);
        return [claim.status, revocation.status];
      }),
    );
    expect(rounds.filter(([claim, revocation]) => claim === 'fulfilled' && revocation === 'fulfilled')).toEqual([]);
  });
});
