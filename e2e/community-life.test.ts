import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, dialogOpen, logInThroughPage, phoneContext, shot, startHarness, type Harness } from './harness.js';
import { createGathering } from '../src/modules/gatherings/service.js';

/**
 * Community life as people meet it: the young mother asks about baby food, 王叔 answers with a
 * group-buy link and she opens it; 李阿姨 signs up for a tasting event and is checked in by
 * scanning the venue's QR code.
 */
describe.skipIf(!browserAvailable())('browser: Q&A with a group-buy link, an event with check-in', { timeout: JOURNEY_TIMEOUT }, () => {
  let h: Harness;
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await h.database.db.execute(q)) as unknown as { rows: T[] }).rows;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('小林 asks about baby food with @团长; 王叔 answers with a group-buy link; she opens it', async () => {
    const mother = await phoneContext(h);
    const page = await mother.newPage();
    await logInThroughPage(h, page, '13800000003', `/c/${h.seed.communityId}/ask`);
    await page.getByTestId('ask-text').fill('有推荐的儿童辅食吗？宝宝快6个月了');
    await page.getByTestId('ask-mention').click();
    await page.getByTestId('ask-submit').click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    const questionId = page.url().split('/').at(-1)!;
    expect(await page.getByTestId('post-body').textContent()).toContain('宝宝快6个月了');
    await shot(page, '60-question-asked');

    // 王叔 sees it on his to-do list and answers with the live strawberry group buy.
    const leaderCtx = await phoneContext(h);
    const leader = await leaderCtx.newPage();
    await logInThroughPage(h, leader, '13800000001', `/leader/${h.seed.communityId}/questions`);
    const open = leader.getByTestId('open-question').filter({ hasText: '宝宝快6个月了' });
    await open.waitFor();
    await shot(leader, '61-leader-open-questions');
    await open.getByTestId('answer-question').click();
    await leader.getByTestId('answer-input').locator('textarea').first().fill('我给孙子试过丹东草莓，宝宝 6 个月先从米粉开始，水果泥晚一点加。这个团可以看看：');
    await leader.getByTestId('answer-link-picker').click();
    await leader.getByTestId('answer-link-option').first().click();
    await leader.getByTestId('answer-link-done').click();
    await leader.getByTestId('answer-submit').click();
    await expect.poll(async () => (await rows<{ n: number }>(sql`select count(*)::int as n from comments where post_id = ${questionId} and jsonb_array_length(links) = 1`))[0].n).toBe(1);
    await leaderCtx.close();

    // She is told, opens her question, marks the answer helpful and follows the link.
    await page.goto(`/c/${h.seed.communityId}/posts/${questionId}`);
    const link = page.getByTestId('comment-link').first();
    await link.waitFor();
    await page.getByTestId('helpful-button').first().click();
    await dialogOpen(page);
    await page.locator('.adm-dialog').getByRole('button', { name: '有用' }).click();
    await expect.poll(async () => (await rows<{ helpful: string | null }>(sql`select helpful_comment_id as helpful from posts where id = ${questionId}`))[0].helpful).not.toBeNull();
    await shot(page, '62-question-answered');
    await link.click();
    await page.waitForURL(`**/g/${h.seed.liveGroupBuyId}`);
    await page.getByText('丹东有机草莓').first().waitFor();
    const notices = await rows<{ kind: string }>(sql`select n.kind from notifications n join users u on u.id = n.user_id where u.phone = '13800000003' and n.kind = 'answer_to_question'`);
    expect(notices.length).toBe(1);
    await mother.close();
  });

  it('李阿姨 signs up for a tasting event and is checked in with the venue QR', async () => {
    // The seeded tasting is tomorrow; this one starts in half an hour, so check-in is open.
    const now = h.now();
    const event = await createGathering(h.database.db, h.seed.leaderId, h.seed.communityId, {
      kind: 'offline', title: '冬季草莓品鉴会', description: '老周带草莓来驿站，一起尝一尝。', startsAt: new Date(now.getTime() + 30 * 60_000), endsAt: new Date(now.getTime() + 150 * 60_000),
      place: '3 号楼门口王叔便民驿站', capacity: 10,
    }, now);
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/events/${event.id}`);
    await page.getByTestId('event-signup').click();
    await page.locator('[data-testid="event-mine"].r-ev-mine-confirmed').waitFor();
    expect((await rows<{ status: string }>(sql`select s.status from gathering_signups s join users u on u.id = s.user_id where s.gathering_id = ${event.id} and u.phone = '13800000002'`))[0].status).toBe('confirmed');
    await shot(page, '63-event-signed-up');
    // At the venue she scans 王叔's QR code, which opens the check-in address.
    await page.goto(`/events/${event.id}/check-in?token=${event.checkInToken}`);
    const status = page.getByTestId('checkin-status');
    await expect.poll(async () => status.getAttribute('data-state')).toBe('success');
    await shot(page, '64-checked-in');
    const [signup] = await rows<{ checked_in_at: Date | null }>(sql`select s.checked_in_at from gathering_signups s join users u on u.id = s.user_id where s.gathering_id = ${event.id} and u.phone = '13800000002'`);
    expect(signup.checked_in_at).not.toBeNull();
    await ctx.close();

    // 王叔's venue page shows the QR and her tick.
    const leaderCtx = await phoneContext(h);
    const leader = await leaderCtx.newPage();
    await logInThroughPage(h, leader, '13800000001', `/leader/${h.seed.communityId}/events/${event.id}/check-in`);
    await leader.getByTestId('event-qr').first().waitFor();
    await expect.poll(async () => leader.locator('[data-testid="attendee-row"][data-checked-in="true"]').count()).toBe(1);
    await shot(leader, '65-leader-venue-qr');
    await leaderCtx.close();
  });

  it('the feed shows 王叔’s pinned notice first and renders markup as plain text', async () => {
    await h.database.db.execute(sql`insert into posts (community_id, author_id, kind, body) values (${h.seed.communityId}, ${h.seed.leaderId}, 'tip', '<img src=x onerror="window.__pwned=1"> 小贴士')`);
    const ctx = await phoneContext(h);
    const page = await ctx.newPage();
    await logInThroughPage(h, page, '13800000002', `/c/${h.seed.communityId}?view=feed`);
    const first = page.getByTestId('feed-item').first();
    await first.waitFor();
    expect(await first.getAttribute('data-pinned')).toBe('true');
    await page.getByText('<img src=x onerror="window.__pwned=1"> 小贴士').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await shot(page, '66-feed');
    await ctx.close();
  });
});
