import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, dialogOpen, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { scenePhoto } from '../src/db/sample-photos.js';

/**
 * Worry-free after-sales as people meet it: 李阿姨 claims for yesterday's bad strawberries (one
 * line of her basket) with a photo from her phone and is refunded in seconds by 坏果包赔; 王叔 answers 张大哥's claim from his
 * inbox before its deadline; 陈总 sees the escalated claim, the rules and the fund; anyone can read
 * the rules.
 */
describe.skipIf(!browserAvailable())('browser: claims, the leader inbox and the console', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: T[] }).rows;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('李阿姨 claims for bad strawberries (one line of her basket) with a photo and is refunded in seconds', async () => {
    // Yesterday's basket: strawberries ×2 and greens ×2, one order, one payment; she claims on the strawberry line.
    const [line] = await rows<{ id: string; order_id: string; unit_price_fen: number }>(sql`
      select l.id, l.order_id, l.unit_price_fen from order_lines l join users u on u.id = l.user_id join group_buy_items i on i.id = l.item_id
      where u.phone = '13800000002' and l.group_buy_id = ${h.seed.yesterdayGroupBuyId} and i.product_id = ${h.seed.strawberryId}`);
    const [{ n: lines }] = await rows<{ n: number }>(sql`select count(*)::int as n from order_lines where order_id = ${line.order_id}`);
    expect(lines).toBe(2);
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/orders/${line.order_id}`);
    const row = page.locator(`[data-testid="order-line"][data-line-id="${line.id}"]`);
    await row.getByTestId('line-claim').click();
    await page.waitForURL(`**/orders/${line.order_id}/claim?line=${line.id}`);
    await page.getByTestId('claim-kind-bad_produce').click();
    expect(await page.getByTestId('claim-amount').textContent()).toBe('¥36.80');
    await page.getByTestId('claim-description').locator('textarea').first().fill('打开盒子有三颗草莓烂了，底下还有点发霉。');
    await page.getByTestId('photo-album-input').setInputFiles({ name: 'strawberries.jpg', mimeType: 'image/jpeg', buffer: await scenePhoto(2024) });
    await page.locator('.r-photo-picker img').first().waitFor();
    await shot(page, '50-claim-form');
    const submitted = Date.now();
    await page.getByTestId('claim-submit').click();
    await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    const status = page.getByTestId('claim-status');
    await expect.poll(async () => status.getAttribute('data-status')).toBe('refunded');
    await expect.poll(async () => page.getByTestId('refund-status').textContent()).toContain('已到账');
    const seconds = (Date.now() - submitted) / 1000;
    expect(seconds).toBeLessThan(15);
    expect(await page.getByTestId('claim-refunded').textContent()).toContain('¥36.80');
    expect(await page.getByTestId('claim-reason').textContent()).toContain('坏果包赔');
    await shot(page, '51-claim-refunded');
    // The money went back through the basket's one payment, once, on that line; the ledger says who paid.
    const [claim] = await rows<{ status: string; rule_key: string; refunded_fen: number; order_id: string }>(sql`select status, rule_key, refunded_fen, order_id from claims where line_id = ${line.id}`);
    expect(claim).toEqual({ status: 'refunded', rule_key: 'bad_fruit', refunded_fen: 3680, order_id: line.order_id });
    expect(await rows(sql`select status, amount_fen, line_id from refunds where order_id = ${line.order_id}`)).toEqual([{ status: 'paid', amount_fen: 3680, line_id: line.id }]);
    expect(await rows(sql`select code, amount_fen from fund_entries where claim_id = (select id from claims where line_id = ${line.id})`)).toEqual([{ code: 'claim_refund', amount_fen: 3680 }]);
    // Her order now shows the claim's progress on that line instead of a second "apply"; the greens line can still be claimed.
    await page.goto(`/orders/${line.order_id}`);
    await row.getByTestId('line-claim-progress').waitFor();
    expect(await row.getByTestId('line-claim').count()).toBe(0);
    expect(await page.getByTestId('line-claim').count()).toBe(1);
    await ctx.close();
  });

  it('anyone can read the guarantee rules in plain words, without logging in', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await page.goto('/guarantees');
    await page.getByText('坏果包赔').first().waitFor();
    const text = await page.locator('body').textContent();
    expect(text).toContain('开箱不满意秒退款');
    expect(text).toContain('团长兜底');
    expect(text).toContain('取货后小时数 ≤ 48');
    await shot(page, '52-guarantees-public');
    await ctx.close();
  });

  it('王叔 answers 张大哥’s claim from his inbox before the deadline', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000001', `/leader/${h.seed.communityId}/claims`);
    const card = page.getByText('张大哥').first();
    await card.waitFor();
    await shot(page, '53-leader-claims-inbox');
    await card.click();
    await page.getByTestId('claim-decide').waitFor();
    expect(await page.getByTestId('claim-resident').textContent()).toContain('张大哥');
    await page.getByTestId('claim-refund').click();
    await dialogOpen(page);
    await page.getByRole('button', { name: '确认退款' }).click();
    await page.getByTestId('claim-outcome').waitFor();
    await expect.poll(async () => (await rows<{ status: string; resolved_by: string }>(sql`select c.status, c.resolved_by from claims c join users u on u.id = c.user_id where u.phone = '13800000004'`))[0]).toEqual({ status: 'refunded', resolved_by: 'leader' });
    await shot(page, '54-leader-claim-refunded');
    // The fund advanced it to him and paid him back at once.
    const entries = await rows<{ code: string }>(sql`select code from fund_entries where claim_id = (select c.id from claims c join users u on u.id = c.user_id where u.phone = '13800000004') order by id`);
    expect(entries.map((e) => e.code)).toEqual(['leader_advance', 'fund_reimbursement']);
    await ctx.close();
  });

  it('陈总 sees the escalated claim, the rules with their versions and the fund, reconciled', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/claims');
    await page.getByTestId('claim-row').first().waitFor();
    expect(await page.getByTestId('claims-table').textContent()).toContain('小林');
    await shot(page, '55-console-claims');
    await page.goto('/console/guarantee-rules');
    await page.getByText('坏果包赔').first().waitFor();
    await shot(page, '56-console-guarantee-rules');
    await page.goto('/console/guarantee-fund');
    const recon = page.getByTestId('fund-recon');
    await recon.waitFor();
    await expect.poll(async () => recon.textContent()).toContain('账平');
    await shot(page, '57-console-guarantee-fund');
    await ctx.close();
  });
});
