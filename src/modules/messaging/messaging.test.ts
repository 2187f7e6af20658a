import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../testing/app.js';
import { buildWorld, call, joinedResident, orderAndPay, upload, type Actor } from '../../testing/world.js';
import { databaseFingerprint } from '../../testing/fingerprint.js';
import { scenePhoto } from '../../db/sample-photos.js';
import { MESSAGE_LIMITS } from './service.js';
import { UNMASKED_MOBILE } from '../../testing/phone.js';

/**
 * Private messages between a resident and her community's leaders, through the HTTP API against
 * the database: who may write to whom, unread counts, the rate limit's boundary, moderation shared
 * with the feed, photos for the two sides only, and no phone number in any answer.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let li: Actor;
let zhang: Actor;
let order: { id: string; totalFen: number };
/** Every answer body read in this file, checked for phone numbers at the end. */
const seen: string[] = [];

async function as(actor: Actor | null, method: string, url: string, body?: unknown) {
  const res = await call(t, actor, method, url, body);
  seen.push(JSON.stringify(res.body));
  return res;
}
const say = (actor: Actor, body: string, extra: Record<string, unknown> = {}) => as(actor, 'POST', `/api/communities/${world.community.id}/conversation/messages`, { body, ...extra });
const inbox = () => as(world.leader, 'GET', `/api/communities/${world.community.id}/inbox`);

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0, stock: 50 });
  li = await joinedResident(t, world.community, '李秀英');
  zhang = await joinedResident(t, world.community, '张伟');
  // Her name here and her 门牌 (given on joining; the members branch writes them through its own screen).
  await t.database.db.execute(sql`update memberships set display_name = '李阿姨', door_number = '3号楼 502' where user_id = ${li.userId}`);
  order = await orderAndPay(t, li, world.groupBuy.id, 2);
});
afterAll(async () => { await t?.close(); });

