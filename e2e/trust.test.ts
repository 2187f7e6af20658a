import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { ingestTrustEvents, myTrust } from '../src/modules/trust/service.js';
import { recordLeaderReading } from '../src/modules/trust/leader-index.service.js';

/**
 * Trust as people see it: after picking up her eggs 李阿姨 is asked the NPS question about her
 * leader and answers it; she reads her own trust level and what it is made of; 王叔 reads his
 * trust index with one bar per dimension.
 */
describe.skipIf(!browserAvailable())('browser: NPS, my trust, the leader trust index', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await ingestTrustEvents(h.database.db);
  });
  afterAll(async () => { await h?.close(); });

  it('李阿姨 answers the NPS question after pickup and sees her own trust level and score', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/c/${h.seed.communityId}`);
    const card = page.getByTestId('nps-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('你有多大可能把团长王叔推荐给邻居或朋友？');
    await card.scrollIntoViewIfNeeded(); // below the open 团
    await shot(page, '40-nps-card', { fullPage: false });
    await page.getByTestId('nps-score-9').click();
    await page.getByTestId('nps-submit').click();
    await expect.poll(async () => ((await h.database.db.execute(sql`select score, question from nps_answers`)) as unknown as { rows: { score: number; question: string }[] }).rows).toEqual([{ score: 9, question: '你有多大可能把团长王叔推荐给邻居或朋友？' }]);

    await page.goto('/me/trust');
    const level = page.getByTestId('trust-level');
    await level.waitFor();
    // A year of clean pickups (the seed's history) and her recent ones: level A, the score her evidence gives.
    const mine = await myTrust(h.database.db, h.seed.residents[0]);
    expect(mine.level).toBe('A');
    expect(await page.getByTestId('trust-score').textContent()).toContain(String(mine.score));
    expect(await level.getAttribute('data-level')).toBe('A');
    await shot(page, '41-my-trust');
    await ctx.close();
  });

  it('王叔 reads his trust index: the value, one bar per dimension and the history', async () => {
    await recordLeaderReading(h.database.db, h.seed.leaderId);
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000001', `/leader/${h.seed.communityId}/trust`);
    const index = page.getByTestId('leader-index');
    await index.waitFor();
    const [{ value }] = ((await h.database.db.execute(sql`select index_value as value from leader_index_readings order by computed_at desc limit 1`)) as unknown as { rows: { value: number }[] }).rows;
    expect(await index.textContent()).toContain(value.toFixed(1));
    expect(await page.getByTestId('leader-index-bars').textContent()).toMatch(/权重 30%[\s\S]*权重 35%[\s\S]*权重 20%[\s\S]*权重 15%/);
    await page.getByTestId('leader-index-chart').waitFor();
    await shot(page, '42-leader-trust-index');
    await ctx.close();
  });
});
