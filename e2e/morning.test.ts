import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openGroupBuy } from '../src/workflows/open-group-buy.js';
import { checkout } from '../src/workflows/checkout.js';
import { handlePaymentSucceeded } from '../src/workflows/payment-notified.js';
import { JOURNEY_TIMEOUT, browserAvailable, dialogOpen, logInThroughPage, phoneContext, shot, startHarness, toastsGone, watchErrors, type Harness } from './harness.js';

const MINUTE = 60_000;

/**
 * A busy morning on a 390×844 phone. 王叔 opens his dashboard: strawberries arrived for 李阿姨 and
 * 小林, nobody has come yet. He copies the arrival text for the group chat and sends the
 * not-collected reminder as in-app notices (to exactly those two). 李阿姨 searches 草莓 and asks to
 * be told when the sold-out 尝鲜装 comes back.
 */
describe.skipIf(!browserAvailable())('browser: the morning dashboard, and search with 到货提醒', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LI = '13800000002';
  let h: Harness;
  let arrivedId = '';
  let soldOutItemId = '';
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => {
    h = await startHarness();
    const { communityId, leaderId, residents, liveGroupBuyId } = h.seed;
    const straw = await h.one<{ product_id: string; batch_id: string }>(sql`select product_id, batch_id from group_buy_items where group_buy_id = ${liveGroupBuyId} order by position limit 1`);
    const live = await h.one<{ cutoff_at: Date; pickup_start_at: Date; pickup_end_at: Date }>(sql`select cutoff_at, pickup_start_at, pickup_end_at from group_buys where id = ${liveGroupBuyId}`);
    const buy = async (userId: string, itemId: string, key: string) => {
      const { order, payment } = await checkout(h.database.db, h.payments, { userId, communityId, lines: [{ itemId, quantity: 1 }], idempotencyKey: key }, 15, h.now());
      const [p] = await h.rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${payment!.paymentId}`);
      await handlePaymentSucceeded(h.database.db, h.payments, p.provider_ref, order.totalFen, h.now());
    };
    // An early batch of strawberries: bought by 李阿姨 and 小林, cut off, delivered and received.
    const now = h.now().getTime();
    const early = await openGroupBuy(h.database.db, communityId, leaderId, {
      title: '丹东草莓（早到一批）', note: '',
      cutoffAt: new Date(now + 5 * MINUTE), pickupStartAt: new Date(now + 10 * MINUTE), pickupEndAt: new Date(now + 10 * MINUTE + 8 * 60 * MINUTE),
      items: [{ productId: straw.product_id, batchId: straw.batch_id, priceFen: 3280, stockTotal: 10, perPersonLimit: 3 }],
    }, h.now());
    arrivedId = early.id;
    await buy(residents[0], early.items[0].id, 'e2e-morning-li');
    await buy(residents[1], early.items[0].id, 'e2e-morning-lin');
    // The last box of a tasting pack, bought by 张大哥: sold out.
    const pack = await openGroupBuy(h.database.db, communityId, leaderId, {
      title: '草莓尝鲜装（限量 1 盒）', note: '',
      cutoffAt: new Date(live.cutoff_at), pickupStartAt: new Date(live.pickup_start_at), pickupEndAt: new Date(live.pickup_end_at),
      items: [{ productId: straw.product_id, batchId: straw.batch_id, priceFen: 1990, stockTotal: 1, perPersonLimit: 1 }],
    }, h.now());
    soldOutItemId = pack.items[0].id;
    await buy(residents[2], soldOutItemId, 'e2e-morning-zhang');
    await h.advance(6 * MINUTE);
    await h.closeGroupBuys([arrivedId]);
    await h.deliver([arrivedId], { receive: true });
    await h.advance(5 * MINUTE);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('王叔 reads his morning, copies the arrival text and sends the not-collected reminder once', async () => {
    const { communityId, residents } = h.seed;
    const ctx = await phoneContext(h);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.baseUrl });
    const page = watch(await ctx.newPage(), '王叔');
    await logInThroughPage(h, page, LEADER, `/leader/${communityId}`);
    const notCollected = page.getByTestId('md-not-collected');
    await notCollected.waitFor();
    // 李阿姨 and 小林 have strawberries waiting, the window has begun, neither has come.
    await expect.poll(() => notCollected.locator('.md-number-value').textContent()).toBe('2');
    expect(await page.getByTestId('md-points').textContent()).toContain('待交 2 单 · 2 户 · 2 件');
    const arrivalText = await page.getByTestId('md-arrival-text').getByRole('textbox').inputValue();
    expect(arrivalText).toMatch(/^丹东草莓（早到一批）到啦，.+ 在 .+取$/);
    await shot(page, 'morning-dashboard');

    await page.getByTestId('md-arrival-copy').click();
    await page.locator('.adm-toast-main').filter({ hasText: '已复制' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(arrivalText);
    await toastsGone(page);

    const reminder = await page.getByTestId('md-reminder-text').getByRole('textbox').inputValue();
    expect(reminder).toContain('还有 2 户邻居的货没取');
    expect(reminder).not.toContain('13800000002');
    await page.getByTestId('md-reminder-send').click();
    await dialogOpen(page);
    await page.locator('.adm-dialog').getByText('确定').click();
    await page.locator('.adm-toast-main').filter({ hasText: '已通知 2 位邻居' }).waitFor();
    await page.getByTestId('md-reminder-sent').waitFor();
    expect(await page.getByTestId('md-reminder-send').isDisabled()).toBe(true);
    const told = await h.rows<{ user_id: string }>(sql`select user_id from notifications where kind = 'leader_reminder' order by user_id`);
    expect(told.map((r) => r.user_id)).toEqual([residents[0], residents[1]].sort());
    await shot(page, 'morning-dashboard-sent', { fullPage: false });
    await ctx.close();
  });

  it('李阿姨 searches 草莓 and asks to be told when the sold-out pack is back', async () => {
    const { communityId, residents } = h.seed;
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '李阿姨');
    await logInThroughPage(h, page, LI, `/c/${communityId}`);
    // Search sits beside 正在接龙 / 往期团购 on the home and opens its own page.
    await page.getByTestId('home-search-link').click();
    await page.waitForURL(`**/c/${communityId}/search`);
    const box = page.getByTestId('search-input').locator('input');
    await box.waitFor();
    await box.fill('草莓');
    await page.getByTestId('search-submit').click();
    await page.waitForURL(`**/c/${communityId}/search?q=*`);
    const results = page.getByTestId('search-result');
    await results.first().waitFor();
    const names = await results.locator('.r-search-name').allTextContents();
    expect(names.length).toBe(2);
    expect(names.every((n) => n.includes('草莓'))).toBe(true);
    const sold = results.filter({ hasText: '草莓尝鲜装' });
    expect(await sold.textContent()).toContain('已售罄');
    await shot(page, 'morning-search');
    await sold.getByTestId('restock-alert').click();
    await page.locator('.adm-toast-main').filter({ hasText: '补货时会通知你' }).waitFor();
    await sold.getByTestId('restock-cancel').waitFor();
    const [alert] = await h.rows<{ status: string }>(sql`select status from restock_alerts where item_id = ${soldOutItemId} and user_id = ${residents[0]}`);
    expect(alert.status).toBe('waiting');
    await shot(page, 'morning-search-alert');
    // The group buy's own page says the same on the sold-out item.
    await sold.locator('.r-search-link').click();
    await page.waitForURL('**/g/*');
    await page.locator(`[data-testid="gb-item"][data-item-id="${soldOutItemId}"]`).getByTestId('restock-cancel').waitFor();

    // A word nothing matches: a clear empty state.
    await page.goto(`/c/${communityId}/search?q=${encodeURIComponent('榴莲')}`);
    await page.getByText('没有找到「榴莲」').waitFor();
    await shot(page, 'morning-search-none', { fullPage: false });
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});
