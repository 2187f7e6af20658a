import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { acceptedCodes } from '../src/modules/fulfilment/pickup-code.js';

/**
 * The supply chain as people meet it: anyone scanning the box's QR code sees where the
 * strawberries came from, the lab report and who vouched for them; 李阿姨 reaches the same page
 * from the item of the 团 and reads her arrival notices; 王叔 prints his pick list, which names
 * households by 跟团号 and masked name and holds no pickup code.
 */
describe.skipIf(!browserAvailable())('browser: traceability, notices and the pick list', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('an anonymous visitor opens the traceability page of a batch: source → inspection → transport, and who vouched', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await page.goto(`/t/${h.seed.strawberryBatchCode}`);
    const timeline = page.getByTestId('trace-timeline');
    await timeline.waitFor();
    expect(await page.getByTestId('trace-code').textContent()).toBe(h.seed.strawberryBatchCode);
    const text = await timeline.textContent();
    expect(text).toContain('丹东东港椅圈镇 7 号大棚');
    expect(text).toContain('3.2');
    expect(text).toContain('上海浦东冷链仓');
    const inspection = page.getByTestId('trace-inspection');
    expect(await inspection.textContent()).toContain('辽宁省农产品质量安全检测中心');
    expect(await inspection.textContent()).toContain('合格');
    // The report opens without login and is a real PDF.
    const href = await page.getByTestId('trace-report').getAttribute('href');
    const report = await page.request.get(href!);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-type']).toBe('application/pdf');
    expect((await report.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await page.getByTestId('trace-endorsements').textContent()).toContain('王叔');
    await shot(page, '30-trace-anonymous');
    // An unknown code is a friendly not-found, not an error page.
    await page.goto('/t/B20990101-000000');
    await page.getByTestId('trace-not-found').waitFor();
    await ctx.close();
  });

  it('李阿姨 sees 王叔’s trial on each item of the 团, follows the strawberries to their traceability page, and reads her arrival notices', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/g/${h.seed.liveGroupBuyId}`);
    const strawberry = page.locator(`[data-testid="gb-item"][data-item-id="${h.seed.liveItemIds[0]}"]`);
    await strawberry.waitFor();
    const trial = strawberry.getByTestId('item-endorsement');
    expect(await trial.textContent()).toContain('王叔亲自试过');
    expect(await trial.textContent()).toContain('酸甜刚好');
    // Every item carries its own trial and batch.
    expect(await page.getByTestId('item-endorsement').count()).toBe(3);
    expect(await page.getByTestId('item-trace').count()).toBe(3);
    await shot(page, '31-detail-endorsement');
    await strawberry.getByTestId('item-trace').click();
    await page.waitForURL(`**/t/${h.seed.strawberryBatchCode}`);
    await page.getByTestId('trace-timeline').waitFor();

    // Her eggs and yesterday's strawberries and greens arrived through recorded deliveries (one notice per item, besides the new-group-buy notices).
    const counts = ((await h.database.db.execute(sql`select count(*)::int as unread, count(*) filter (where kind = 'arrival')::int as arrivals from notifications n join users u on u.id = n.user_id where u.phone = '13800000002' and n.read_at is null`)) as unknown as { rows: { unread: number; arrivals: number }[] }).rows[0];
    expect(counts.arrivals).toBe(3);
    const unread = counts.unread;
    await page.goto(`/c/${h.seed.communityId}`);
    const bell = page.getByTestId('notice-bell');
    await bell.waitFor();
    // The count arrives with her notices, a moment after the bell itself.
    await page.locator(`[data-testid="notice-bell"][data-unread="${unread}"]`).waitFor({ timeout: 10_000 });
    expect(await bell.textContent()).toContain(String(unread));
    await bell.click();
    const item = page.getByTestId('notice-item').first();
    await item.waitFor();
    const notices = (await page.getByTestId('notice-item').allTextContents()).join('\n');
    expect(notices).toContain('林下散养土鸡蛋 到货啦');
    expect(notices).toContain('丹东有机草莓 到货啦');
    expect(notices).toContain('有机小白菜 到货啦');
    await shot(page, '32-notices');
    await ctx.close();
  });

  it('王叔 opens the pick list of the egg delivery day: 跟团号, the names his neighbours go by and items, never a phone or pickup code; and downloads the .xlsx', async () => {
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    const [{ day }] = ((await h.database.db.execute(sql`select to_char(pickup_start_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day from group_buys where id = ${h.seed.pastGroupBuyId}`)) as unknown as { rows: { day: string }[] }).rows;
    await logInThroughPage(h, page, '13800000001', `/leader/${h.seed.communityId}/pick-list?date=${day}`);
    const rows = page.getByTestId('pick-list-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    const all = (await rows.allTextContents()).join('\n');
    const lines = await h.rows<{ name: string; phone: string; group_number: number; status: string }>(sql`
      select m.display_name as name, u.phone, l.group_number, l.status from order_lines l join users u on u.id = l.user_id
        join memberships m on m.user_id = l.user_id and m.community_id = l.community_id
      where l.group_buy_id = ${h.seed.pastGroupBuyId} order by l.group_number`);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(all).toContain(`#${l.group_number}`);
      expect(all).toContain(l.name);
      expect(all).not.toContain(l.phone);
    }
    expect(all).toContain('林下散养土鸡蛋');
    // No resident's pickup code (this minute's or the last one's) is anywhere on the page.
    const body = (await page.locator('body').innerText()).replace(/\s/g, '');
    const secrets = await h.rows<{ user_id: string; secret: string }>(sql`select user_id, secret from pickup_secrets`);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) for (const code of acceptedCodes(s.secret, h.seed.communityId, h.now())) expect(body).not.toContain(code);
    // Those who collected are ticked off.
    const picked = lines.filter((l) => l.status === 'picked_up').length;
    expect(picked).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="pick-list-row"][data-picked="true"]').count()).toBe(picked);
    await shot(page, '33-pick-list');
    const xlsx = await page.request.get(await page.getByTestId('pick-list-xlsx').getAttribute('href') as string);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await page.emulateMedia({ media: 'print' });
    await shot(page, '34-pick-list-print');
    await ctx.close();
  });
});
