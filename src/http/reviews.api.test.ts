import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, deliverAndReceive, joinedResident, multipart, openGroupBuy, orderAndPay, pickupCode, upload, type Actor } from '../testing/world.js';
import { scenePhoto } from '../db/sample-photos.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
/** 李阿姨 bought and collected; 张大哥 bought, not yet collected; the rest collected too (for counts). */
let li: Actor;
let zhang: Actor;
let others: Actor[];
const lineOf = new Map<string, string>();
let gbId: string;
let itemId: string;

const q = async <T>(text: ReturnType<typeof sql>) => ((await t.database.db.execute(text)) as unknown as { rows: T[] }).rows;
const reviewCount = async () => (await q<{ n: number }>(sql`select count(*)::int as n from reviews`))[0].n;
const eventsOf = async (type: string) => q<{ payload: Record<string, unknown>; subject_id: string }>(sql`select payload, subject_id from domain_events where type = ${type} order by id`);

async function post(actor: Actor, lineId: string, payload: Record<string, unknown>, photos: Buffer[] = []) {
  if (photos.length === 0) return call(t, actor, 'POST', `/api/order-lines/${lineId}/review`, payload);
  return upload(t, actor, `/api/order-lines/${lineId}/review`, { payload: JSON.stringify(payload) }, photos.map((bytes, i) => ({ field: 'images', filename: `p${i}.jpg`, bytes, type: 'image/jpeg' })));
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  li = await joinedResident(t, world.community, '李阿姨');
  zhang = await joinedResident(t, world.community, '张大哥');
  others = [];
  for (const name of ['王姐', '赵叔', '钱阿婆', '孙妈妈']) others.push(await joinedResident(t, world.community, name));
  gbId = world.groupBuy.id;
  itemId = world.groupBuy.items[0].id;
  for (const r of [li, zhang, ...others]) {
    const order = await orderAndPay(t, r, gbId);
    lineOf.set(r.userId, order.lines[0].id);
  }
  await deliverAndReceive(t, world.leader, gbId);
  // Everyone but 张大哥 collects with her code.
  for (const r of [li, ...others]) {
    const v = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/pickups/verify`, { code: await pickupCode(t, r, world.community.id) });
    if (v.status !== 200) throw new Error(JSON.stringify(v.body));
  }
});
afterAll(async () => { await t?.close(); });

describe('a review from the buyer of a handed-over line', () => {
  it('lists the line as reviewable, posts with stars, words and a photo, and records review.posted for points', async () => {
    const reviewable = await call(t, li, 'GET', '/api/me/reviewable-lines');
    expect(reviewable.status).toBe(200);
    expect(reviewable.body.items.map((l: { orderLineId: string }) => l.orderLineId)).toEqual([lineOf.get(li.userId)]);
    expect(reviewable.body.items[0]).toMatchObject({ productName: '有机草莓', productId: world.product.id, quantity: 1 });

    const res = await post(li, lineOf.get(li.userId)!, { stars: 4, body: '  很甜，个头均匀，就是有一颗压坏了  ' }, [await scenePhoto(5)]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ stars: 4, body: '很甜，个头均匀，就是有一颗压坏了', edited: false, version: 1, hidden: false, orderLineId: lineOf.get(li.userId), productId: world.product.id, versions: [] });
    expect(res.body.photos).toHaveLength(1);

    const [ev] = await eventsOf('review.posted');
    expect(ev.payload).toEqual({ reviewId: res.body.id, userId: li.userId, communityId: world.community.id, orderLineId: lineOf.get(li.userId), productId: world.product.id, stars: 4 });
    expect((await call(t, li, 'GET', '/api/me/reviewable-lines')).body.items).toEqual([]);
    const states = await call(t, li, 'GET', `/api/orders/${res.body.orderId}/review-states`);
    expect(states.body.items).toEqual([{ orderLineId: lineOf.get(li.userId), state: 'reviewed', reviewId: res.body.id }]);

    // Its photo: neighbours may see it, someone outside every community may not.
    const photoUrl = res.body.photos[0].url as string;
    expect((await t.app.inject({ method: 'GET', url: photoUrl, headers: { cookie: zhang.cookie } })).statusCode).toBe(200);
    const stranger = await sessionCookie(t, { name: '路人' });
    expect((await t.app.inject({ method: 'GET', url: photoUrl, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
  });

  it('refuses a second review of the same line, and two at once let exactly one through', async () => {
    const before = await reviewCount();
    const again = await post(li, lineOf.get(li.userId)!, { stars: 1, body: '再评一次' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('review.already_reviewed');
    expect(again.body.error.message).toContain('已经评价过');
    expect(await reviewCount()).toBe(before);

    const wang = others[0];
    const both = await Promise.all([post(wang, lineOf.get(wang.userId)!, { stars: 5 }), post(wang, lineOf.get(wang.userId)!, { stars: 5 })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await reviewCount()).toBe(before + 1);
    expect((await eventsOf('review.posted')).length).toBe(before + 1);
  });

  it('refuses a review before the hand-over, of someone else\'s line, or of nothing bought; nothing is written', async () => {
    const before = await reviewCount();
    const early = await post(zhang, lineOf.get(zhang.userId)!, { stars: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'review.not_handed_over', message: '取货之后才能评价这件商品' });

    // 张大哥 tries 赵叔's line; the leader tries it too; an id that is no line at all.
    for (const [actor, line] of [[zhang, lineOf.get(others[1].userId)!], [world.leader, lineOf.get(others[1].userId)!], [zhang, randomUUID()]] as const) {
      const res = await post(actor, line, { stars: 5 });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('review.line_not_found');
    }
    expect((await call(t, null, 'POST', `/api/order-lines/${lineOf.get(others[1].userId)}/review`, { stars: 5 })).status).toBe(401);
    expect(await reviewCount()).toBe(before);
    const states = await call(t, zhang, 'GET', `/api/orders/${randomUUID()}/review-states`);
    expect(states.status).toBe(404);
  });

  it('answers bad stars, long words and blocked words with a clear reason', async () => {
    const before = await reviewCount();
    const line = lineOf.get(others[1].userId)!;
    for (const stars of [0, 6, 3.5, -1]) {
      const res = await post(others[1], line, { stars });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'review.stars_invalid', message: '请选择 1–5 颗星' });
    }
    const long = await post(others[1], line, { stars: 3, body: '甜'.repeat(501) });
    expect(long.body.error).toMatchObject({ code: 'review.body_length', message: '评价最多 500 个字' });
    const blocked = await post(others[1], line, { stars: 3, body: '加我微信刷单返现' });
    expect(blocked.body.error.code).toBe('review.blocked_word');
    const english = await call(t, others[1], 'POST', `/api/order-lines/${line}/review`, { stars: 9 }, { 'accept-language': 'en' });
    expect(english.body.error.message).toBe('Choose 1 to 5 stars');
    const noStars = await call(t, others[1], 'POST', `/api/order-lines/${line}/review`, { body: '没有星' });
    expect(noStars.status).toBe(400);
    const tooMany = await post(others[1], line, { stars: 3 }, await Promise.all([1, 2, 3, 4, 5, 6, 7].map((s) => scenePhoto(s, { width: 64, height: 64 }))));
    expect(tooMany.status).toBe(400);
    expect(await reviewCount()).toBe(before);
  });
});

describe('what a line must have been through', () => {
  it('a hand-over recorded without her code waits for her confirmation; a disputed or refunded line cannot be reviewed', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id);
    const a = await joinedResident(t, world.community, '周阿姨');
    const b = await joinedResident(t, world.community, '吴大姐');
    const c = await joinedResident(t, world.community, '郑先生');
    const orders = new Map<Actor, { id: string; lines: { id: string }[] }>();
    for (const r of [a, b, c]) orders.set(r, await orderAndPay(t, r, gb.id));
    await deliverAndReceive(t, world.leader, gb.id);
    for (const r of [a, b]) {
      const rec = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/pickups/without-code`, { residentKey: r.userId, note: '老人家没带手机' });
      expect(rec.status).toBe(201);
    }
    const lineA = orders.get(a)!.lines[0].id;
    const waiting = await post(a, lineA, { stars: 5 });
    expect(waiting.body.error.code).toBe('review.confirm_first');
    expect((await call(t, a, 'GET', `/api/orders/${orders.get(a)!.id}/review-states`)).body.items[0].state).toBe('confirm_first');

    const [ha] = (await call(t, a, 'GET', '/api/me/handovers')).body.items as { id: string }[];
    expect((await call(t, a, 'POST', `/api/handovers/${ha.id}/confirm`)).status).toBe(200);
    expect((await post(a, lineA, { stars: 5 })).status).toBe(201);

    const [hb] = (await call(t, b, 'GET', '/api/me/handovers')).body.items as { id: string }[];
    expect((await call(t, b, 'POST', `/api/handovers/${hb.id}/dispute`, { reason: '我没有拿到货' })).status).toBe(200);
    const disputed = await post(b, orders.get(b)!.lines[0].id, { stars: 1 });
    expect(disputed.status).toBe(409);
    expect(disputed.body.error.code).toBe('review.line_not_received');

    // A line refunded before the hand-over (short delivery) never reached her.
    const lineC = orders.get(c)!.lines[0].id;
    await t.database.db.execute(sql`update order_lines set status = 'refunded', refunded_quantity = quantity where id = ${lineC}`);
    const refunded = await post(c, lineC, { stars: 2 });
    expect(refunded.body.error.code).toBe('review.line_not_received');
    expect((await q(sql`select 1 from reviews where order_line_id in (${orders.get(b)!.lines[0].id}, ${lineC})`)).length).toBe(0);
  });
});

