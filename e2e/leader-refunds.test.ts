import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, dialogOpen, logInThroughPage, phoneContext, shot, startHarness, toastsGone, watchErrors, type Harness } from './harness.js';

/**
 * On a 390×844 phone: 王叔 refunds 李阿姨 part of yesterday's strawberries (handed over) with a
 * reason, within his limit, and cancels the eggs of her live basket before the hand-over; 李阿姨
 * sees on her order page what he did, why, and who.
 */
describe.skipIf(!browserAvailable())('browser: the leader refunds and cancels, the resident sees why', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LI = '13800000002';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('王叔 refunds a handed-over line and cancels a line before the hand-over; 李阿姨 reads the reasons', async () => {
    const { communityId, residents } = h.seed;
    const li = residents[0];
    const yesterday = await h.one<{ id: string }>(sql`select id from orders where user_id = ${li} and idempotency_key = 'seed-straw-y-0'`);
    const live = await h.one<{ id: string }>(sql`select id from orders where user_id = ${li} and idempotency_key = 'seed-live-basket-0'`);

    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '王叔');
    await logInThroughPage(h, page, LEADER, `/leader/${communityId}/orders/${yesterday.id}`);
    const detail = page.getByTestId('leader-order-detail');
    await detail.waitFor();
    await shot(page, 'leader-refunds-1-handed-over-order');

    // Refund ¥12.00 of the strawberries she collected yesterday, with a reason she will read.
    const strawberry = page.getByTestId('lod-line').filter({ hasText: '草莓' }).first();
    await strawberry.getByTestId('lod-refund-line').click();
    const sheet = page.getByTestId('lod-sheet');
    await sheet.waitFor();
    await sheet.getByTestId('lod-amount').locator('input').fill('12');
    await sheet.getByText('坏果 / 变质', { exact: true }).click();
    await sheet.getByTestId('lod-note').locator('textarea:not([readonly])').fill('有几颗压坏了，给您退一部分');
    await shot(page, 'leader-refunds-2-refund-sheet', { fullPage: false });
    await sheet.getByTestId('lod-submit').click();
    await dialogOpen(page);
    expect(await page.getByTestId('lod-confirm-text').textContent()).toContain('¥12.00');
    await shot(page, 'leader-refunds-3-refund-confirm', { fullPage: false });
    await page.locator('.adm-dialog').getByRole('button', { name: '确认' }).click();
    await page.locator('.adm-toast-main').filter({ hasText: '已退款 ¥12.00' }).waitFor();
    await page.getByTestId('lod-change').filter({ hasText: '退款' }).waitFor();
    expect(await page.getByTestId('lod-change').first().textContent()).toContain('坏果 / 变质（有几颗压坏了，给您退一部分）');
    await toastsGone(page);
    await shot(page, 'leader-refunds-4-refunded');
    const [claim] = await h.rows<{ origin: string; status: string; refunded_fen: number }>(sql`select c.origin, c.status, c.refunded_fen from claims c join order_lines l on l.id = c.line_id where l.order_id = ${yesterday.id} and c.origin = 'leader'`);
    expect(claim).toEqual({ origin: 'leader', status: 'refunded', refunded_fen: 1200 });

    // Her live basket: cancel the eggs before the hand-over; the money goes back at once.
    await page.goto(`/leader/${communityId}/orders/${live.id}`);
    await detail.waitFor();
    const eggs = page.getByTestId('lod-line').filter({ hasText: '鸡蛋' }).first();
    await eggs.getByTestId('lod-cancel-line').click();
    await sheet.waitFor();
    await sheet.getByText('缺货', { exact: true }).click();
    await sheet.getByTestId('lod-note').locator('textarea:not([readonly])').fill('供货商今天鸡蛋不够');
    await sheet.getByTestId('lod-submit').click();
    await dialogOpen(page);
    await page.locator('.adm-dialog').getByRole('button', { name: '确认' }).click();
    await page.locator('.adm-toast-main').filter({ hasText: '已取消' }).waitFor();
    await expect.poll(() => eggs.getAttribute('data-status')).toBe('cancelled');
    await toastsGone(page);
    await shot(page, 'leader-refunds-5-cancelled-line');
    await ctx.close();

    // 李阿姨 opens her orders: each says what 王叔 did and why.
    const liCtx = await phoneContext(h);
    const liPage = watch(await liCtx.newPage(), '李阿姨');
    await logInThroughPage(h, liPage, LI, `/orders/${live.id}`);
    const changes = liPage.getByTestId('order-leader-change');
    await changes.first().waitFor();
    const cancelText = await changes.first().textContent();
    expect(cancelText).toContain('王叔');
    expect(cancelText).toContain('缺货（供货商今天鸡蛋不够）');
    await shot(liPage, 'leader-refunds-6-resident-cancelled');
    await liPage.goto(`/orders/${yesterday.id}`);
    await changes.first().waitFor();
    expect(await changes.first().textContent()).toContain('坏果 / 变质（有几颗压坏了，给您退一部分）');
    await shot(liPage, 'leader-refunds-7-resident-refunded');
    await liCtx.close();
    expect(pageErrors).toEqual([]);
  });
});
