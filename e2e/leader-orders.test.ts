import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, watchErrors, type Harness } from './harness.js';

/**
 * 王叔 on his phone: opens his orders from the dashboard, filters today's strawberry 团 and its
 * pickup day, searches a neighbour by name, selects him and 李阿姨, prints their bag labels (A4
 * and 58 mm, looked at in print layout at their paper widths) and exports the filtered list.
 */
describe.skipIf(!browserAvailable())('browser: 王叔 works his orders', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => {
    h = await startHarness();
    // Display names and 门牌 as the members' profiles hold them (set by the members feature).
    for (const [phone, name, door] of [['13800000002', '李阿姨', '3-201'], ['13800000003', '小林', '3-502'], ['13800000004', '张大哥', '5-1102']]) {
      await h.rows(sql`update memberships m set display_name = ${name}, door_number = ${door} from users u where u.id = m.user_id and u.phone = ${phone}`);
    }
  });

  afterAll(async () => { await h?.close(); });

  it('filters, searches, selects, prints labels and exports', async () => {
    const { communityId, liveGroupBuyId } = h.seed;
    const live = await h.one<{ title: string; day: string }>(sql`select title, to_char(pickup_start_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day from group_buys where id = ${liveGroupBuyId}`);
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '王叔');
    await logInThroughPage(h, page, LEADER, `/leader/${communityId}`);
    await page.getByTestId('qa-orders').click();
    await page.waitForURL(`**/leader/${communityId}/orders`);
    const cards = page.getByTestId('order-card');
    await cards.first().waitFor();
    const all = await cards.count();
    expect(all).toBeGreaterThan(2);
    await shot(page, 'leader-orders-list');

    // The filter sheet: today's live 团 and its pickup day.
    await page.getByTestId('open-filter').click();
    const sheet = page.getByTestId('filter-sheet');
    await sheet.getByText(live.title, { exact: false }).first().click();
    await sheet.getByTestId('filter-pickup-date').fill(live.day);
    await shot(page, 'leader-orders-filter-sheet', { fullPage: false });
    await page.getByTestId('filter-apply').click();
    await page.getByTestId('chip-groupBuy').waitFor();
    await expect.poll(() => cards.count()).toBe(2); // 李阿姨's basket and 张大哥's strawberries
    await shot(page, 'leader-orders-filtered');

    // Search a neighbour by name; select her, then 李阿姨.
    await page.getByTestId('order-search').locator('input').fill('张大哥');
    await expect.poll(() => cards.count()).toBe(1);
    await expect.poll(() => page.getByTestId('order-name').first().textContent()).toBe('张大哥');
    await cards.first().getByTestId('order-check').click();
    await page.getByTestId('order-search').locator('input').fill('');
    await expect.poll(() => cards.count()).toBe(2);
    await page.getByTestId('order-search').locator('input').fill('3-201');
    await expect.poll(() => cards.count()).toBe(1);
    await cards.first().getByTestId('order-check').click();
    await expect.poll(() => page.getByTestId('bulk-bar').textContent()).toContain('已选 2 单');
    await page.getByTestId('order-search').locator('input').fill('');
    await expect.poll(() => cards.count()).toBe(2);
    await shot(page, 'leader-orders-selected');

    // Bag labels of the two selected orders; the print button calls the browser's print.
    await page.getByTestId('bulk-labels').click();
    await page.waitForURL('**/orders/print?**');
    const labels = page.getByTestId('bag-label');
    await labels.first().waitFor();
    const names = await labels.locator('.bag-name').allTextContents();
    // A bag sits where neighbours can read it: masked names and no 门牌 on its label.
    expect(new Set(names)).toEqual(new Set(['李**', '张**']));
    expect(await labels.locator('.bag-door').count()).toBe(0);
    expect(await labels.allTextContents()).not.toContain('3-201');
    expect(await page.locator('body').textContent()).not.toContain('13800000002');
    await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
    await page.getByTestId('print-now').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.getByTestId('paper-a4').click();
    await shot(page, 'leader-orders-print-screen');
    // What the printer gets: the print layout at A4 width (210 mm ≈ 794 px) and at 58 mm (≈ 219 px).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await shot(page, 'leader-orders-labels-a4');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('paper-receipt').click();
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 219, height: 400 });
    await shot(page, 'leader-orders-labels-58mm');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('kind-slips').click();
    await page.getByTestId('slip').first().waitFor();
    await page.getByTestId('paper-a4').click();
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await shot(page, 'leader-orders-slips-a4');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });

    // Back to the filtered list, and export it.
    await page.locator('.leader-navbar .adm-nav-bar-back').click();
    await page.waitForURL(`**/leader/${communityId}/orders?**`);
    await cards.first().waitFor();
    const summary = await page.getByTestId('order-summary').textContent();
    await page.getByTestId('bulk-export').click();
    await page.getByTestId('export-sheet').waitFor();
    await shot(page, 'leader-orders-export', { fullPage: false });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((r) => { rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))); });
    const api = await (await page.request.get(`/api/communities/${communityId}/leader-orders?groupBuyId=${liveGroupBuyId}&pickupDate=${live.day}`)).json() as { totals: { lines: number; orders: number } };
    expect(summary).toContain(`${api.totals.orders} 单`);
    expect(rows.length - 1).toBe(api.totals.lines);
    expect(new Set(rows.slice(1).map((r) => r[9]))).toEqual(new Set(['李阿姨', '张大哥']));
    expect(JSON.stringify(rows)).not.toMatch(/1380000000\d/);
    expect(pageErrors).toEqual([]);
    await ctx.close();
  });
});
