import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { scenePhoto } from '../src/db/sample-photos.js';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, watchErrors, type Harness } from './harness.js';
import { UNMASKED_MOBILE } from '../src/testing/phone.js';

/**
 * On a 390×844 phone: 李阿姨 opens her order, taps 「联系团长」 and writes to 王叔 about it with a
 * photo; 王叔 sees the unread badge on his dashboard, opens his inbox and the conversation (her
 * order beside the message, with its 跟团号), and answers; she sees his answer. No phone number
 * shows on any of these screens.
 */
describe.skipIf(!browserAvailable())('browser: 李阿姨 messages 王叔 about her order', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LI = '13800000002';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('she writes with a photo about her order; he sees the badge, opens the inbox, answers; she reads it', async () => {
    const { communityId, residents } = h.seed;
    const order = await h.one<{ id: string }>(sql`select id from orders where user_id = ${residents[0]} and status = 'paid' order by created_at desc limit 1`);

    const liContext = await phoneContext(h);
    const li = watch(await liContext.newPage(), '李阿姨');
    await logInThroughPage(h, li, LI, `/c/${communityId}`);
    await li.getByTestId('contact-leader').waitFor();
    await shot(li, 'messages-00-resident-home-contact', { fullPage: false });
    await li.goto(`/orders/${order.id}`);
    await li.getByTestId('contact-leader').click();
    await li.waitForURL(`**/c/${communityId}/messages?order=${order.id}`);
    await li.getByTestId('message-attached-order').waitFor();
    await li.getByTestId('message-empty').waitFor();
    await shot(li, 'messages-01-resident-order-attached', { fullPage: false });

    await li.getByTestId('message-input').locator('textarea:not([readonly])').fill('王叔，今天的草莓有两盒压坏了，照片在这里，麻烦看看怎么处理？');
    await li.getByTestId('message-photo-input').setInputFiles({ name: 'berries.jpg', mimeType: 'image/jpeg', buffer: await scenePhoto(5) });
    await li.getByTestId('message-send').click();
    await li.getByTestId('message-body').first().waitFor();
    await expect.poll(() => li.getByTestId('message-photo').count()).toBe(1);
    expect(await li.getByTestId('message-attached-order').count()).toBe(0);
    await li.getByTestId('message-order').first().waitFor();
    await shot(li, 'messages-02-resident-sent', { fullPage: false });

    const wangContext = await phoneContext(h);
    const wang = watch(await wangContext.newPage(), '王叔');
    await logInThroughPage(h, wang, LEADER, `/leader/${communityId}`);
    const badge = wang.getByTestId('messages-unread');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
    await wang.getByTestId('messages-link').scrollIntoViewIfNeeded();
    await shot(wang, 'messages-03-leader-dashboard-badge', { fullPage: false });
    await wang.getByTestId('messages-link').click();
    await wang.waitForURL(`**/leader/${communityId}/messages`);
    const item = wang.getByTestId('inbox-item');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.first().getByTestId('inbox-unread').textContent()).toBe('1');
    await expect.poll(() => item.first().textContent()).toContain('李阿姨');
    await shot(wang, 'messages-04-leader-inbox', { fullPage: false });

    await item.first().click();
    await wang.getByTestId('conversation-resident').waitFor();
    const card = wang.getByTestId('message-order').first();
    await card.waitFor();
    expect(await card.textContent()).toMatch(/跟团号 \d+/);
    await expect.poll(() => wang.getByTestId('message-photo').count()).toBe(1);
    await shot(wang, 'messages-05-leader-conversation', { fullPage: false });

    await wang.getByTestId('message-input').locator('textarea:not([readonly])').fill('李阿姨不好意思！明天取货时我给您换两盒新的，压坏的不用退回。');
    await wang.getByTestId('message-send').click();
    await expect.poll(() => wang.getByTestId('message-body').count()).toBe(2);
    await shot(wang, 'messages-06-leader-answered', { fullPage: false });
    // Read and answered: the inbox shows nothing waiting.
    await wang.goto(`/leader/${communityId}/messages`);
    await wang.getByTestId('inbox-item').first().waitFor();
    expect(await wang.getByTestId('inbox-unread').count()).toBe(0);

    await li.reload();
    await expect.poll(() => li.getByTestId('message-body').count()).toBe(2);
    expect(await li.getByTestId('message-body').nth(1).textContent()).toContain('明天取货时我给您换两盒新的');
    await shot(li, 'messages-07-resident-sees-answer', { fullPage: false });

    for (const p of [li, wang]) expect(await p.locator('body').innerText()).not.toMatch(UNMASKED_MOBILE);
    expect(pageErrors).toEqual([]);
  });
});
