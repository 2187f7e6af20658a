import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { inTransaction } from '../src/platform/events/service.js';
import { earnPoints } from '../src/modules/points/index.js';
import { advanceProposals, createProposal, eligibilityOf } from '../src/modules/governance/index.js';
import { runLedgerCheckpoint } from '../src/modules/ledger/index.js';
import { JOURNEY_TIMEOUT, browserAvailable, dialogClosed, dialogOpen, logInThroughPage, phoneContext, shot, watchErrors, type Harness, startHarness } from './harness.js';

/**
 * Issue 16's journey on a 390×844 phone, one sitting: 李阿姨 reviews yesterday's strawberries from
 * her order, finds the 10 points it earned on 我的积分 (reached from 我的), spends them at checkout on
 * her basket (the payment is 10 fen less), votes once on a neighbour's open proposal (reached from
 * 我的 → 社区提案), and after the ledger's checkpoint saves the receipt of her review's points and
 * checks it on 核对凭证; the same file with its amount changed is refused.
 */
describe.skipIf(!browserAvailable())('browser: 李阿姨 reviews, earns, spends, votes and checks her receipt', { timeout: JOURNEY_TIMEOUT }, () => {
  const LI = '13800000002';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('reviews → 积分 → checkout with points → one ballot → checkpoint → receipt valid, tampered copy refused', async () => {
    const { communityId } = h.seed;
    const li = await h.one<{ id: string }>(sql`select id from users where phone = ${LI}`);
    // Her handed-over strawberry line from yesterday's 团 (the seed's), not yet reviewed.
    const line = await h.one<{ id: string; order_id: string }>(sql`
      select l.id, l.order_id from order_lines l join group_buy_items i on i.id = l.item_id
      where l.user_id = ${li.id} and l.group_buy_id = ${h.seed.yesterdayGroupBuyId} and i.product_id = ${h.seed.strawberryId}`);
    const balance = async () => (await h.one<{ n: number }>(sql`
      select coalesce(sum(case when credit_user_id = ${li.id} then amount else 0 end) - sum(case when debit_user_id = ${li.id} then amount else 0 end), 0)::int as n
      from points_transfers where kind = 'posted' and community_id = ${communityId}`)).n;
    expect(await balance()).toBe(0);

    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '李阿姨');
    await logInThroughPage(h, page, LI, '/orders');

    // 1. From 我的, her order, the strawberry line's 评价: four stars and a few words.
    await page.locator(`a[href="/orders/${line.order_id}"]`).first().click();
    const row = page.locator(`[data-testid="order-line"][data-line-id="${line.id}"]`);
    await row.getByTestId('line-review').click();
    await page.waitForURL(`**/reviews/new/${line.id}`);
    await page.getByTestId('star-4').click();
    await page.getByTestId('review-body').fill('草莓很甜，个头均匀，孙子一口气吃了半盒。');
    await page.getByTestId('review-submit').click();
    await page.waitForURL('**/me/reviews?tab=reviewed');
    await page.getByTestId('my-review').first().waitFor();
    const review = await h.one<{ id: string; stars: number }>(sql`select id, stars from reviews where order_line_id = ${line.id}`);
    expect(review.stars).toBe(4);
    const earned = await h.rows<{ id: string; amount: number; ref_id: string }>(sql`
      select id, amount, ref_id from points_transfers where credit_user_id = ${li.id} and code = 'review'`);
    expect(earned).toHaveLength(1);
    expect(earned[0].amount).toBe(10);
    expect(await balance()).toBe(10);

    // 2. 我的 → 我的积分: 10 to use, the entry said in words, with its 凭证.
    await page.goto('/orders');
    const pointsEntry = page.getByTestId('points-entry');
    expect(await pointsEntry.textContent()).toContain('我的积分');
    expect(await page.getByTestId('proposals-entry').textContent()).toContain('社区提案');
    expect((await pointsEntry.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await pointsEntry.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, 'community-ledger-00-me-entries', { fullPage: false });
    await pointsEntry.click();
    await page.waitForURL(`**/c/${communityId}/points`);
    await expect.poll(() => page.getByTestId('points-available').textContent()).toBe('10');
    const reviewRow = page.locator('.pt-row', { hasText: '评价了买过的商品' });
    expect(await reviewRow.count()).toBe(1);
    expect(await reviewRow.locator('.pt-delta').textContent()).toBe('+10');
    const receiptLink = reviewRow.getByRole('link', { name: '凭证' });
    expect(await receiptLink.getAttribute('href')).toBe(`/verify?source=points_transfers&id=${earned[0].id}`);
    expect((await receiptLink.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await shot(page, 'community-ledger-01-points', { fullPage: false });

    // 3. Today's 团 from her community's home: a box of eggs (¥39.90) into the basket; points on, the
    //    total drops by ¥0.10; she pays ¥39.80.
    const eggs = h.seed.liveItemIds[1];
    await page.goto(`/c/${communityId}`);
    await page.getByTestId('group-buy-card').filter({ hasText: '周末鲜货团' }).click();
    await page.waitForURL(`**/g/${h.seed.liveGroupBuyId}`);
    const eggCard = page.locator(`[data-testid="gb-item"][data-item-id="${eggs}"]`);
    expect(await eggCard.textContent()).toContain('土鸡蛋');
    await eggCard.getByTestId('add-to-basket').click();
    await page.locator('.adm-toast-main').filter({ hasText: '已加入购物车' }).waitFor();
    await page.getByTestId('go-basket').click();
    await page.waitForURL(`**/c/${communityId}/basket`);
    const bar = page.locator('.r-basket-bar');
    await expect.poll(() => bar.textContent()).toContain('39.90');
    const toggle = page.getByTestId('points-toggle');
    expect(await toggle.textContent()).toContain('用 10 积分抵 ¥0.10');
    await toggle.locator('.adm-switch').click();
    await expect.poll(() => bar.textContent()).toContain('39.80');
    await shot(page, 'community-ledger-02-basket-points', { fullPage: false });
    await page.getByTestId('checkout').click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    const paymentId = page.url().split('/').pop()!;
    const confirm = page.getByTestId('confirm-pay');
    await confirm.filter({ hasText: '确认支付 ¥39.80' }).waitFor();
    await confirm.click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const payment = await h.one<{ amount_fen: number; status: string; order_id: string }>(sql`select amount_fen, status, order_id from payments where id = ${paymentId}`);
    expect(payment).toEqual({ amount_fen: 3980, status: 'held', order_id: page.url().split('/').pop() });
    expect((await h.one<{ total_fen: number }>(sql`select total_fen from orders where id = ${payment.order_id}`)).total_fen).toBe(3990);
    const spent = await h.rows<{ amount: number; ref_id: string }>(sql`select amount, ref_id from points_transfers where debit_user_id = ${li.id} and code = 'checkout'`);
    expect(spent).toEqual([{ amount: 10, ref_id: expect.stringContaining(payment.order_id) }]);
    expect(await balance()).toBe(0);

    // 4. A neighbour's proposal, open for voting after its review day; she reaches it from 我的 → 社区提案 and votes once.
    const proposer = await eligibleNeighbour(h, communityId, li.id);
    await inTransaction(h.database.db, (tx) => earnPoints(tx, { userId: proposer, communityId, code: 'referral', refId: 'e2e', idempotencyKey: 'e2e-community-ledger-stake', now: h.now() }));
    const proposal = await createProposal(h.database.db, { id: proposer, isOperator: false }, communityId,
      { kind: 'product', title: '引进崇明老白菜', reason: '冬天炖汤要用，菜场的不新鲜，合作社的每周能送。', product: { productName: '崇明老白菜', spec: '', note: '' } }, h.now());
    await h.advance(25 * 3_600_000);
    await advanceProposals(h.database.db, h.now());
    expect((await h.one<{ phase: string }>(sql`select phase from proposals where id = ${proposal.id}`)).phase).toBe('voting');
    await page.goto('/orders');
    await page.getByTestId('proposals-entry').click();
    await page.waitForURL(`**/c/${communityId}/proposals`);
    await page.getByText('引进崇明老白菜').click();
    await page.waitForURL(`**/proposals/${proposal.id}`);
    await page.getByText('投出你的一票').waitFor();
    await page.getByRole('button', { name: '赞成' }).click();
    await dialogOpen(page);
    await page.locator('.adm-dialog').getByRole('button', { name: '赞成' }).click();
    await page.getByText('你投了「赞成」').waitFor();
    await dialogClosed(page);
    expect(await page.getByRole('button', { name: '赞成' }).count()).toBe(0);
    await shot(page, 'community-ledger-03-voted', { fullPage: false });
    expect(await h.rows(sql`select choice from ballots where proposal_id = ${proposal.id}`)).toEqual([{ choice: 'yes' }]);
    expect((await h.one<{ user_id: string }>(sql`select user_id from ballots where proposal_id = ${proposal.id}`)).user_id).toBe(li.id);

    // 5. The ledger's scheduled checkpoint: her points, her spend and her ballot become leaves.
    const { run, verification } = await runLedgerCheckpoint(h.database.db, loadConfig({}).ledger, h.now(), () => {});
    expect(run.skipped).toBe(false);
    expect(verification?.ok).toBe(true);
    const leaves = await h.rows<{ source: string }>(sql`select source from ledger_leaves where source in ('points_transfers', 'ballots') and entry_id in (${earned[0].id}, ${(await h.one<{ id: string }>(sql`select id::text from ballots where proposal_id = ${proposal.id}`)).id})`);
    expect(leaves.map((l) => l.source).sort()).toEqual(['ballots', 'points_transfers']);

    // 6. 我的积分 → the review entry's 凭证 → 核对凭证: she saves the file, then picks it: valid, 10 积分.
    await page.goto('/orders');
    await page.getByTestId('points-entry').click();
    await page.locator('.pt-row', { hasText: '评价了买过的商品' }).getByRole('link', { name: '凭证' }).click();
    await page.waitForURL(/\/verify\?source=points_transfers&id=/);
    const save = page.getByRole('button', { name: '保存凭证文件' });
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe(`receipt-points_transfers-${earned[0].id}.json`);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toContain('linli-receipt/v1');
    // Offline from here: the check runs on the phone with the key it already has.
    await ctx.setOffline(true);
    await page.getByTestId('receipt-file').setInputFiles({ name: 'receipt.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    const result = page.getByTestId('receipt-result');
    await expect.poll(() => result.textContent()).toContain('凭证有效');
    expect(await result.textContent()).toContain('积分记录 · 评价了买过的商品');
    expect(await result.textContent()).toContain('10 积分');
    await shot(page, 'community-ledger-04-receipt-valid');

    // A copy with the amount changed (10 → 1000 points) is refused.
    const tampered = file.replace('\\"amount\\":10,', '\\"amount\\":1000,');
    expect(tampered).not.toBe(file);
    await page.getByTestId('receipt-file').setInputFiles({ name: 'receipt-changed.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
    await expect.poll(() => result.textContent()).toContain('凭证对不上');
    expect(await result.textContent()).not.toContain('凭证有效');
    await shot(page, 'community-ledger-05-receipt-refused', { fullPage: false });
    await ctx.setOffline(false);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});

/** A member of the community other than `exceptId` who may propose (recent paid order, trust high enough). */
async function eligibleNeighbour(h: Harness, communityId: string, exceptId: string): Promise<string> {
  const members = await h.rows<{ user_id: string }>(sql`select user_id from memberships where community_id = ${communityId} and user_id <> ${exceptId} order by user_id`);
  for (const m of members) if ((await eligibilityOf(h.database.db, communityId, m.user_id, h.now())).eligible) return m.user_id;
  throw new Error('no eligible neighbour in the seed to propose');
}
