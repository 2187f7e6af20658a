import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, toastsGone, watchErrors, type Harness } from './harness.js';

const HOUR = 3_600_000;

/**
 * 王叔 copies yesterday's group buy, moves its cut-off, opens it; then extends the cut-off of the
 * live one by an hour; 李阿姨, who ordered from it, sees the new cut-off on its page and is told.
 */
describe.skipIf(!browserAvailable())('browser: group buys he can reuse and change', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LI = '13800000002';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('王叔 copies yesterday\'s group buy, changes a date, opens it; extends the live one\'s cut-off; 李阿姨 sees it', async () => {
    const { communityId, yesterdayGroupBuyId, liveGroupBuyId, residents } = h.seed;
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '王叔');
    await logInThroughPage(h, page, LEADER, `/leader/${communityId}/drafts`);
    await page.getByTestId('past-group-buys').waitFor();
    await page.getByTestId('past-row').first().waitFor();
    await shot(page, 'gb-reuse-01-drafts-and-past');

    // Yesterday's 团: 复制 on its page.
    await page.goto(`/leader/group-buys/${yesterdayGroupBuyId}`);
    await page.getByTestId(`copy-${yesterdayGroupBuyId}`).click();
    await page.waitForURL(/\/new\?draft=/);
    await page.getByTestId('draft-banner').waitFor();
    await page.getByTestId('draft-open-now').waitFor();
    const draftId = new URL(page.url()).searchParams.get('draft')!;
    const [draft] = await h.rows<{ content: { cutoffAt: string; items: unknown[] } }>(sql`select content from group_buy_drafts where id = ${draftId}`);
    expect(draft.content.items).toHaveLength(2);
    // Nothing reached the neighbours: a draft is invisible.
    expect((await h.one<{ n: number }>(sql`select count(*)::int as n from group_buys where title = '上一批草莓 + 有机小白菜'`)).n).toBe(1);
    await toastsGone(page);
    await shot(page, 'gb-reuse-02-draft');

    // He moves the cut-off an hour later and opens it now.
    await page.getByTestId('cutoff-plus-hour').click();
    await page.getByTestId('draft-open-now').click();
    await page.waitForURL(/\/leader\/group-buys\/(?!.*draft)/);
    await page.getByTestId('gb-edit').waitFor();
    const opened = await h.one<{ id: string; status: string; cutoff_at: Date }>(sql`select g.id, g.status, g.cutoff_at from group_buys g join group_buy_drafts d on d.opened_group_buy_id = g.id where d.id = ${draftId}`);
    expect(opened.status).toBe('open');
    expect(new Date(opened.cutoff_at).getTime()).toBe(new Date(draft.content.cutoffAt).getTime() + HOUR);
    await shot(page, 'gb-reuse-03-opened');

    // The live 团: an hour more to order.
    const before = await h.one<{ cutoff_at: Date }>(sql`select cutoff_at from group_buys where id = ${liveGroupBuyId}`);
    await page.goto(`/leader/group-buys/${liveGroupBuyId}`);
    await page.getByTestId('edit-times').click();
    await page.getByTestId('edit-cutoff-plus-hour').click();
    await shot(page, 'gb-reuse-04-times-sheet', { fullPage: false });
    await page.getByTestId('times-save').click();
    await page.locator('.adm-toast-main').filter({ hasText: '已保存' }).waitFor();
    const after = await h.one<{ cutoff_at: Date }>(sql`select cutoff_at from group_buys where id = ${liveGroupBuyId}`);
    expect(new Date(after.cutoff_at).getTime()).toBe(new Date(before.cutoff_at).getTime() + HOUR);
    await page.getByTestId('gb-history').getByText('截单时间：').waitFor();
    await shot(page, 'gb-reuse-05-live-history');
    await ctx.close();

    // 李阿姨 ordered from it: she is told, and its page shows the new cut-off.
    const notice = await h.one<{ body: string }>(sql`select body from notifications where user_id = ${residents[0]} and kind = 'group_buy_changed'`);
    expect(notice.body).toContain('截单时间改为');
    const li = await phoneContext(h);
    const liPage = watch(await li.newPage(), '李阿姨');
    await logInThroughPage(h, liPage, LI, `/g/${liveGroupBuyId}`);
    const history = liPage.getByTestId('gb-history');
    await history.getByText('截单时间：').waitFor();
    expect(await history.textContent()).toContain('团长修改过');
    await shot(liPage, 'gb-reuse-06-buyer-sees-change');
    await li.close();
    expect(pageErrors).toEqual([]);
  });
});
