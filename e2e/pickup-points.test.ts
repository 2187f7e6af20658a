import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, toastsGone, watchErrors, type Harness } from './harness.js';

const HOUR = 3_600_000;

/**
 * Several pickup points and door delivery on a 390×844 phone: 王叔 adds a second 自提点 and turns on
 * 送货上门 (¥3, 5号楼, 18:00–20:00); 小林 has her basket brought to her door and pays the fee with it;
 * 王叔 picks 送货上门 at his pickup desk and hands over at her door with her rotating code.
 */
describe.skipIf(!browserAvailable())('browser: a second pickup point and door delivery', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LIN = '13800000003';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('王叔 adds a point and door delivery; 小林 orders to her door; 王叔 hands over there with her code', async () => {
    const { communityId, liveGroupBuyId, residents } = h.seed;
    const lin = residents[1];

    // 王叔: 自提点 from his dashboard's tools, a second point.
    const lctx = await phoneContext(h);
    const leader = watch(await lctx.newPage(), '王叔');
    await logInThroughPage(h, leader, LEADER, `/leader/${communityId}`);
    await leader.getByTestId('qa-pickup-points').click();
    await leader.waitForURL(`**/leader/${communityId}/pickup-points`);
    await leader.getByTestId('pp-card').first().waitFor();
    const pointsBefore = await leader.getByTestId('pp-card').count();
    await shot(leader, 'pp-01-leader-points');
    await leader.getByTestId('pp-add').click();
    await leader.getByTestId('pp-name').locator('input').fill('北门快递柜旁');
    await leader.getByTestId('pp-address').locator('input').fill('北门保安亭东侧');
    await leader.getByTestId('pp-from').fill('09:00');
    await leader.getByTestId('pp-to').fill('21:00');
    await shot(leader, 'pp-02-leader-point-form');
    await leader.getByTestId('pp-save').click();
    await expect.poll(() => leader.getByTestId('pp-card').count()).toBe(pointsBefore + 1);
    expect(await leader.getByTestId('pp-card').last().textContent()).toContain('北门快递柜旁');
    await toastsGone(leader);
    await shot(leader, 'pp-03-leader-points-two');

    // 送货上门: on, ¥3, 5号楼, 18:00–20:00.
    await leader.goto(`/leader/${communityId}`);
    await leader.getByTestId('qa-delivery').click();
    await leader.waitForURL(`**/leader/${communityId}/delivery`);
    await leader.getByTestId('dl-save').waitFor();
    await leader.getByTestId('dl-enabled').click();
    await leader.getByTestId('dl-fee').locator('input').fill('3');
    await leader.getByTestId('dl-area').locator('input').fill('5号楼');
    await leader.getByTestId('dl-add-area').click();
    await leader.getByTestId('dl-from').fill('18:00');
    await leader.getByTestId('dl-to').fill('20:00');
    await leader.getByTestId('dl-add-slot').click();
    await shot(leader, 'pp-04-leader-delivery-form');
    await leader.getByTestId('dl-save').click();
    await leader.locator('.adm-toast-main').first().waitFor();
    await expect.poll(async () => (await (await leader.request.get(`/api/communities/${communityId}/delivery-settings`)).json())).toMatchObject({ enabled: true, feeFen: 300, areas: ['5号楼'], slots: ['18:00-20:00'] });

    // 小林 adds strawberries and has her basket brought to 5号楼 1202 between 18:00 and 20:00.
    const item = await h.one<{ id: string }>(sql`select id from group_buy_items where group_buy_id = ${liveGroupBuyId} order by position limit 1`);
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '小林');
    await logInThroughPage(h, page, LIN, `/g/${liveGroupBuyId}`);
    const gbItem = page.locator(`[data-testid="gb-item"][data-item-id="${item.id}"]`);
    await gbItem.waitFor();
    await gbItem.getByTestId('add-to-basket').click();
    await page.locator('.adm-toast-main').first().waitFor();
    await page.getByTestId('go-basket').click();
    await page.waitForURL(`**/c/${communityId}/basket`);
    const picker = page.getByTestId('fulfilment-picker');
    await picker.waitFor();
    expect(await picker.getByTestId('choice-point').count()).toBe(pointsBefore + 1);
    await picker.getByTestId('choice-delivery').click();
    await picker.getByTestId('choice-area').selectOption('5号楼');
    await picker.getByTestId('choice-address').locator('input').fill('1202');
    await picker.getByTestId('choice-slot').selectOption('18:00-20:00');
    await toastsGone(page);
    await shot(page, 'pp-05-resident-basket-delivery');
    await page.getByTestId('checkout').click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    const paymentId = page.url().split('/').pop()!;
    const { order_id: orderId } = await h.one<{ order_id: string }>(sql`select order_id from payments where id = ${paymentId}`);
    const order = await h.one<{ total_fen: number; delivery_fee_fen: number; fulfilment: string; delivery_area: string; delivery_address: string; delivery_slot: string }>(sql`
      select total_fen, delivery_fee_fen, fulfilment, delivery_area, delivery_address, delivery_slot from orders where id = ${orderId}`);
    expect(order).toMatchObject({ delivery_fee_fen: 300, fulfilment: 'delivery', delivery_area: '5号楼', delivery_address: '1202', delivery_slot: '18:00-20:00' });
    const lineSum = (await h.one<{ n: number }>(sql`select sum(unit_price_fen * quantity)::int as n from order_lines where order_id = ${orderId}`)).n;
    expect(order.total_fen).toBe(lineSum + 300);
    const confirm = page.getByTestId('confirm-pay');
    await confirm.filter({ hasText: `¥${(order.total_fen / 100).toFixed(2)}` }).waitFor();
    expect(await page.getByTestId('pay-delivery').textContent()).toContain('配送费 ¥3.00');
    await shot(page, 'pp-06-resident-pay');
    await confirm.click();
    await page.waitForURL(`**/orders/${orderId}`);
    await page.getByTestId('order-delivery').waitFor();
    await shot(page, 'pp-07-resident-order-paid');

    // The goods arrive; on the pickup day 王叔 takes her bag to her door.
    await h.closeGroupBuys([liveGroupBuyId]);
    await h.deliver([liveGroupBuyId], { receive: true });
    const start = await h.one<{ at: Date }>(sql`select pickup_start_at as at from group_buys where id = ${liveGroupBuyId}`);
    await h.advanceTo(new Date(new Date(start.at).getTime() + 2 * HOUR));
    const ready = await h.rows<{ status: string }>(sql`select distinct status from order_lines where order_id = ${orderId}`);
    expect(ready).toEqual([{ status: 'ready_for_pickup' }]);

    // 王叔's delivery list (what has arrived) names her household, her door and the slot.
    await leader.goto(`/leader/${communityId}/delivery`);
    const household = leader.getByTestId('door-household');
    await household.waitFor();
    expect(await household.textContent()).toContain('5号楼 1202');
    await household.scrollIntoViewIfNeeded();
    await shot(leader, 'pp-07b-leader-door-list');

    await page.goto(`/c/${communityId}/pickup`);
    const codeEl = page.getByTestId('pickup-code');
    await codeEl.waitFor();
    const code = (await codeEl.getAttribute('aria-label'))!;
    expect(code).toMatch(/^\d{8}$/);
    // Her code page names her door, not the community's first pickup point.
    expect(await page.getByTestId('pickup-places').textContent()).toContain('送货上门：5号楼 1202');
    await shot(page, 'pp-08-resident-code', { fullPage: false });

    await leader.goto(`/leader/${communityId}/pickup`);
    await leader.getByTestId('where-door').click();
    await leader.getByTestId('pickup-code-input').fill(code);
    await leader.getByTestId('pickup-lookup').click();
    const found = leader.getByTestId('pickup-found');
    await found.waitFor();
    await shot(leader, 'pp-09-leader-door-found');
    await found.getByTestId('pickup-confirm').click();
    await leader.getByTestId('pickup-success').waitFor();
    expect(await leader.getByTestId('pickup-success-door').textContent()).toBe('已送到门口：5号楼 1202');
    await shot(leader, 'pp-10-leader-door-done');

    const lines = await h.rows<{ status: string }>(sql`select distinct status from order_lines where order_id = ${orderId}`);
    expect(lines).toEqual([{ status: 'picked_up' }]);
    const pay = await h.one<{ status: string; settled_fen: number; amount_fen: number }>(sql`select status, settled_fen, amount_fen from payments where order_id = ${orderId}`);
    expect(pay).toMatchObject({ status: 'settled', amount_fen: order.total_fen, settled_fen: order.total_fen });

    // Her order: collected, at her door, the fee in the totals.
    await page.goto(`/orders/${orderId}`);
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('已送达');
    expect(await page.locator('.r-status-hint').textContent()).toBe('已送到 5号楼 1202，谢谢你的支持！');
    expect(await page.getByTestId('order-group').textContent()).toContain('到货时间');
    const delivery = page.getByTestId('order-delivery');
    expect(await delivery.textContent()).toContain('5号楼 1202');
    expect(await delivery.textContent()).toContain('¥3.00');
    await shot(page, 'pp-11-resident-order-delivered');
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from orders where user_id = ${lin} and id = ${orderId}`)).n).toBe(1);
    await ctx.close();
    await lctx.close();
  });

  it('no page threw an uncaught error along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