describe('a resident writes to her leader and he answers from his inbox', () => {
  it('she asks about her order with a photo; he sees it unread with the order beside it, her name and 门牌; he answers and she is told', async () => {
    const empty = await as(li, 'GET', `/api/communities/${world.community.id}/conversation`);
    expect(empty.body).toMatchObject({ id: null, messages: [], unread: 0, leaders: [{ name: '王叔', title: '生活顾问' }], resident: { name: '李阿姨', doorNumber: null } });

    const photo = await sharp(await scenePhoto(4)).withExif({ IFD0: { Make: 'Li phone' } }).jpeg().toBuffer();
    const sent = await upload(t, li, `/api/communities/${world.community.id}/conversation/messages`,
      { payload: JSON.stringify({ body: '王叔，草莓有两颗压坏了，看看图', orderId: order.id }) }, [{ field: 'photos', filename: 'berry.jpg', bytes: photo, type: 'image/jpeg' }]);
    seen.push(JSON.stringify(sent.body));
    expect(sent.status).toBe(201);
    const conversationId = sent.body.message.conversationId;
    expect(sent.body.conversation.messages).toHaveLength(1);
    expect(sent.body.conversation.messages[0]).toMatchObject({ authorRole: 'resident', authorName: '李阿姨', mine: true, body: '王叔，草莓有两颗压坏了，看看图', orderId: order.id, hidden: false });

    const box = await inbox();
    expect(box.body).toMatchObject({ unreadTotal: 1, waitingConversations: 1, hasMore: false });
    expect(box.body.items).toEqual([expect.objectContaining({
      id: conversationId, unread: 1, resident: { name: '李阿姨', doorNumber: '3号楼 502' },
      lastMessage: { authorRole: 'resident', hidden: false, excerpt: '王叔，草莓有两颗压坏了，看看图', photos: 1, withOrder: true },
    })]);
    const notices = await as(world.leader, 'GET', '/api/notifications');
    expect(notices.body.items[0]).toMatchObject({ kind: 'message_for_leader', link: `/leader/${world.community.id}/messages/${conversationId}` });

    const opened = await as(world.leader, 'GET', `/api/conversations/${conversationId}`);
    expect(opened.body).toMatchObject({ side: 'leader', unread: 1, resident: { name: '李阿姨', doorNumber: '3号楼 502' } });
    expect(opened.body.orders).toEqual([expect.objectContaining({
      id: order.id, status: 'paid', totalFen: order.totalFen,
      lines: [expect.objectContaining({ groupBuyTitle: world.groupBuy.title, productName: '有机草莓', quantity: 2, groupNumber: expect.any(Number), status: 'paid' })],
    })]);
    // The photo: re-encoded without its EXIF, for him; not for a neighbour.
    const url = opened.body.messages[0].photos[0];
    const file = await t.app.inject({ method: 'GET', url, headers: { cookie: world.leader.cookie } });
    expect(file.statusCode).toBe(200);
    expect((await sharp(file.rawPayload).metadata()).exif).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url, headers: { cookie: zhang.cookie } })).statusCode).toBe(404);

    expect((await as(world.leader, 'POST', `/api/conversations/${conversationId}/read`)).body).toEqual({ id: conversationId, unread: 0 });
    expect((await inbox()).body).toMatchObject({ unreadTotal: 0, waitingConversations: 0 });

    const answer = await as(world.leader, 'POST', `/api/conversations/${conversationId}/messages`, { body: '不好意思李阿姨，明天取货时给您换两盒新的' });
    expect(answer.status).toBe(201);
    const hers = await as(li, 'GET', `/api/communities/${world.community.id}/conversation`);
    expect(hers.body).toMatchObject({ id: conversationId, unread: 1, side: 'resident' });
    expect(hers.body.messages.map((m: { authorName: string; body: string; mine: boolean }) => [m.authorName, m.mine, m.body])).toEqual([
      ['李阿姨', true, '王叔，草莓有两颗压坏了，看看图'], ['王叔', false, '不好意思李阿姨，明天取货时给您换两盒新的'],
    ]);
    const herNotices = await as(li, 'GET', '/api/notifications');
    expect(herNotices.body.items[0]).toMatchObject({ kind: 'message_from_leader', link: `/c/${world.community.id}/messages` });
    expect(herNotices.body.items[0].title).toContain('王叔');
    await as(li, 'POST', `/api/conversations/${conversationId}/read`);
    expect((await as(li, 'GET', `/api/communities/${world.community.id}/conversation`)).body.unread).toBe(0);
  });

  it('counts unread exactly: per conversation and in total, newest conversation first; one notice per unread run', async () => {
    const before = (await as(world.leader, 'GET', '/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'message_for_leader').length;
    for (const text of ['还有一件事', '鸡蛋什么时候开团？']) expect((await say(li, text)).status).toBe(201);
    t.clock.advance(1000);
    for (const text of ['王叔好', '我的门牌写错了', '是 7 号楼']) expect((await say(zhang, text)).status).toBe(201);
    const box = await inbox();
    expect(box.body).toMatchObject({ unreadTotal: 5, waitingConversations: 2 });
    expect(box.body.items.map((i: { resident: { name: string }; unread: number }) => [i.resident.name, i.unread])).toEqual([['张伟', 3], ['李阿姨', 2]]);
    const after = (await as(world.leader, 'GET', '/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'message_for_leader').length;
    expect(after - before).toBe(2); // one for 李阿姨's new run, one for 张伟's first message

    await as(world.leader, 'POST', `/api/conversations/${box.body.items[0].id}/read`);
    expect((await inbox()).body).toMatchObject({ unreadTotal: 2, waitingConversations: 1 });
    // Answering reads the conversation too.
    await as(world.leader, 'POST', `/api/conversations/${box.body.items[1].id}/messages`, { body: '下周一开团' });
    expect((await inbox()).body).toMatchObject({ unreadTotal: 0, waitingConversations: 0 });
    expect((await as(li, 'GET', `/api/communities/${world.community.id}/conversation`)).body.unread).toBe(1);
  });

  it('pages back to older messages', async () => {
    const lin = await joinedResident(t, world.community, '林');
    const first = await say(lin, '第 1 条');
    const id = first.body.message.conversationId;
    for (let i = 2; i <= 35; i++) await as(world.leader, 'POST', `/api/conversations/${id}/messages`, { body: `第 ${i} 条` });
    const latest = await as(lin, 'GET', `/api/conversations/${id}`);
    expect(latest.body.messages).toHaveLength(MESSAGE_LIMITS.page);
    expect(latest.body.hasMore).toBe(true);
    expect(latest.body.messages.at(-1).body).toBe('第 35 条');
    expect(latest.body.messages[0].body).toBe('第 6 条');
    const older = await as(lin, 'GET', `/api/communities/${world.community.id}/conversation?before=${latest.body.messages[0].id}`);
    expect(older.body.messages.map((m: { body: string }) => m.body)).toEqual(['第 1 条', '第 2 条', '第 3 条', '第 4 条', '第 5 条']);
    expect(older.body.hasMore).toBe(false);
  });
});

describe('limits and moderation', () => {
  it(`lets exactly ${MESSAGE_LIMITS.perMinute} messages through in a minute and refuses the next, changing nothing`, async () => {
    const wu = await joinedResident(t, world.community, '吴');
    for (let i = 1; i <= MESSAGE_LIMITS.perMinute; i++) expect((await say(wu, `第 ${i} 条`)).status).toBe(201);
    const before = await databaseFingerprint(t);
    const refused = await say(wu, '再来一条');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'message.rate_limited_minute', message: `发得太快了：每分钟最多 ${MESSAGE_LIMITS.perMinute} 条，稍等一下再发` });
    // A photo with it is refused before its bytes are stored.
    const files = t.storage.files.size;
    const withPhoto = await upload(t, wu, `/api/communities/${world.community.id}/conversation/messages`, { payload: JSON.stringify({ body: '看图' }) }, [{ field: 'photos', filename: 'a.jpg', bytes: await scenePhoto(2), type: 'image/jpeg' }]);
    expect(withPhoto.status).toBe(429);
    expect(t.storage.files.size).toBe(files);
    expect(await databaseFingerprint(t)).toEqual(before);
    t.clock.advance(61_000);
    expect((await say(wu, '过了一分钟')).status).toBe(201);
  });

  it(`a burst sent at once still lets exactly ${MESSAGE_LIMITS.perMinute} through`, async () => {
    const sun = await joinedResident(t, world.community, '孙');
    const answers = await Promise.all(Array.from({ length: MESSAGE_LIMITS.perMinute + 3 }, (_, i) => say(sun, `一起发 ${i}`)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(MESSAGE_LIMITS.perMinute);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(3);
    const rows = (await t.database.db.execute(sql`select count(*)::int as n from messages where author_id = ${sun.userId}`)) as unknown as { rows: { n: number }[] };
    expect(Number(rows.rows[0].n)).toBe(MESSAGE_LIMITS.perMinute);
    const box = await inbox();
    expect(box.body.items.find((i: { resident: { name: string } }) => i.resident.name === '孙').unread).toBe(MESSAGE_LIMITS.perMinute);
  });

  it(`lets exactly ${MESSAGE_LIMITS.perDay} messages through in a day and refuses the next`, async () => {
    const zhao = await joinedResident(t, world.community, '赵');
    for (let i = 1; i <= MESSAGE_LIMITS.perDay; i++) {
      if (i % MESSAGE_LIMITS.perMinute === 1) t.clock.advance(61_000);
      const r = await say(zhao, `第 ${i} 条`);
      expect(r.status).toBe(201);
    }
    t.clock.advance(61_000);
    const before = await databaseFingerprint(t);
    const refused = await say(zhao, `第 ${MESSAGE_LIMITS.perDay + 1} 条`);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('message.rate_limited_day');
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('refuses empty, too long and blocked text with a clear message (the same word check as posts), changing nothing', async () => {
    const before = await databaseFingerprint(t);
    const empty = await say(li, '   ');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'message.body_length', message: `消息 1–${MESSAGE_LIMITS.body} 个字` });
    const long = await say(li, '好'.repeat(MESSAGE_LIMITS.body + 1));
    expect(long.body.error.code).toBe('message.body_length');
    expect((await say(li, '好'.repeat(MESSAGE_LIMITS.body))).status).toBe(201);
    const mid = await databaseFingerprint(t);
    const blocked = await say(li, '有人在群里拉 赌 博，团长管管');
    expect(blocked.status).toBe(400);
    expect(blocked.body.error).toMatchObject({ code: 'feed.blocked_word', message: '内容里有不允许发布的词（赌博），请修改后再发' });
    const post = await as(li, 'POST', `/api/communities/${world.community.id}/posts`, { kind: 'question', body: '谁想一起赌博' });
    expect(post.body.error.code).toBe('feed.blocked_word');
    const tooMany = await upload(t, li, `/api/communities/${world.community.id}/conversation/messages`, { payload: JSON.stringify({ body: '图' }) },
      await Promise.all(Array.from({ length: MESSAGE_LIMITS.photos + 1 }, async (_, i) => ({ field: 'photos', filename: `${i}.jpg`, bytes: await scenePhoto(i), type: 'image/jpeg' }))));
    expect(tooMany.body.error.code).toBe('message.too_many_photos');
    expect(await databaseFingerprint(t)).toEqual(mid);
    expect(before).not.toEqual(mid);
  });

  it('an operator hides a message with a kept reason; both sides see it was hidden and why, not what it said', async () => {
    const sent = await say(zhang, '加我私人号，便宜卖你');
    const id = sent.body.conversation.messages.at(-1).id;
    const convId = sent.body.message.conversationId;
    const before = await databaseFingerprint(t);
    expect((await as(world.leader, 'POST', `/api/messages/${id}/hide`, { reason: '广告' })).status).toBe(403);
    expect((await as(zhang, 'POST', `/api/messages/${id}/hide`, { reason: '广告' })).status).toBe(403);
    expect((await as(world.operator, 'POST', `/api/messages/${id}/hide`, { reason: '' })).body.error.code).toBe('feed.reason_required');
    expect(await databaseFingerprint(t)).toEqual(before);
    expect((await as(world.operator, 'POST', `/api/messages/${id}/hide`, { reason: '站外交易广告' })).body).toEqual({ id, hidden: true });
    for (const viewer of [zhang, world.leader]) {
      const c = await as(viewer, 'GET', `/api/conversations/${convId}`);
      expect(c.body.messages.at(-1)).toMatchObject({ id, hidden: true, hiddenReason: '站外交易广告', body: null, photos: [] });
    }
    const events = (await t.database.db.execute(sql`select payload from domain_events where type = 'message.hidden' and subject_id = ${id}`)) as unknown as { rows: { payload: { reason: string } }[] };
    expect(events.rows.map((r) => r.payload.reason)).toEqual(['站外交易广告']);
    // An operator reads but does not write in anyone's name.
    expect((await as(world.operator, 'POST', `/api/conversations/${convId}/messages`, { body: '你好' })).status).toBe(403);
  });
});

describe('writing to the wrong leader or about the wrong order', () => {
  it('refuses a community she does not belong to, another person\'s order, and a leader writing to himself, changing nothing', async () => {
    const other = await call(t, world.operator, 'POST', '/api/communities', { name: '别的小区', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
    const otherLeader = await sessionCookie(t, { name: '李叔' });
    await call(t, world.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
    const zhangOrder = await orderAndPay(t, zhang, world.groupBuy.id, 1);
    const before = await databaseFingerprint(t);

    const elsewhere = await as(li, 'POST', `/api/communities/${other.body.id}/conversation/messages`, { body: '李叔你好' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatchObject({ code: 'message.not_member', message: '你还不是这个社区的成员，只能给自己社区的团长发消息' });
    expect((await as(li, 'GET', `/api/communities/${other.body.id}/conversation`)).status).toBe(403);
    const hisOrder = await say(li, '这单是我的吗', { orderId: zhangOrder.id });
    expect(hisOrder.status).toBe(400);
    expect(hisOrder.body.error).toMatchObject({ code: 'message.order_invalid', message: '只能附上你自己在这个社区的订单' });
    expect((await say(li, '不存在的单', { orderId: '00000000-0000-4000-8000-000000000000' })).body.error.code).toBe('message.order_invalid');
    expect((await say(world.leader, '给自己发')).body.error.code).toBe('message.leader_is_you');
    expect((await as(otherLeader, 'GET', `/api/communities/${world.community.id}/inbox`)).status).toBe(403);
    const liConversation = (await as(li, 'GET', `/api/communities/${world.community.id}/conversation`)).body.id;
    expect((await as(otherLeader, 'GET', `/api/conversations/${liConversation}`)).status).toBe(404);
    expect((await as(zhang, 'GET', `/api/conversations/${liConversation}`)).status).toBe(404);
    expect((await as(otherLeader, 'POST', `/api/conversations/${liConversation}/messages`, { body: '我来回答' })).status).toBe(404);
    expect((await as(li, 'GET', '/api/communities/00000000-0000-4000-8000-000000000000/conversation')).status).toBe(404);
    expect(await databaseFingerprint(t)).toEqual(before);
    // A leader may point to the resident's own order when answering; not to someone else's.
    expect((await as(world.leader, 'POST', `/api/conversations/${liConversation}/messages`, { body: '这单', orderId: zhangOrder.id })).body.error.code).toBe('message.order_invalid');
    expect((await as(world.leader, 'POST', `/api/conversations/${liConversation}/messages`, { body: '这单', orderId: order.id })).status).toBe(201);
  });

  it('shows no phone number in any answer', () => {
    expect(seen.length).toBeGreaterThan(50);
    const phones = [li, zhang, world.leader, world.operator].map((a) => a.phone);
    for (const body of seen) {
      expect(body).not.toMatch(UNMASKED_MOBILE);
      for (const p of phones) expect(body).not.toContain(p.slice(-8));
    }
  });
});
