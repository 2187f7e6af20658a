import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, HOUR, idemKey, openGroupBuy, orderAndPay, sellableProduct } from '../../testing/world.js';
import { databaseFingerprint } from '../../testing/fingerprint.js';
import { reconcileStock } from './service.js';
import { closeDueGroupBuys } from '../../workflows/close-group-buy.js';
import { copiedTimes } from './changes.service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 4 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
const cid = () => world.community.id;
const noticesOf = (userId: string, kind: string) => rows<{ title: string; body: string }>(sql`select title, body from notifications where user_id = ${userId} and kind = ${kind} order by created_at`);

describe('copying a group buy as a draft', () => {
  it('copies items, texts, limits and priority with tomorrow\'s times of day; the draft is invisible to residents', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { stock: 40, limit: 4, priceFen: 2990 });
    const copy = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/copy`);
    expect(copy.status).toBe(201);
    expect(copy.body.sourceGroupBuyId).toBe(gb.id);
    expect(copy.body.content).toMatchObject({ title: gb.title, note: '我自己先试吃了', priorityMinutes: 0, items: [{ productId: world.product.id, priceFen: 2990, stockTotal: 40, perPersonLimit: 4, batchId: world.batch.id }] });
    const expected = copiedTimes({ cutoffAt: new Date(gb.cutoffAt), pickupStartAt: new Date(gb.pickupStartAt), pickupEndAt: new Date(gb.pickupEndAt) }, t.clock.now(), 'Asia/Shanghai');
    expect(copy.body.content.cutoffAt).toBe(expected.cutoffAt.toISOString());
    const shanghai = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    expect(shanghai(copy.body.content.cutoffAt)).toBe(shanghai(gb.cutoffAt));
    expect(shanghai(copy.body.content.pickupStartAt)).toBe(shanghai(gb.pickupStartAt));

    const drafts = await call(t, world.leader, 'GET', `/api/communities/${cid()}/group-buy-drafts`);
    expect(drafts.body.items.map((d: { id: string }) => d.id)).toContain(copy.body.id);
    // Residents: no drafts list, no draft, and the community's group buys do not include it.
    expect((await call(t, world.residents[0], 'GET', `/api/communities/${cid()}/group-buy-drafts`)).status).toBe(403);
    expect((await call(t, world.residents[0], 'GET', `/api/group-buy-drafts/${copy.body.id}`)).status).toBe(403);
    const all = await call(t, world.residents[0], 'GET', `/api/communities/${cid()}/group-buys?filter=all&pageSize=100`);
    expect(all.body.items.map((g: { id: string }) => g.id)).not.toContain(copy.body.id);
  });

  it('shifts the times to tomorrow keeping the day gaps, in the community\'s zone', () => {
    // Cut-off 20:00 on 3 Dec, pickup 09:00–19:00 on 4 Dec (Shanghai); copied on 5 Dec at 12:00.
    const times = copiedTimes({ cutoffAt: new Date('2026-12-03T12:00:00Z'), pickupStartAt: new Date('2026-12-04T01:00:00Z'), pickupEndAt: new Date('2026-12-04T11:00:00Z') }, new Date('2026-12-05T04:00:00Z'), 'Asia/Shanghai');
    expect(times.cutoffAt.toISOString()).toBe('2026-12-06T12:00:00.000Z');
    expect(times.pickupStartAt.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(times.pickupEndAt.toISOString()).toBe('2026-12-07T11:00:00.000Z');
  });

  it('saves a draft freely, then opens it now or scheduled, once, through the opening rules', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { stock: 10, limit: 2 });
    const draft = (await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/copy`)).body;
    const now = t.clock.now().getTime();
    // A draft may hold a past cut-off: only opening refuses it.
    const saved = await call(t, world.leader, 'PUT', `/api/group-buy-drafts/${draft.id}`, { ...draft.content, title: '草莓第二波', cutoffAt: new Date(now - HOUR).toISOString() });
    expect(saved.status).toBe(200);
    expect(saved.body.content.title).toBe('草莓第二波');
    const before = await databaseFingerprint(t);
    const refused = await call(t, world.leader, 'POST', `/api/group-buy-drafts/${draft.id}/open`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('groupbuy.cutoff_past');
    expect(await databaseFingerprint(t)).toEqual(before);

    await call(t, world.leader, 'PUT', `/api/group-buy-drafts/${draft.id}`, { ...draft.content, title: '草莓第二波', cutoffAt: new Date(now + 30 * HOUR).toISOString(), pickupStartAt: new Date(now + 40 * HOUR).toISOString(), pickupEndAt: new Date(now + 44 * HOUR).toISOString() });
    const opensAt = new Date(now + 2 * HOUR).toISOString();
    const opened = await call(t, world.leader, 'POST', `/api/group-buy-drafts/${draft.id}/open`, { opensAt });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'scheduled', title: '草莓第二波', opensAt });
    expect(opened.body.items[0]).toMatchObject({ productId: world.product.id, stockTotal: 10, perPersonLimit: 2 });
    const again = await call(t, world.leader, 'POST', `/api/group-buy-drafts/${draft.id}/open`, {});
    expect(again.body.error.code).toBe('groupbuy.draft_opened');
    expect((await call(t, world.leader, 'GET', `/api/communities/${cid()}/group-buy-drafts`)).body.items.map((d: { id: string }) => d.id)).not.toContain(draft.id);
  });

  it('refuses to open a draft whose product he no longer vouches for (endorsement required)', async () => {
    const product = await sellableProduct(t, world, '土鸡蛋');
    const gb = await openGroupBuy(t, world.leader, cid(), product.id, { stock: 10, limit: 2 });
    const draft = (await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/copy`)).body;
    await t.database.db.execute(sql`update endorsements set withdrawn_at = now() where product_id = ${product.id}`);
    const before = await databaseFingerprint(t);
    const res = await call(t, world.leader, 'POST', `/api/group-buy-drafts/${draft.id}/open`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('groupbuy.not_endorsed');
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});

describe('changing a live group buy', () => {
  it('adds stock (restock event), lowers it exactly to what is taken, refuses one below; nothing changes on refusal', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { stock: 10, limit: 3 });
    const item = gb.items[0];
    await orderAndPay(t, world.residents[0], gb.id, 3);
    // An unpaid order holds stock too.
    expect((await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2, idempotencyKey: idemKey() })).status).toBe(201);
    const up = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { stockTotal: 15 });
    expect(up.status).toBe(200);
    expect(up.body.items[0]).toMatchObject({ stockTotal: 15, stockAvailable: 10 });
    const [event] = await rows<{ payload: { itemId: string; addedQuantity: number; stockAvailable: number } }>(sql`select payload from domain_events where type = 'groupbuy.item_restocked' and subject_id = ${gb.id}`);
    expect(event.payload).toEqual({ itemId: item.id, addedQuantity: 5, stockAvailable: 10 });

    const before = await databaseFingerprint(t);
    const below = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { stockTotal: 4 });
    expect(below.status).toBe(409);
    expect(below.body.error).toMatchObject({ code: 'groupbuy.stock_below_sold', message: '库存不能少于已被买走的 5 份（含待付款）：最少可改为 5' });
    expect(await databaseFingerprint(t)).toEqual(before);
    const exact = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { stockTotal: 5 });
    expect(exact.status).toBe(200);
    expect(exact.body.items[0]).toMatchObject({ stockTotal: 5, stockAvailable: 0 });
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
    const history = await call(t, world.leader, 'GET', `/api/group-buys/${gb.id}/changes`);
    expect(history.body.items.map((c: { kind: string }) => c.kind)).toEqual(['stock_lowered', 'stock_added']);
    expect(history.body.items[0]).toMatchObject({ actorName: '王叔', before: { stockTotal: 15 }, after: { stockTotal: 5 } });
  });

  it('adds an item only if he vouches for it, with the same validation as opening', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id);
    const product = await sellableProduct(t, world, '小番茄');
    const unendorsed = (await call(t, world.operator, 'POST', '/api/products', { name: '没试过的梨', spec: '1份', unit: '份', origin: '本地', description: '梨', imageUrls: [], listPriceFen: 1000 })).body;
    const before = await databaseFingerprint(t);
    const refused = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/items`, { productId: unendorsed.id, priceFen: 990, stockTotal: 10, perPersonLimit: 2 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('groupbuy.not_endorsed');
    const overLimit = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/items`, { productId: product.id, priceFen: 990, stockTotal: 2, perPersonLimit: 3 });
    expect(overLimit.body.error.code).toBe('groupbuy.limit_invalid');
    const dup = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/items`, { productId: world.product.id, priceFen: 990, stockTotal: 5, perPersonLimit: 1 });
    expect(dup.body.error.code).toBe('groupbuy.items_duplicate');
    expect(await databaseFingerprint(t)).toEqual(before);
    const added = await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/items`, { productId: product.id, priceFen: 990, stockTotal: 10, perPersonLimit: 2 });
    expect(added.status).toBe(201);
    expect(added.body.items.map((i: { product: { name: string }; position: number }) => [i.position, i.product.name])).toEqual([[1, '有机草莓'], [2, '小番茄']]);
    expect(added.body.items[1].batchId).not.toBeNull();
  });

  it('extends and brings forward the cut-off: never in the past, never after the pickup starts; buyers are told once', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { cutoffInMs: 10 * HOUR });
    await orderAndPay(t, world.residents[0], gb.id, 1);
    await orderAndPay(t, world.residents[0], gb.id, 1);
    await orderAndPay(t, world.residents[1], gb.id, 1);
    const now = t.clock.now().getTime();
    const before = await databaseFingerprint(t);
    const past = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { cutoffAt: new Date(now - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({ code: 'groupbuy.cutoff_past', message: '截单时间必须在将来' });
    const late = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { cutoffAt: new Date(new Date(gb.pickupStartAt).getTime() + 60_000).toISOString() });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('groupbuy.cutoff_after_pickup');
    expect(late.body.error.message).toMatch(/^截单时间不能晚于取货开始时间（[\d/月日]+ \d\d:\d\d）/);
    expect(await databaseFingerprint(t)).toEqual(before);
    // Exactly at the pickup start is allowed (as at opening).
    const atStart = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { cutoffAt: gb.pickupStartAt });
    expect(atStart.status).toBe(200);
    expect(atStart.body.cutoffAt).toBe(gb.pickupStartAt);
    const forward = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { cutoffAt: new Date(now + 2 * HOUR).toISOString() });
    expect(forward.status).toBe(200);
    const told = await noticesOf(world.residents[0].userId, 'group_buy_changed');
    expect(told).toHaveLength(2); // two changes, one notice each, though she has two orders
    expect(told[1].body).toMatch(/^团长修改了团购：截单时间改为 [\d/月日]+ \d\d:\d\d。$/);
    expect(await noticesOf(world.residents[2].userId, 'group_buy_changed')).toHaveLength(0);
    // Buyers see the time changes on the group buy's history.
    const seen = await call(t, world.residents[1], 'GET', `/api/group-buys/${gb.id}/changes`);
    expect(seen.body.items).toHaveLength(2);
    expect(seen.body.items[0]).toMatchObject({ kind: 'times', notifiedCount: 2, public: true });
  });

  it('moves the pickup window: never before the cut-off; the closed buy too; its reminders are sent again', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { cutoffInMs: HOUR });
    await orderAndPay(t, world.residents[2], gb.id, 1);
    const early = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { pickupStartAt: new Date(new Date(gb.cutoffAt).getTime() - 60_000).toISOString() });
    expect(early.body.error.code).toBe('groupbuy.pickup_before_cutoff');
    t.clock.advance(2 * HOUR);
    await closeDueGroupBuys(t.database.db, t.clock.now());
    const start = new Date(new Date(gb.pickupStartAt).getTime() + 24 * HOUR);
    const moved = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { pickupStartAt: start.toISOString(), pickupEndAt: new Date(start.getTime() + 8 * HOUR).toISOString() });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'closed', pickupStartAt: start.toISOString() });
    const [told] = await noticesOf(world.residents[2].userId, 'group_buy_changed');
    expect(told.body).toMatch(/取货时间改为 [\d/月日]+ \d\d:\d\d – [\d/月日]+ \d\d:\d\d/);
    // Read in English, what changed is English too (only the title, her leader's words, stays as written).
    const inEnglish = await call(t, world.residents[2], 'GET', '/api/notifications?lang=en');
    const notice = inEnglish.body.items.find((n: { kind: string }) => n.kind === 'group_buy_changed');
    expect(notice.body).toMatch(/^Your leader changed the group buy: pickup now [\d/]+ \d\d:\d\d – [\d/]+ \d\d:\d\d\.$/);
    // The cut-off of a closed group buy no longer moves.
    const reopen = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/times`, { cutoffAt: new Date(t.clock.now().getTime() + HOUR).toISOString() });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.code).toBe('groupbuy.not_live');
    t.clock.advance(-2 * HOUR);
  });

  it('edits the title and note', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id);
    const res = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/texts`, { title: '丹东草莓 周末到', note: '周六上午到货' });
    expect(res.body).toMatchObject({ title: '丹东草莓 周末到', note: '周六上午到货' });
    const empty = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/texts`, { title: '  ' });
    expect(empty.body.error.code).toBe('groupbuy.title_empty');
  });
});