describe('product reviews: verified mark, real counts and the distribution', () => {
  let productReviews: (actor: Actor, page?: number) => Promise<{ status: number; body: any }>;
  beforeAll(() => {
    productReviews = (actor, page = 1) => call(t, actor, 'GET', `/api/group-buys/${gbId}/items/${itemId}/reviews?page=${page}`);
  });

  it('counts every visible review whatever its stars, one decimal average, 5★ first', async () => {
    // 赵叔 1★, 钱阿婆 5★ (李阿姨 4★, 王姐 5★, 周阿姨 5★ already).
    expect((await post(others[1], lineOf.get(others[1].userId)!, { stars: 1, body: '太酸了，不推荐' })).status).toBe(201);
    expect((await post(others[2], lineOf.get(others[2].userId)!, { stars: 5 })).status).toBe(201);
    const res = await productReviews(zhang);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ count: 5, average: 4, distribution: [{ stars: 5, count: 3 }, { stars: 4, count: 1 }, { stars: 3, count: 0 }, { stars: 2, count: 0 }, { stars: 1, count: 1 }] });
    expect(res.body.total).toBe(5);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items.every((r: { verifiedPurchase: boolean }) => r.verifiedPurchase === true)).toBe(true);
    const sour = res.body.items.find((r: { stars: number }) => r.stars === 1);
    expect(sour).toMatchObject({ body: '太酸了，不推荐', author: '赵**', edited: false, mine: false });
    expect(JSON.stringify(res.body)).not.toContain(others[1].phone);
    expect(JSON.stringify(res.body)).not.toContain(others[1].userId);

    const summaries = await call(t, zhang, 'GET', `/api/group-buys/${gbId}/review-summaries`);
    expect(summaries.body.items).toEqual([{ itemId, productId: world.product.id, summary: res.body.summary }]);
    const byProduct = await call(t, li, 'GET', `/api/products/${world.product.id}/reviews`);
    expect(byProduct.body.summary).toEqual(res.body.summary);
    expect(byProduct.body.items.filter((r: { mine: boolean }) => r.mine)).toHaveLength(1);
  });

  it('pages newest first, ten at a time, with an empty page after the end', async () => {
    const rice = await call(t, world.operator, 'POST', '/api/products', { name: '五常大米', spec: '5kg', unit: '袋', origin: '黑龙江', description: '新米', imageUrls: [], listPriceFen: 6800 });
    const empty = await call(t, zhang, 'GET', `/api/products/${rice.body.id}/reviews`);
    expect(empty.body).toMatchObject({ total: 0, items: [], summary: { count: 0, average: null } });
    const page2 = await productReviews(zhang, 2);
    expect(page2.body.items).toEqual([]);
    expect(page2.body.total).toBe(5);
    const page1 = await productReviews(zhang, 1);
    const times = page1.body.items.map((r: { createdAt: string }) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('are for members: a stranger is refused, anonymous must sign in', async () => {
    const stranger = await sessionCookie(t, { name: '外人' });
    expect((await productReviews(stranger)).status).toBe(403);
    expect((await call(t, stranger, 'GET', `/api/group-buys/${gbId}/review-summaries`)).status).toBe(403);
    expect((await call(t, stranger, 'GET', `/api/products/${world.product.id}/reviews`)).status).toBe(403);
    expect((await call(t, null, 'GET', `/api/products/${world.product.id}/reviews`)).status).toBe(401);
    expect((await call(t, zhang, 'GET', `/api/group-buys/${gbId}/items/${randomUUID()}/reviews`)).status).toBe(404);
  });
});

describe('editing: the author only, earlier versions kept', () => {
  const liReview = async () => (await call(t, li, 'GET', '/api/me/reviews')).body.items[0];

  it('refuses anyone but the author — a neighbour, the leader, an operator — and changes nothing', async () => {
    const r = await liReview();
    for (const actor of [zhang, world.leader, world.operator]) {
      const res = await call(t, actor, 'PUT', `/api/reviews/${r.id}`, { stars: 1, body: '改成差评' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('review.not_author');
      expect((await call(t, actor, 'GET', `/api/reviews/${r.id}`)).status).toBe(403);
    }
    expect(await liReview()).toEqual(r);
    expect((await q(sql`select 1 from review_versions`)).length).toBe(0);
    expect((await call(t, li, 'PUT', `/api/reviews/${randomUUID()}`, { stars: 3 })).status).toBe(404);
  });

  it('lets her change stars and words; the review shows 已修改 and keeps what it said before', async () => {
    const r = await liReview();
    const bad = await call(t, li, 'PUT', `/api/reviews/${r.id}`, { stars: 7, body: '改一下' });
    expect(bad.body.error.code).toBe('review.stars_invalid');
    const foreignPhoto = await call(t, li, 'PUT', `/api/reviews/${r.id}`, { stars: 3, keepPhotoIds: [randomUUID()] });
    expect(foreignPhoto.body.error.code).toBe('review.photo_unknown');
    expect((await liReview()).version).toBe(1);

    const res = await call(t, li, 'PUT', `/api/reviews/${r.id}`, { stars: 3, body: '第二天又坏了两颗', keepPhotoIds: [r.photos[0].id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stars: 3, body: '第二天又坏了两颗', edited: true, version: 2, photos: [r.photos[0]] });
    expect(res.body.versions).toEqual([expect.objectContaining({ version: 1, stars: 4, body: '很甜，个头均匀，就是有一颗压坏了', photos: [r.photos[0].url] })]);
    const shown = (await call(t, zhang, 'GET', `/api/group-buys/${gbId}/items/${itemId}/reviews`)).body;
    expect(shown.items.find((x: { id: string }) => x.id === r.id)).toMatchObject({ stars: 3, edited: true });
    expect(shown.summary.distribution).toEqual([{ stars: 5, count: 3 }, { stars: 4, count: 0 }, { stars: 3, count: 1 }, { stars: 2, count: 0 }, { stars: 1, count: 1 }]);
    expect((await eventsOf('review.edited')).map((e) => e.payload)).toEqual([{ reviewId: r.id, userId: li.userId, version: 2, stars: 3 }]);
    // A new photo in place of the old one (multipart, as the web app sends it): version 3, the old photo kept in version 2.
    const body = multipart({ payload: JSON.stringify({ stars: 3, body: '第二天又坏了两颗', keepPhotoIds: [] }) }, [{ field: 'images', filename: 'b.jpg', bytes: await scenePhoto(11), type: 'image/jpeg' }]);
    const put = await t.app.inject({ method: 'PUT', url: `/api/reviews/${r.id}`, headers: { ...body.headers, cookie: li.cookie }, payload: body.payload });
    expect(put.statusCode).toBe(200);
    const third = put.json();
    expect(third).toMatchObject({ version: 3, edited: true });
    expect(third.photos).toHaveLength(1);
    expect(third.photos[0].id).not.toBe(r.photos[0].id);
    expect(third.versions.map((v: { version: number; photos: string[] }) => [v.version, v.photos])).toEqual([[2, [r.photos[0].url]], [1, [r.photos[0].url]]]);
    // Kept versions cannot be rewritten, even in SQL.
    await expect(t.database.db.execute(sql`update review_versions set body = '改写历史'`)).rejects.toThrow();
  });
});

describe('moderation: operators hide abuse with a kept reason, leaders cannot hide', () => {
  const sourId = async () => (await call(t, others[1], 'GET', '/api/me/reviews')).body.items[0].id as string;

  it('refuses a leader\'s and a resident\'s attempt to hide a review, and changes nothing', async () => {
    const id = await sourId();
    for (const actor of [world.leader, zhang, others[1]]) {
      const res = await call(t, actor, 'POST', `/api/reviews/${id}/hide`, { reason: '差评影响销量' });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'review.operator_only', message: '只有平台运营可以隐藏或恢复评价' });
    }
    expect((await call(t, world.leader, 'GET', '/api/console/reviews')).status).toBe(403);
    expect((await call(t, zhang, 'GET', '/api/console/reviews')).status).toBe(403);
    expect((await q(sql`select 1 from review_moderation`)).length).toBe(0);
    expect((await call(t, zhang, 'GET', `/api/group-buys/${gbId}/items/${itemId}/reviews`)).body.summary.count).toBe(5);
  });

  it('hides with a reason the author reads; counts drop by that review only; unhide restores it; the audit keeps both', async () => {
    const id = await sourId();
    const noReason = await call(t, world.operator, 'POST', `/api/reviews/${id}/hide`, { reason: ' ' });
    expect(noReason.body.error.code).toBe('review.reason_length');

    const queue = await call(t, world.operator, 'GET', '/api/console/reviews?status=visible');
    expect(queue.body.total).toBe(5);
    expect(queue.body.items.find((x: { id: string }) => x.id === id)).toMatchObject({ stars: 1, author: '赵**', communityName: '测试小区', productName: '有机草莓', hidden: false });

    const hidden = await call(t, world.operator, 'POST', `/api/reviews/${id}/hide`, { reason: '含有对他人的人身攻击' });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toEqual({ id, hidden: true, hiddenReason: '含有对他人的人身攻击' });
    expect((await call(t, world.operator, 'POST', `/api/reviews/${id}/hide`, { reason: '再隐藏一次' })).body.error.code).toBe('review.already_hidden');

    const mine = (await call(t, others[1], 'GET', '/api/me/reviews')).body.items[0];
    expect(mine).toMatchObject({ id, hidden: true, hiddenReason: '含有对他人的人身攻击' });
    const shown = (await call(t, zhang, 'GET', `/api/group-buys/${gbId}/items/${itemId}/reviews`)).body;
    expect(shown.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect(shown.summary).toMatchObject({ count: 4, distribution: [{ stars: 5, count: 3 }, { stars: 4, count: 0 }, { stars: 3, count: 1 }, { stars: 2, count: 0 }, { stars: 1, count: 0 }] });
    const hiddenQueue = await call(t, world.operator, 'GET', '/api/console/reviews?status=hidden');
    expect(hiddenQueue.body.items.map((x: { id: string }) => x.id)).toEqual([id]);

    const shownAgain = await call(t, world.operator, 'POST', `/api/reviews/${id}/unhide`, { reason: '复核后恢复：批评属实' });
    expect(shownAgain.body).toEqual({ id, hidden: false, hiddenReason: null });
    expect((await call(t, zhang, 'GET', `/api/group-buys/${gbId}/items/${itemId}/reviews`)).body.summary.count).toBe(5);
    const audit = await q<{ action: string; reason: string; actor_id: string }>(sql`select action, reason, actor_id from review_moderation where review_id = ${id} order by created_at, action`);
    expect(audit).toEqual([
      { action: 'hide', reason: '含有对他人的人身攻击', actor_id: world.operator.userId },
      { action: 'unhide', reason: '复核后恢复：批评属实', actor_id: world.operator.userId },
    ]);
    expect((await call(t, world.operator, 'GET', '/api/console/reviews?status=visible')).body.items.find((x: { id: string }) => x.id === id).history).toHaveLength(2);
  });
});
