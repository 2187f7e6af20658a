import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { browserAvailable, desktopContext, dialogClosed, dialogOpen, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';

/**
 * The core journey in a real browser, over the real server and a freshly seeded 好邻生活圈:
 * 李阿姨 orders strawberries and gets her pickup code, 王叔 closes the group buy, marks the goods
 * arrived and hands them over against her code; the role boundary, the operator console and
 * English are checked on the way. Screenshots land in e2e/screenshots/.
 */
describe.skipIf(!browserAvailable())('browser journey: 李阿姨 orders, 王叔 hands over', () => {
  const LEADER = '13800000001';
  const LI = '13800000002';
  const OPERATOR = '13900000000';
  let h: Harness;
  let resident: BrowserContext; // 李阿姨's phone, kept for the later steps
  let liPage: Page;
  let liOrderId = '';
  let liCode = '';
  const pageErrors: string[] = [];

  const rows = async <T>(query: SQL) => ((await h.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const one = async <T>(query: SQL) => {
    const [row] = await rows<T>(query);
    if (!row) throw new Error('no row');
    return row;
  };
  const watch = (page: Page, who: string) => {
    page.on('pageerror', (err) => pageErrors.push(`${who}: ${err.message}`));
    return page;
  };

  beforeAll(async () => {
    h = await startHarness();
    resident = await phoneContext(h);
    liPage = watch(await resident.newPage(), '李阿姨');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('1. 李阿姨 logs in on her phone, orders 2 boxes of strawberries, pays and sees her pickup code', async () => {
    const page = liPage;
    const { communityId, liveGroupBuyId } = h.seed;
    const stockBefore = (await one<{ n: number }>(sql`select stock_available as n from group_buys where id = ${liveGroupBuyId}`)).n;

    await page.goto('/login');
    await shot(page, '00-login', { fullPage: false });
    await logInThroughPage(h, page, LI, '/');

    // The home redirect takes a resident to her community.
    await page.waitForURL(`**/c/${communityId}`);
    await expect.poll(() => page.getByTestId('community-name').textContent()).toBe('好邻生活圈');
    const card = page.getByTestId('group-buy-card').filter({ hasText: '丹东有机草莓' });
    await card.waitFor();
    expect(await card.textContent()).toContain(`剩 ${stockBefore} 份`);
    await shot(page, '01-resident-home', { fullPage: false });

    await card.click();
    await page.waitForURL(`**/g/${liveGroupBuyId}`);
    const stock = page.locator('.r-stock-text');
    await stock.filter({ hasText: `剩 ${stockBefore} 份` }).waitFor();

    // Quantity 2 (the stepper's input is read-only: tap ＋ as a person would).
    const buy = page.getByTestId('place-order');
    await buy.filter({ hasText: '立即接龙 ¥36.80' }).waitFor();
    await page.getByTestId('quantity').locator('.adm-stepper-plus').click();
    await buy.filter({ hasText: '立即接龙 ¥73.60' }).waitFor();
    expect(await page.getByTestId('quantity').locator('input').inputValue()).toBe('2');
    await shot(page, '02-resident-detail', { fullPage: false });
    await shot(page, '02-resident-detail-full');

    await buy.click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    const confirm = page.getByTestId('confirm-pay');
    await confirm.filter({ hasText: '确认支付 ¥73.60' }).waitFor();
    await page.getByTestId('sandbox-banner').waitFor();
    await shot(page, '03-resident-pay');

    await confirm.click();
    await page.getByText('支付成功').waitFor();
    await shot(page, '04-resident-paid', { fullPage: false });

    // The pay page opens the order by itself.
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 10_000 });
    liOrderId = page.url().split('/').pop()!;
    const codeEl = page.getByTestId('pickup-code');
    await codeEl.waitFor();
    const shown = (await codeEl.textContent())!.replace(/\s/g, '');
    expect(shown).toMatch(/^\d{8}$/);
    expect(await codeEl.getAttribute('aria-label')).toBe(shown);
    expect(await page.getByTestId('order-status').textContent()).toBe('已付款');

    // The code on her screen is the code of her order in the database and in the API.
    const inDb = await one<{ pickup_code: string; status: string; quantity: number; total_fen: number; user_id: string; group_buy_id: string }>(
      sql`select pickup_code, status, quantity, total_fen, user_id, group_buy_id from orders where id = ${liOrderId}`);
    expect(inDb).toMatchObject({ pickup_code: shown, status: 'paid', quantity: 2, total_fen: 7360, user_id: h.seed.residents[0], group_buy_id: liveGroupBuyId });
    const api = await page.request.get(`/api/orders/${liOrderId}`);
    expect(api.status()).toBe(200);
    expect((await api.json()).pickupCode).toBe(shown);
    liCode = shown;
    await shot(page, '05-resident-order', { fullPage: false });
    await shot(page, '05-resident-order-full');

    // Back on the group buy: two fewer boxes left, and the page knows they are hers.
    await page.goto(`/g/${liveGroupBuyId}`);
    await stock.filter({ hasText: `剩 ${stockBefore - 2} 份` }).waitFor();
    expect(await stock.textContent()).toContain(`剩 ${stockBefore - 2} 份`);
    expect((await one<{ n: number }>(sql`select stock_available as n from group_buys where id = ${liveGroupBuyId}`)).n).toBe(stockBefore - 2);
    expect(await page.getByTestId('my-orders-notice').textContent()).toContain('你已接龙 2 份');
    await shot(page, '06-resident-detail-after');
  });

  it('2. 王叔 closes the group buy, marks it arrived and hands 李阿姨 her strawberries against her code', async () => {
    expect(liCode).toMatch(/^\d{8}$/);
    const { communityId, liveGroupBuyId } = h.seed;
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '王叔');

    await logInThroughPage(h, page, LEADER, '/');
    await page.waitForURL(`**/leader/${communityId}`);
    const card = page.getByTestId('leader-group-buy-card').filter({ hasText: '丹东有机草莓' });
    await card.waitFor();
    // 张大哥's 2 boxes from the seed plus 李阿姨's 2.
    expect(await card.textContent()).toContain('已接龙 2 人 · 共 4 盒');
    await shot(page, '10-leader-dashboard');

    await card.click();
    await page.waitForURL(`**/leader/group-buys/${liveGroupBuyId}`);
    const liRow = page.getByTestId('leader-order-row').filter({ hasText: '李阿姨' });
    await liRow.waitFor();
    expect(await liRow.textContent()).toContain('×2');
    expect(await liRow.textContent()).toContain('已付款');
    const share = page.getByTestId('share-text');
    await share.filter({ hasText: '李阿姨' }).waitFor();
    expect(await share.textContent()).toMatch(/李阿姨.*2/);
    // The whole text is on the page (the roll call at its end is not clipped by an inner scroll).
    expect(await share.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    await shot(page, '11-leader-group-buy');

    // 提前截单, with the confirm dialog.
    await page.getByTestId('close-early').click();
    const dialog = page.locator('.adm-dialog');
    await dialog.getByText('现在就截单吗？').waitFor();
    await dialogOpen(page);
    await shot(page, '12-leader-close-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: '确认截单' }).click();
    await dialogClosed(page);
    await page.locator('.adm-toast-main').filter({ hasText: '已截单' }).waitFor();
    const arrived = page.getByTestId('mark-arrived');
    await arrived.waitFor();
    expect(await page.getByTestId('close-early').count()).toBe(0);
    expect((await one<{ status: string }>(sql`select status from group_buys where id = ${liveGroupBuyId}`)).status).toBe('closed');
    await shot(page, '13-leader-closed');

    await arrived.click();
    await dialog.getByText('货已经到自提点了吗？').waitFor();
    await dialog.getByRole('button', { name: '货到了，通知' }).click();
    await dialogClosed(page);
    await page.locator('.adm-toast-main').filter({ hasText: '已通知邻居来取货' }).waitFor();
    const goPickup = page.locator('.arrived-actions').getByRole('button', { name: '核销取货' });
    await goPickup.waitFor();
    expect((await one<{ status: string }>(sql`select status from group_buys where id = ${liveGroupBuyId}`)).status).toBe('arrived');
    expect((await one<{ status: string }>(sql`select status from orders where id = ${liOrderId}`)).status).toBe('ready_for_pickup');
    await shot(page, '14-leader-arrived');

    // 核销: her code, her name, hand over.
    await goPickup.click();
    await page.waitForURL(`**/leader/${communityId}/pickup`);
    const input = page.getByTestId('pickup-code-input');
    await input.fill(liCode);
    await page.getByTestId('pickup-lookup').click();
    const found = page.getByTestId('pickup-found');
    await found.waitFor();
    expect(await found.locator('.pickup-name').textContent()).toBe('李阿姨');
    expect(await found.textContent()).toContain('丹东有机草莓');
    expect(await found.textContent()).toContain('× 2 盒');
    await shot(page, '15-leader-pickup-found');

    await page.getByTestId('pickup-confirm').click();
    const success = page.getByTestId('pickup-success');
    await success.waitFor();
    expect(await success.textContent()).toContain('李阿姨 · 丹东有机草莓 × 2 盒');
    expect(await input.inputValue()).toBe('');
    await shot(page, '16-leader-pickup-done');

    // The same code again: already picked up, no second hand-over.
    await input.fill(liCode);
    await page.getByTestId('pickup-lookup').click();
    const blocked = found.locator('.pickup-blocked');
    await blocked.waitFor();
    expect(await blocked.textContent()).toMatch(/^这单已经取走了（.+核销），不要重复交付$/);
    expect(await page.getByTestId('pickup-confirm').count()).toBe(0);
    const again = await page.request.post(`/api/communities/${communityId}/pickups/verify`, { data: { code: liCode } });
    expect(again.status()).toBe(409);
    const refusal = (await again.json()) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('pickup.already_picked_up');
    expect(refusal.error.message).toContain('已经核销过了');
    await shot(page, '17-leader-pickup-again');

    // 未取货: 李阿姨 is gone, the egg buyers who have not come yet are still there.
    await page.locator('.leader-tabbar').getByText('未取货').click();
    await page.waitForURL(`**/leader/${communityId}/pending`);
    const pendingRows = page.getByTestId('pending-row');
    await pendingRows.first().waitFor();
    const names = await pendingRows.locator('.pending-name').allTextContents();
    expect(names).not.toContain('李阿姨');
    expect(names).toEqual(expect.arrayContaining(['小林（新手妈妈）', '张大哥（健身爱好者）']));
    expect(await pendingRows.filter({ hasText: '小林（新手妈妈）' }).textContent()).toContain('林下散养土鸡蛋');
    expect(await pendingRows.filter({ hasText: '张大哥（健身爱好者）' }).textContent()).toContain('林下散养土鸡蛋');
    await shot(page, '18-leader-pending');

    const after = await one<{ status: string; picked_up_by: string; picked_up_at: Date | null }>(
      sql`select status, picked_up_by, picked_up_at from orders where id = ${liOrderId}`);
    expect(after.status).toBe('picked_up');
    expect(after.picked_up_by).toBe(h.seed.leaderId);
    expect(after.picked_up_at).not.toBeNull();
    await ctx.close();
  });

  it('3. 李阿姨 cannot open the pickup desk: the page says she is not the leader, and the API refuses', async () => {
    const page = liPage;
    const { communityId } = h.seed;
    await page.goto(`/leader/${communityId}/pickup`);
    await page.getByText('只有团长能看这里').waitFor();
    expect(await page.getByText('你不是这个社区的团长').count()).toBe(1);
    expect(await page.getByTestId('pickup-code-input').count()).toBe(0);
    await shot(page, '20-resident-not-leader', { fullPage: false });

    for (const [method, url] of [
      ['post', `/api/communities/${communityId}/pickups/lookup`],
      ['post', `/api/communities/${communityId}/pickups/verify`],
      ['get', `/api/communities/${communityId}/pickups/pending`],
    ] as const) {
      const res = method === 'get' ? await page.request.get(url) : await page.request.post(url, { data: { code: liCode } });
      expect(res.status(), `${method} ${url}`).toBe(403);
    }
  });

  it('4. 陈总 at a desktop: the console lists 好邻生活圈 led by 王叔, and 丹东有机草莓 in the product pool', async () => {
    const ctx = await desktopContext(h);
    const page = watch(await ctx.newPage(), '陈总');
    await logInThroughPage(h, page, OPERATOR, '/console');
    await page.waitForURL('**/console');
    const row = page.locator('.ant-table-row').filter({ hasText: '好邻生活圈' });
    await row.waitFor();
    expect(await row.textContent()).toContain('王叔');
    expect(await row.textContent()).toContain('3 号楼门口王叔便民驿站');
    await shot(page, '30-console-communities');

    await page.locator('.console-sider').getByText('商品池').click();
    await page.waitForURL('**/console/products');
    const product = page.locator('.ant-table-row').filter({ hasText: '丹东有机草莓' });
    await product.waitFor();
    expect(await product.textContent()).toContain('¥49.80');
    await shot(page, '31-console-products');
    await ctx.close();
  });

  it('5. switching the language on the resident side shows English', async () => {
    const page = liPage;
    await page.goto('/orders');
    const title = page.locator('.r-section-title');
    await title.filter({ hasText: '我的订单' }).waitFor();
    await page.getByTestId('language-switch').click();
    await title.filter({ hasText: 'My orders' }).waitFor();
    // Her strawberry order's status reads in English too (whatever step 2 left it at).
    const english: Record<string, string> = { paid: 'Paid', confirmed: 'Confirmed', ready_for_pickup: 'Ready for pickup', picked_up: 'Picked up' };
    const { status } = await one<{ status: string }>(sql`select status from orders where id = ${liOrderId}`);
    const strawberry = page.getByTestId('order-card').filter({ has: page.locator(`a[href="/orders/${liOrderId}"]`) });
    expect(await strawberry.locator('.r-status-tag').textContent()).toBe(english[status]);
    await shot(page, '40-resident-orders-en');
  });

  it('no page threw an uncaught error along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
