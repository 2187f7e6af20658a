import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { earnPoints, spendPoints } from '../src/modules/points/index.js';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, watchErrors, type Harness } from './harness.js';

/** 李阿姨's 积分 page on a 390×844 phone: her balance, her history in words with receipts, how to earn. */
describe.skipIf(!browserAvailable())('browser: my points', { timeout: JOURNEY_TIMEOUT }, () => {
  const LI = '13800000002';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('she sees what she can use, each entry in words with its 凭证 link, and how to earn more', async () => {
    const { communityId } = h.seed;
    const { id: userId } = await h.one<{ id: string }>(sql`select id from users where phone = ${LI}`);
    await h.database.db.transaction(async (tx) => {
      for (let i = 0; i < 2; i++) await earnPoints(tx, { userId, communityId, code: 'review', refId: `review:${i}`, idempotencyKey: `e2e-points:${i}`, now: h.now() });
      await earnPoints(tx, { userId, communityId, code: 'vote', refId: 'proposal:e2e', idempotencyKey: 'e2e-points:vote', now: h.now() });
      await spendPoints(tx, { userId, communityId, amount: 5, code: 'checkout', refId: 'order:e2e', idempotencyKey: 'e2e-points:spend', now: h.now() });
    });
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '李阿姨');
    await logInThroughPage(h, page, LI, `/c/${communityId}/points`);
    await page.getByTestId('points-available').waitFor();
    expect(await page.getByTestId('points-available').textContent()).toBe('20');
    await page.getByText('评价了买过的商品').first().waitFor();
    await page.getByText('下单抵扣').waitFor();
    expect(await page.getByRole('link', { name: '凭证' }).count()).toBe(4);
    expect(await page.getByRole('link', { name: '凭证' }).first().getAttribute('href')).toMatch(/^\/verify\?source=points_transfers&id=/);
    await page.getByText('怎么赚积分').waitFor();
    await shot(page, 'points-01-my-points');
    expect(pageErrors).toEqual([]);
  });
});
