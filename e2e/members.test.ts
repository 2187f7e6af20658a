import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { checkout } from '../src/workflows/checkout.js';
import { handlePaymentSucceeded } from '../src/workflows/payment-notified.js';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, toastsGone, watchErrors, type Harness } from './harness.js';

/**
 * Members he knows, on a 390×844 phone: a newcomer joins by the invitation link as 李阿姨 of
 * 5号楼301; 王叔 finds her on his members page, writes himself a note, and his pick list names her
 * with her 门牌. A neighbour's view of the same group buy never shows the 门牌.
 */
describe.skipIf(!browserAvailable())('browser: members he knows', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const NEIGHBOUR = '13800000003';
  const NEWCOMER = '13900007788';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('李阿姨 joins with her name and 门牌; 王叔 sees her, notes her, and packs her bag by name and 门牌', async () => {
    const { communityId, liveGroupBuyId } = h.seed;
    const { invite_code: code } = await h.one<{ invite_code: string }>(sql`select invite_code from communities where id = ${communityId}`);

    // She opens the link, logs in, and gives the name she goes by here and her 门牌.
    const ctx = await phoneContext(h);
    const page = watch(await ctx.newPage(), '李阿姨');
    await logInThroughPage(h, page, NEWCOMER, `/join/${code}`);
    const form = page.getByTestId('join-profile');
    await form.waitFor();
    await page.getByTestId('join-community').click();
    await page.getByText('请填写称呼').waitFor(); // no name yet: a clear message, nothing sent
    await page.getByTestId('member-display-name').locator('input').fill('李阿姨');
    await page.getByTestId('member-door-number').locator('input').fill('5号楼301');
    await form.scrollIntoViewIfNeeded();
    await shot(page, 'members-01-join-name-and-door', { fullPage: false });
    await page.getByTestId('join-community').click();
    await page.waitForURL(`**/c/${communityId}**`);
    const [m] = await h.rows<{ user_id: string; display_name: string; door_number: string }>(sql`
      select m.user_id, m.display_name, m.door_number from memberships m join users u on u.id = m.user_id where u.phone = ${NEWCOMER} and m.community_id = ${communityId}`);
    expect(m).toMatchObject({ display_name: '李阿姨', door_number: '5号楼301' });

    // She buys strawberries (paid), so she is on today's pick list.
    const item = await h.one<{ id: string; pickup_start_at: Date }>(sql`select i.id, g.pickup_start_at from group_buy_items i join group_buys g on g.id = i.group_buy_id where g.id = ${liveGroupBuyId} order by i.position limit 1`);
    const { order, payment } = await checkout(h.database.db, h.payments, { userId: m.user_id, communityId, lines: [{ itemId: item.id, quantity: 1 }], idempotencyKey: 'e2e-members-li' }, 15, h.now());
    const [p] = await h.rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${payment!.paymentId}`);
    await handlePaymentSucceeded(h.database.db, h.payments, p.provider_ref, order.totalFen, h.now());

    // 王叔's members page: newest first, her name and 门牌; he searches by 门牌 and writes a note.
    const lctx = await phoneContext(h);
    const leader = watch(await lctx.newPage(), '王叔');
    await logInThroughPage(h, leader, LEADER, `/leader/${communityId}/members`);
    const first = leader.getByTestId('member-row').first();
    await first.waitFor();
    expect(await first.getByTestId('member-name').textContent()).toBe('李阿姨');
    expect(await first.getByTestId('member-door').textContent()).toBe('5号楼301');
    await shot(leader, 'members-02-leader-list', { fullPage: false });
    await leader.getByTestId('members-search').locator('input').fill('5号楼');
    await expect.poll(() => leader.getByTestId('member-row').count()).toBe(1);
    await leader.getByTestId('member-edit-note').click();
    await leader.getByTestId('member-note-input').locator('textarea:not([readonly])').fill('腿脚不便，货放一楼');
    await shot(leader, 'members-03-note-dialog', { fullPage: false });
    await leader.getByRole('button', { name: '保存' }).click();
    await leader.getByTestId('member-note').filter({ hasText: '腿脚不便，货放一楼' }).waitFor();
    await toastsGone(leader);
    await shot(leader, 'members-04-noted', { fullPage: false });
    const [note] = await h.rows<{ note: string }>(sql`select note from member_notes where community_id = ${communityId} and user_id = ${m.user_id}`);
    expect(note.note).toBe('腿脚不便，货放一楼');

    // His pick list for her pickup day names her with her 门牌.
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(item.pickup_start_at));
    await leader.goto(`/leader/${communityId}/pick-list?date=${date}`);
    const row = leader.getByTestId('pick-list-row').filter({ has: leader.getByTestId('pick-row-door').filter({ hasText: '5号楼301' }) });
    await row.waitFor();
    expect(await row.locator('.pick-row-name').textContent()).toBe('李阿姨');
    await row.scrollIntoViewIfNeeded();
    await shot(leader, 'members-05-pick-list', { fullPage: false });

    // A neighbour looks at the same group buy: no 门牌 anywhere, and no members page for her.
    const nctx = await phoneContext(h);
    const neighbour = watch(await nctx.newPage(), '小林');
    await logInThroughPage(h, neighbour, NEIGHBOUR, `/g/${liveGroupBuyId}`);
    await neighbour.getByTestId('gb-item').first().waitFor();
    expect(await neighbour.locator('body').textContent()).not.toContain('5号楼301');
    const directory = await neighbour.request.get(`/api/communities/${communityId}/members/directory`);
    expect(directory.status()).toBe(403);
    expect(await directory.text()).not.toContain('5号楼301');
    await shot(neighbour, 'members-06-neighbour-group-buy', { fullPage: false });

    // 李阿姨 changes her 门牌 later from 我的.
    await page.goto(`/c/${communityId}/me`);
    await page.getByTestId('my-membership').waitFor();
    expect(await page.getByTestId('member-door-number').locator('input').inputValue()).toBe('5号楼301');
    await shot(page, 'members-07-my-membership', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
