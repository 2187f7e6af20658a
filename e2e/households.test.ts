import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openGroupBuy } from '../src/workflows/open-group-buy.js';
import { checkout } from '../src/workflows/checkout.js';
import { handlePaymentSucceeded } from '../src/workflows/payment-notified.js';
import { JOURNEY_TIMEOUT, browserAvailable, dialogOpen, logInThroughPage, phoneContext, shot, startHarness, tapUpTo, toastsGone, watchErrors, type Harness } from './harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Two households on a 390×844 phone. 小林's basket holds a line that a neighbour bought out from
 * under her: the basket page names it, offers 「买剩下的」 and that checkout works. 张大哥 comes
 * without his phone: 王叔 hands his strawberries over without a code from the pending list, no money
 * moves until 张大哥 confirms in the app, then the payment settles.
 */
describe.skipIf(!browserAvailable())('browser: a short basket, and a hand-over without code', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LIN = '13800000003';
  const ZHANG = '13800000004';
  let h: Harness;
  let soyGroupBuyId = '';
  let soyItemId = '';
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => {
    h = await startHarness();
    // 王叔 opens a small 团 of soy sauce next to today's three-item one: four bottles, three a person.
    const soy = await h.one<{ product_id: string; batch_id: string }>(sql`
      select p.id as product_id, b.id as batch_id from products p join batches b on b.product_id = p.id where p.name = '零添加头道生抽' limit 1`);
    const live = await h.one<{ cutoff_at: Date; pickup_start_at: Date; pickup_end_at: Date }>(sql`select cutoff_at, pickup_start_at, pickup_end_at from group_buys where id = ${h.seed.liveGroupBuyId}`);
    const gb = await openGroupBuy(h.database.db, h.seed.communityId, h.seed.leaderId, {
      title: '古法酱园：头道生抽（最后 4 瓶）', note: '这批是酱园最后几瓶，手慢无。',
      cutoffAt: new Date(live.cutoff_at), pickupStartAt: new Date(live.pickup_start_at), pickupEndAt: new Date(live.pickup_end_at),
      items: [{ productId: soy.product_id, batchId: soy.batch_id, priceFen: 2880, stockTotal: 4, perPersonLimit: 3 }],
    }, h.now());
    soyGroupBuyId = gb.id;
    soyItemId = gb.items[0].id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('小林’s basket: a line bought out by a neighbour is named, and 「买剩下的」 checks out the rest', async () => {
    const { communityId, residents, liveItemIds } = h.seed;
    const lin = residents[1];
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '小林');
    await logInThroughPage(h, page, LIN, `/g/${soyGroupBuyId}`);
    const item = page.locator(`[data-testid="gb-item"][data-item-id="${soyItemId}"]`);
    await item.waitFor();
    await tapUpTo(item.getByTestId('item-quantity'), 3);
    await item.getByTestId('add-to-basket').click();
    await page.locator('.adm-toast-main').filter({ hasText: '零添加头道生抽 × 3 已加入购物车' }).waitFor();

    // Her basket: the milk she left there yesterday (seed) and three bottles of soy sauce, all fine.
    await page.getByTestId('go-basket').click();
    await page.waitForURL(`**/c/${communityId}/basket`);
    const lines = page.getByTestId('basket-line');
    await expect.poll(() => lines.count()).toBe(2);
    expect(await page.getByTestId('basket-group').count()).toBe(2);
    expect(await page.getByTestId('basket-problem').count()).toBe(0);
    await toastsGone(page);

    // Meanwhile 李阿姨 buys two of the four bottles and pays.
    const { order, payment } = await checkout(h.database.db, h.payments, { userId: residents[0], communityId, lines: [{ itemId: soyItemId, quantity: 2 }], idempotencyKey: 'e2e-li-soy' }, 15, h.now());
    const [p] = await h.rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${payment!.paymentId}`);
    await handlePaymentSucceeded(h.database.db, h.payments, p.provider_ref, order.totalFen, h.now());
    // The server now says her soy line is short, with what is left.
    const basket = (await (await page.request.get(`/api/communities/${communityId}/basket`)).json()) as { lines: { itemId: string; problem: string | null; available: number }[] };
    expect(basket.lines.find((l) => l.itemId === soyItemId)).toMatchObject({ problem: 'short', available: 2 });

    // She taps 结算 on the page she has open: nothing is taken, the dialog names the short line.
    const ordersBefore = (await h.one<{ n: number }>(sql`select count(*)::int as n from orders where user_id = ${lin}`)).n;
    await page.getByTestId('checkout').click();
    const dialog = page.locator('.adm-dialog');
    const short = dialog.getByTestId('short-lines');
    await short.waitFor();
    await dialogOpen(page);
    expect(await short.textContent()).toContain('零添加头道生抽');
    expect(await short.textContent()).toContain('想买 3 份，只剩 2 份');
    expect(await short.textContent()).not.toContain('崇明牧场鲜牛奶');
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from orders where user_id = ${lin}`)).n).toBe(ordersBefore);
    await shot(page, '70-resident-basket-short', { fullPage: false });

    // 「买剩下的」: two bottles and the milk, one checkout, one payment.
    await dialog.getByRole('button', { name: '买剩下的' }).click();
    await page.waitForURL(/\/pay\/[0-9a-f-]{36}$/);
    // 2 × 28.80 + 15.90
    const confirm = page.getByTestId('confirm-pay');
    await confirm.filter({ hasText: '确认支付 ¥73.50' }).waitFor();
    await shot(page, '71-resident-pay-the-rest');
    await confirm.click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('order-line').count()).toBe(2);
    const got = await h.rows<{ item_id: string; quantity: number; status: string }>(sql`select item_id, quantity, status from order_lines where order_id = ${orderId} order by quantity`);
    expect(got).toEqual([{ item_id: liveItemIds[2], quantity: 1, status: 'paid' }, { item_id: soyItemId, quantity: 2, status: 'paid' }]);
    expect(await h.rows(sql`select amount_fen, status from payments where order_id = ${orderId}`)).toEqual([{ amount_fen: 7350, status: 'held' }]);
    // Sold out, never oversold; her basket is empty.
    expect((await h.one<{ n: number }>(sql`select stock_available as n from group_buy_items where id = ${soyItemId}`)).n).toBe(0);
    expect((await h.one<{ n: number }>(sql`select coalesce(sum(quantity), 0)::int as n from order_lines where item_id = ${soyItemId} and status <> 'cancelled'`)).n).toBe(4);
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from basket_items where user_id = ${lin}`)).n).toBe(0);
    await shot(page, '72-resident-order-the-rest', { fullPage: false });
    await ctx.close();
  });

  it('张大哥 without his phone: 王叔 hands over from the pending list, and the money settles only when 张大哥 confirms', async () => {
    const { communityId, liveGroupBuyId, residents } = h.seed;
    const zhang = residents[2];
    await h.closeGroupBuys([liveGroupBuyId, soyGroupBuyId]);
    await h.deliver([liveGroupBuyId, soyGroupBuyId], { receive: true });
    const start = await h.one<{ at: Date }>(sql`select pickup_start_at as at from group_buys where id = ${liveGroupBuyId}`);
    await h.advanceTo(new Date(new Date(start.at).getTime() + 2 * HOUR));

    const zhangLines = await h.rows<{ id: string; order_id: string; status: string }>(sql`select id, order_id, status from order_lines where user_id = ${zhang} and group_buy_id = ${liveGroupBuyId}`);
    expect(zhangLines).toHaveLength(1);
    expect(zhangLines[0].status).toBe('ready_for_pickup');
    const paymentOf = () => h.one<{ id: string; status: string; amount_fen: number; settled_fen: number }>(sql`select id, status, amount_fen, settled_fen from payments where order_id = ${zhangLines[0].order_id}`);
    const settlementsOf = (paymentId: string) => h.rows<{ reason: string; amount_fen: number }>(sql`select reason, amount_fen from settlements where payment_id = ${paymentId}`);
    expect((await paymentOf()).status).toBe('held');

    // 王叔's pending list: households by 跟团号 and masked name, no codes.
    const leaderCtx = await phoneContext(h);
    const desk = watch(await leaderCtx.newPage(), '王叔');
    await logInThroughPage(h, desk, LEADER, `/leader/${communityId}/pending`);
    const rows = desk.getByTestId('pending-row');
    await rows.first().waitFor();
    const names = await rows.locator('.pending-name').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['李**', '张**', '小**']));
    expect((await desk.locator('body').innerText())).not.toMatch(/李阿姨|张大哥|小林/);
    const row = rows.filter({ hasText: '张**' });
    expect(await row.textContent()).toContain('丹东有机草莓');
    expect(await row.textContent()).toContain('×2');
    await shot(desk, '80-leader-pending');

    await row.getByTestId('without-code').click();
    const sheet = desk.getByTestId('without-code-sheet');
    await sheet.waitFor();
    expect(await sheet.textContent()).toContain('未扫码交付给 张**');
    expect(await sheet.getByTestId('handover-line').count()).toBe(1);
    await sheet.getByTestId('without-code-note').locator('textarea').first().fill('张大哥手机没带，草莓当面交给他本人');
    const go = sheet.getByTestId('without-code-confirm');
    expect(await go.textContent()).toContain('确认交付 1 样（2 件），等邻居确认');
    await desk.waitForTimeout(400); // the sheet slides up
    await shot(desk, '81-leader-without-code', { fullPage: false });
    await go.click();
    await desk.locator('.adm-toast-main').filter({ hasText: '已记录交付，等 张** 确认' }).waitFor();
    await expect.poll(() => rows.filter({ hasText: '张**' }).count()).toBe(0);
    await shot(desk, '82-leader-pending-after');

    // Recorded and counted as handed over, but no money moved: it waits for 张大哥.
    const [handover] = await h.rows<{ id: string; method: string; status: string; note: string; settle_due_at: Date }>(sql`
      select id, method, status, note, settle_due_at from handovers where resident_id = ${zhang} and status = 'awaiting_confirmation' and note like '%草莓%'`);
    expect(handover).toMatchObject({ method: 'without_code', status: 'awaiting_confirmation', note: '张大哥手机没带，草莓当面交给他本人' });
    expect(new Date(handover.settle_due_at).getTime() - h.now().getTime()).toBeGreaterThan(71 * HOUR);
    expect((await h.one<{ status: string; handover_id: string }>(sql`select status, handover_id from order_lines where id = ${zhangLines[0].id}`))).toEqual({ status: 'picked_up', handover_id: handover.id });
    const held = await paymentOf();
    expect(held).toMatchObject({ status: 'held', settled_fen: 0 });
    expect(await settlementsOf(held.id)).toEqual([]);
    await leaderCtx.close();

    // 张大哥, home with his phone charged, opens 我的: 王叔 recorded a hand-over for him to confirm.
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '张大哥');
    await logInThroughPage(h, page, ZHANG, '/orders');
    const card = page.getByTestId('handover-card').filter({ hasText: '丹东有机草莓' });
    await card.waitFor();
    expect(await card.textContent()).toContain('王叔记录了你已取货（未扫码），请确认');
    expect(await card.textContent()).toContain('× 2');
    await shot(page, '83-resident-handover-to-confirm', { fullPage: false });
    // Still held while he reads it.
    expect((await paymentOf()).status).toBe('held');

    await card.getByTestId('handover-confirm').click();
    const dialog = page.locator('.adm-dialog');
    await dialog.getByText('确认这些东西你已经拿到了吗？').waitFor();
    await dialogOpen(page);
    await dialog.getByRole('button', { name: '确认已取货' }).click();
    await page.getByTestId('handover-done').waitFor();
    expect(await page.getByTestId('handover-done').textContent()).toContain('已确认收到王叔交给你的东西');
    await shot(page, '84-resident-handover-confirmed', { fullPage: false });

    // Now the money settles: the whole payment, once, because he confirmed.
    await expect.poll(async () => (await paymentOf()).status).toBe('settled');
    const settled = await paymentOf();
    expect(settled.settled_fen).toBe(settled.amount_fen);
    expect(await settlementsOf(settled.id)).toEqual([{ reason: 'confirmed', amount_fen: settled.amount_fen }]);
    expect((await h.one<{ status: string }>(sql`select status from handovers where id = ${handover.id}`)).status).toBe('confirmed');
    const api = (await (await page.request.get(`/api/orders/${zhangLines[0].order_id}`)).json()) as { progress: string };
    expect(api.progress).toBe('collected');
    // A second confirm is refused and changes nothing.
    const again = await page.request.post(`/api/handovers/${handover.id}/confirm`);
    expect(again.status()).toBe(409);
    expect(await settlementsOf(settled.id)).toHaveLength(1);
    await ctx.close();
  });

  it('no page threw an uncaught error along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
