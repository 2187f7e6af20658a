import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/app.js';
import type { Database } from '../platform/db/client.js';
import { seedDemo } from './seed.js';
import { SandboxPaymentProvider } from '../modules/payments/provider.js';
import { MemoryStorage } from '../platform/files/storage.js';
import { campaignResults } from '../queries/campaign-results.js';

/** The demo's 安心厨房计划: its results report computes real figures from the generated activity. */
let database: Database;
let seed: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  database = await openTestDatabase();

  seed = await seedDemo(database.db, new SandboxPaymentProvider('seed-test'), new MemoryStorage(), new Date('2026-11-20T02:30:00Z'));

}, 300_000);
afterAll(async () => { await database?.close(); });

describe('the demo runs 安心厨房计划', () => {
  it('the report compares participants with their own past and with a non-participating community', async () => {
    const r = await campaignResults(database.db, { id: seed.operatorId, isOperator: true }, seed.anxinCampaignId!, {});
    expect(r.period).toMatchObject({ first: '2026-08-01', last: '2026-10-31', months: ['2026-08', '2026-09', '2026-10'] });
    expect(r.participants).toBeGreaterThan(20);
    expect(r.comparisonCommunities).toBe(1);
    expect(r.repurchase.campaign.n).toBeGreaterThan(0);
    expect(r.repurchase.vsBefore.ci).not.toBeNull();
    expect(r.aov.vsComparison.ci).not.toBeNull();
    expect(r.communities).toHaveLength(2);
    expect(r.campaignNps.n).toBeGreaterThan(0);
  });
});