describe('prices of an item with orders', () => {
  it('cannot rise once someone ordered (clear error, nothing changed); may rise before', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { priceFen: 3000 });
    const item = gb.items[0];
    const rise = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { priceFen: 3200 });
    expect(rise.status).toBe(200);
    expect(rise.body.items[0].priceFen).toBe(3200);
    expect((await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })).status).toBe(201);
    const before = await databaseFingerprint(t);
    const refused = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { priceFen: 3201 });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'groupbuy.price_rise_with_orders' });
    expect(refused.body.error.message).toContain('¥32.00');
    expect(await databaseFingerprint(t)).toEqual(before);
  });

  it('lowering refunds paid buyers (difference × remaining units, one refund per line), tells each once, and re-prices for later buyers', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { priceFen: 3680, stock: 50, limit: 5 });
    const item = gb.items[0];
    const a1 = await orderAndPay(t, world.residents[0], gb.id, 2);
    const a2 = await orderAndPay(t, world.residents[0], gb.id, 1);
    const b = await orderAndPay(t, world.residents[1], gb.id, 3);
    // Unpaid at the old price: refunded the difference the moment she pays.
    const pending = await call(t, world.residents[2], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2, idempotencyKey: idemKey() });

    const preview = await call(t, world.leader, 'GET', `/api/group-buys/${gb.id}/items/${item.id}/price-drop?priceFen=2980`);
    expect(preview.body).toEqual({ buyers: 2, refundFen: (3680 - 2980) * 6, pendingBuyers: 1 });

    const res = await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { priceFen: 2980 });
    expect(res.status).toBe(200);
    expect(res.body.items[0].priceFen).toBe(2980);
    const refunds = await rows<{ order_id: string; line_id: string; amount_fen: number; refund_key: string; status: string; reason: string }>(sql`select order_id, line_id, amount_fen, refund_key, status, reason from refunds where reason = 'price_drop' and order_id in (${a1.id}, ${a2.id}, ${b.id}) order by amount_fen`);
    expect(refunds.map((r) => [r.order_id, r.amount_fen, r.status])).toEqual([[a2.id, 700, 'paid'], [a1.id, 1400, 'paid'], [b.id, 2100, 'paid']]);
    expect(refunds.every((r) => r.refund_key === `price_drop:${r.line_id}:2980`)).toBe(true);
    const [line] = (await call(t, world.residents[1], 'GET', `/api/orders/${b.id}`)).body.lines;
    expect(line).toMatchObject({ unitPriceFen: 2980, totalFen: 2980 * 3 });
    const told = await noticesOf(world.residents[0].userId, 'price_drop_refund');
    expect(told).toHaveLength(1);
    expect(told[0].title).toBe('有机草莓 降价，退差价 ¥21.00');
    expect(await noticesOf(world.residents[2].userId, 'price_drop_pending')).toHaveLength(1);

    // She pays the order placed at the old price: the difference goes straight back.
    const paid = await call(t, world.residents[2], 'POST', `/api/payments/${pending.body.payment.paymentId}/sandbox-confirm`);
    expect(paid.status).toBe(200);
    const [late] = await rows<{ amount_fen: number; status: string }>(sql`select amount_fen, status from refunds where order_id = ${pending.body.order.id} and reason = 'price_drop'`);
    expect(late).toEqual({ amount_fen: 1400, status: 'paid' });

    // A later buyer pays the new price.
    const later = await orderAndPay(t, world.residents[3], gb.id, 1);
    expect(later.totalFen).toBe(2980);
    const history = await call(t, world.residents[3], 'GET', `/api/group-buys/${gb.id}/changes`);
    expect(history.body.items[0]).toMatchObject({ kind: 'price_lowered', before: { priceFen: 3680 }, after: { priceFen: 2980 }, refundedFen: 700 * 6, notifiedCount: 3, productName: '有机草莓' });
  });

  it('a second drop refunds only the new difference, and the held money still settles exactly', async () => {
    const gb = await openGroupBuy(t, world.leader, cid(), world.product.id, { priceFen: 1000, limit: 5 });
    const item = gb.items[0];
    const o = await orderAndPay(t, world.residents[0], gb.id, 4);
    await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { priceFen: 900 });
    await call(t, world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${item.id}`, { priceFen: 850 });
    const refunds = await rows<{ amount_fen: number }>(sql`select amount_fen from refunds where order_id = ${o.id} order by created_at`);
    expect(refunds.map((r) => r.amount_fen)).toEqual([400, 200]);
    const [p] = await rows<{ amount_fen: number; refunded_fen: number }>(sql`select amount_fen, refunded_fen from payments where order_id = ${o.id}`);
    const [l] = await rows<{ total_fen: number; refunded_quantity: number; unit_price_fen: number }>(sql`select total_fen, refunded_quantity, unit_price_fen from order_lines where order_id = ${o.id}`);
    // What is left to settle at hand-over is exactly the line's value at the new price.
    expect(p.amount_fen - p.refunded_fen).toBe(l.total_fen - l.refunded_quantity * l.unit_price_fen);
    expect(p.amount_fen - p.refunded_fen).toBe(3400);
  });
});
