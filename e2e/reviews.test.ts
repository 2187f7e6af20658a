import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, desktopContext, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { scenePhoto } from '../src/db/sample-photos.js';
import { MemoryStorage } from '../src/platform/files/storage.js';
import { postReview } from '../src/workflows/post-review.js';

/**
 * Reviews as people meet them: 李阿姨 reviews yesterday's strawberries from her order (four big
 * stars, a few words, a photo); neighbours read every buyer's review with the 已购买认证 mark and
 * the distribution on today's 团; 陈总 hides an abusive one with a reason its author then reads.
 */
/** Visible text smaller than 14 px, and buttons/links lower than 44 px, inside `root` (the review pages' own legibility check). */
function tooSmall(root: string) {
  const scope = document.querySelector(root) ?? document.body;
  const text: string[] = [];
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent?.trim() || el.getClientRects().length === 0) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < 14) text.push(`${n.textContent.trim().slice(0, 20)} ${px}px`);
  }
  const targets = [...scope.querySelectorAll<HTMLElement>('button, a, [role="tab"], textarea')]
    .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height < 44)
    .map((el) => `${el.tagName} ${(el.textContent ?? '').trim().slice(0, 20)} ${Math.round(el.getBoundingClientRect().height)}px`);
  return { text, targets };
}

describe.skipIf(!browserAvailable())('browser: reviews from buyers', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  const lineOf = (phone: string) => h.one<{ id: string; order_id: string; user_id: string }>(sql`
    select l.id, l.order_id, l.user_id from order_lines l join users u on u.id = l.user_id join group_buy_items i on i.id = l.item_id
    where u.phone = ${phone} and l.group_buy_id = ${h.seed.yesterdayGroupBuyId} and i.product_id = ${h.seed.strawberryId}`);

  it('李阿姨 reviews her strawberries from the order page: big stars, words, a photo', async () => {
    const line = await lineOf('13800000002');
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/orders/${line.order_id}`);
    const row = page.locator(`[data-testid="order-line"][data-line-id="${line.id}"]`);
    await row.getByTestId('line-review').waitFor();
    await shot(page, '69-order-review-entry');
    await row.getByTestId('line-review').click();
    await page.waitForURL(`**/reviews/new/${line.id}`);
    await page.getByTestId('star-4').click();
    await page.getByTestId('review-body').fill('草莓很甜，个头均匀，孙子一口气吃了半盒。有一颗压坏了。');
    await page.getByTestId('photo-album-input').setInputFiles({ name: 'strawberries.jpg', mimeType: 'image/jpeg', buffer: await scenePhoto(77) });
    await page.locator('.r-photo-picker img').first().waitFor();
    // Each star is a big target.
    const box = await page.getByTestId('star-1').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(tooSmall, '.rv-form')).toEqual({ text: [], targets: [] });
    await shot(page, '70-review-form');
    await page.getByTestId('review-submit').click();
    await page.waitForURL('**/me/reviews?tab=reviewed');
    await page.getByTestId('my-review').first().waitFor();
    expect(await page.getByTestId('my-review').first().textContent()).toContain('孙子一口气吃了半盒');
    expect(await page.evaluate(tooSmall, '.r-page')).toEqual({ text: [], targets: [] });
    await shot(page, '71-my-reviews');
    const [review] = await h.rows<{ stars: number; photos: number }>(sql`select stars, jsonb_array_length(photo_file_ids) as photos from reviews where order_line_id = ${line.id}`);
    expect(review).toEqual({ stars: 4, photos: 1 });
    // Her order now shows 已评价 on that line instead of 评价.
    await page.goto(`/orders/${line.order_id}`);
    await row.getByTestId('line-reviewed').waitFor();
    expect(await row.getByTestId('line-review').count()).toBe(0);
    await ctx.close();
  });

  it('neighbours read every buyer’s review on today’s 团: distribution, verified mark', async () => {
    const storage = new MemoryStorage();
    const lin = await lineOf('13800000003');
    const zhang = await lineOf('13800000004');
    await postReview(h.database.db, storage, { id: lin.user_id, isOperator: false }, { orderLineId: lin.id, stars: 5, body: '宝宝很爱吃，没有农药味。' }, h.now());
    await postReview(h.database.db, storage, { id: zhang.user_id, isOperator: false }, { orderLineId: zhang.id, stars: 2, body: '偏酸，团长人不行，别买（骂人的话略）' }, h.now());
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000003', `/g/${h.seed.liveGroupBuyId}`);
    // On the strawberry card: 「★ 3.7 · 3 条评价」, which opens its reviews below.
    const link = page.locator('[data-testid="gb-item"]', { hasText: '草莓' }).getByTestId('item-reviews-link');
    await expect.poll(async () => link.textContent()).toContain('3.7 · 3 条评价');
    await link.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot(page, '72a-item-card-reviews-link', { fullPage: false });
    await link.click();
    const section = page.getByTestId('item-reviews');
    await section.getByRole('tab', { name: /草莓/, selected: true }).waitFor();
    await section.getByTestId('review-summary').waitFor();
    expect(await section.getByTestId('review-count').textContent()).toBe('3 条评价');
    expect(await section.getByTestId('review-average').textContent()).toBe('3.7');
    expect(await section.getByTestId('verified-mark').count()).toBe(3);
    expect(await page.evaluate(tooSmall, '[data-testid="item-reviews"]')).toEqual({ text: [], targets: [] });
    // The link scrolls there smoothly: wait until the section's top rests under the bar.
    await expect.poll(async () => section.evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBe(56);
    await shot(page, '72-product-reviews', { fullPage: false });
    await ctx.close();
  });

  it('陈总 hides the abusive review with a reason; its author sees it is hidden and why', async () => {
    const ctx = await desktopContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13900000000', '/console/reviews');
    const table = page.getByTestId('reviews-table');
    const row = table.locator('tr', { hasText: '别买' });
    await row.waitFor();
    await shot(page, '73-console-reviews');
    await row.getByTestId('review-hide').click();
    await page.getByTestId('review-reason').fill('含有对团长的辱骂');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(async () => (await h.rows(sql`select 1 from review_moderation where reason = '含有对团长的辱骂'`)).length).toBe(1);
    await ctx.close();

    const phone = await phoneContext(h);
    const mine = await phone.newPage();
    await logInThroughPage(h, mine, '13800000004', '/me/reviews?tab=reviewed');
    const hidden = mine.getByTestId('review-hidden');
    await hidden.waitFor();
    expect(await hidden.textContent()).toContain('含有对团长的辱骂');
    await shot(mine, '74-my-review-hidden');
    await phone.close();
  });
});
