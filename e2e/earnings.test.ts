import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openGroupBuy } from '../src/workflows/open-group-buy.js';
import { checkout } from '../src/workflows/checkout.js';
import { handlePaymentSucceeded } from '../src/workflows/payment-notified.js';
import { verifyHandover } from '../src/workflows/hand-over.js';
import { getOrCreatePickupSecret, pickupCodeFor, stepOf } from '../src/modules/fulfilment/index.js';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, dialogOpen, logInThroughPage, phoneContext, shot, toastsGone, watchErrors, type Harness } from './harness.js';
import { startHarness } from './harness.js';
import { UNMASKED_MOBILE } from '../src/testing/phone.js';

const HOUR = 3_600_000;

/**
 * 王叔's money on a 390×844 phone: from the dashboard to 我的收益 (yesterday's hand-overs and a
 * big 团 of gift boxes handed over today), a statement downloaded, a small withdrawal paid out
 * at once and a large one that waits; 陈总 approves it in the console, and the reconciliation agrees.
 */
describe.skipIf(!browserAvailable())('browser: 王叔 sees his earnings and withdraws', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const OPERATOR = '13900000000';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => {
    h = await startHarness();
    const { communityId, leaderId, residents } = h.seed;
    // A 团 of strawberry gift boxes (¥1,000 each) that 李阿姨 buys 30 of for her company, handed over today.
    const berry = await h.one<{ product_id: string; batch_id: string }>(sql`
      select i.product_id, i.batch_id from group_buy_items i where i.group_buy_id = ${h.seed.liveGroupBuyId} order by i.position limit 1`);
    const now = h.now();
    const gb = await openGroupBuy(h.database.db, communityId, leaderId, {
      title: '公司年会草莓礼盒', note: '整箱礼盒，量大从优。',
      cutoffAt: new Date(now.getTime() + HOUR), pickupStartAt: new Date(now.getTime() + 2 * HOUR), pickupEndAt: new Date(now.getTime() + 10 * HOUR),
      items: [{ productId: berry.product_id, batchId: berry.batch_id, priceFen: 100_000, stockTotal: 40, perPersonLimit: 40 }],
    }, now);
    const { order, payment } = await checkout(h.database.db, h.payments, { userId: residents[0], communityId, lines: [{ itemId: gb.items[0].id, quantity: 30 }], idempotencyKey: 'e2e-gift-boxes' }, 15, now);
    const [p] = await h.rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${payment!.paymentId}`);
    await handlePaymentSucceeded(h.database.db, h.payments, p.provider_ref, order.totalFen, now);
    await h.closeGroupBuys([gb.id]);
    await h.deliver([gb.id], { receive: true });
    await h.advance(2 * HOUR + 60_000);
    const secret = await getOrCreatePickupSecret(h.database.db, residents[0]);
    const lines = await h.rows<{ id: string }>(sql`select id from order_lines where group_buy_id = ${gb.id}`);
    await verifyHandover(h.database.db, { communityId, leaderId, code: pickupCodeFor(secret, communityId, stepOf(h.now())), lineIds: lines.map((l) => l.id), now: h.now(), locale: 'zh-CN' });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('opens 我的收益 from the dashboard, downloads a statement, withdraws a little at once and a lot with approval', async () => {
    const { communityId } = h.seed;
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '王叔');
    await logInThroughPage(h, page, LEADER, `/leader/${communityId}`);
    await page.getByTestId('qa-earnings').click();
    await page.waitForURL(`**/leader/${communityId}/earnings`);
    const balance = page.getByTestId('earnings-balance');
    await balance.waitFor();
    const e = (await (await page.request.get(`/api/communities/${communityId}/earnings`)).json()) as { salesFen: number; commissionFen: number; balances: { settledFen: number }; byTier: { tier: string; rate: number }[] };
    expect(e.salesFen).toBe(3_000_000);
    expect(e.balances.settledFen).toBeGreaterThanOrEqual(240_000);
    await expect.poll(() => balance.textContent()).toContain(`¥${(e.balances.settledFen / 100).toFixed(2)}`);
    expect(await page.getByTestId('earnings-figures').textContent()).toContain('¥30000.00');
    expect(await page.getByTestId('earnings-tiers').textContent()).toMatch(/(标准|金牌|银牌|观察|整改) · \d+%/);
    await shot(page, 'earnings-today');

    // This month, with yesterday's hand-overs too.
    await page.getByText('月', { exact: true }).click();
    await page.waitForURL(/period=month/);
    await expect.poll(async () => (await page.getByTestId('earnings-figures').textContent()) ?? '').not.toContain('¥30000.00');
    await shot(page, 'earnings-month');

    // The statement as Excel: a real download, named for his community.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statement-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^收益对账单-好邻生活圈-.*\.xlsx$/);
    const csv = await (await page.request.get(`/api/communities/${communityId}/earnings/statement.csv?period=month`)).text();
    expect(csv).toContain('核销结算');
    expect(csv).not.toMatch(UNMASKED_MOBILE);

    // A small withdrawal: the sheet shows the minimum and today's limit, asks to confirm, pays out.
    await page.getByTestId('withdraw-open').click();
    const sheet = page.getByTestId('withdraw-sheet');
    await sheet.waitFor();
    await sheet.getByTestId('withdraw-amount').locator('input').fill('5');
    await expect.poll(() => sheet.getByTestId('withdraw-problem').textContent()).toContain('单笔最少 ¥10.00');
    await sheet.getByTestId('withdraw-amount').locator('input').fill('200');
    expect(await sheet.textContent()).toContain('今天还可提');
    await shot(page, 'earnings-withdraw-sheet', { fullPage: false });
    await sheet.getByTestId('withdraw-submit').click();
    await dialogOpen(page);
    expect(await page.locator('.adm-dialog').textContent()).toContain('确认提现 ¥200.00');
    await page.locator('.adm-dialog').getByText('确认', { exact: true }).click();
    await page.locator('.adm-toast-main').filter({ hasText: '已提交提现 ¥200.00' }).waitFor();
    await toastsGone(page);
    const rows = page.getByTestId('payout-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('打款中');

    // A large one waits for the platform.
    await page.getByTestId('withdraw-open').click();
    await sheet.getByTestId('withdraw-amount').locator('input').fill('2000');
    await sheet.getByTestId('withdraw-submit').click();
    await dialogOpen(page);
    await page.locator('.adm-dialog').getByText('确认', { exact: true }).click();
    await page.locator('.adm-toast-main').filter({ hasText: '等待平台审核' }).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('待审核');
    await shot(page, 'earnings-after-withdrawals');

    // 陈总 approves it in the console; the reconciliation agrees.
    const desk = await desktopContext(h);
    const console = watch(await desk.newPage(), '陈总');
    await logInThroughPage(h, console, OPERATOR, '/console/payouts');
    const approve = console.getByTestId('approve-payout');
    await approve.waitFor();
    expect(await console.locator('.ant-table-row').count()).toBe(1);
    await shot(console, 'console-payout-approvals');
    await approve.click();
    await console.getByText('已批准，已交给打款渠道').waitFor();
    await console.getByRole('tab', { name: '全部提现' }).click();
    await console.getByTestId('sandbox-paid').first().waitFor();
    await shot(console, 'console-payouts-all');
    await console.getByRole('tab', { name: '对账' }).click();
    await console.getByTestId('recon-result').filter({ hasText: '对账一致' }).waitFor();
    await shot(console, 'console-payout-reconciliation');

    // Back on his phone: the large one is being paid out.
    await page.reload();
    await expect.poll(async () => (await page.getByTestId('payout-row').first().textContent()) ?? '').toContain('打款中');
    const [paid] = await h.rows<{ n: number }>(sql`select count(*)::int as n from payouts where status = 'sent'`);
    expect(paid.n).toBe(2);
    expect(pageErrors).toEqual([]);
  });
});
