import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, HOUR, idemKey, joinedResident, openGroupBuy } from '../../testing/world.js';
import { inTransaction } from '../../platform/events/service.js';
import { holdForPerson, itemsForOrdering, reserveItemStock, reconcileStock, stockLeft } from '../groupbuy/service.js';
import { holdForPeople, takeItemStocks } from '../groupbuy/rush-stock.service.js';
import { buyNow } from '../../workflows/checkout.js';
import { expireUnpaidOrders, MAX_LINES, MAX_QUANTITY, normaliseLines, placeOrder, precheck } from './service.js';

/**
 * Every limit of order placement, on it, one below and one above: the stock (exactly what is left
 * is sold, one more is not — on the embedded database too, where only the stock condition itself
 * can refuse a stale order), the per-person limit, the payment window, and a retry after sell-out.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let n = 0;
const db = () => t.database.db;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await db().execute(q)) as unknown as { rows: T[] }).rows;
const stockOf = async (itemId: string) => (await rows<{ s: number }>(sql`select stock_available s from group_buy_items where id = ${itemId}`))[0].s;
const heldBy = async (itemId: string, userId: string) => (await rows<{ q: number }>(sql`select quantity q from group_buy_purchases where item_id = ${itemId} and user_id = ${userId}`))[0]?.q ?? 0;
const ordersOf = async (userId: string) => (await rows<{ n: number }>(sql`select count(*)::int n from orders where user_id = ${userId}`))[0].n;
const resident = () => joinedResident(t, world.community, `邻居${++n}`);
const errorOf = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
    return null;
  } catch (e) {
    return { code: (e as { code?: string }).code, params: (e as { params?: unknown }).params, lines: (e as { extra?: { lines?: unknown } }).extra?.lines };
  }
};
/** A new group buy of the world's product with one item. */
const groupBuyWith = async (stock: number, limit: number) => {
  const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock, limit, priceFen: 1000 });
  return { id: gb.id as string, itemId: gb.items[0].id as string };
};
const buy = (who: { cookie: string }, groupBuyId: string, quantity: number, idempotencyKey = idemKey()) =>
  call(t, who as never, 'POST', `/api/group-buys/${groupBuyId}/orders`, { quantity, idempotencyKey });
const shortOf = (res: { body: { error?: { code: string; details?: { lines: { reason: string; available: number; requested: number }[] } } } }) =>
  res.body.error?.details?.lines.map((l) => [l.reason, l.requested, l.available]);

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('the lines of a basket', () => {
  it('are merged per item and sorted; quantities are whole, from 1 to the maximum, and a basket has at most MAX_LINES items', async () => {
    expect(normaliseLines([{ itemId: 'b', quantity: 2 }, { itemId: 'a', quantity: 1 }, { itemId: 'b', quantity: 3 }])).toEqual([{ itemId: 'a', quantity: 1 }, { itemId: 'b', quantity: 5 }]);
    expect(normaliseLines([{ itemId: 'a', quantity: MAX_QUANTITY }])).toEqual([{ itemId: 'a', quantity: MAX_QUANTITY }]);
    await expect(errorOf(() => normaliseLines([{ itemId: 'a', quantity: MAX_QUANTITY + 1 }]))).resolves.toMatchObject({ code: 'order.quantity_too_large', params: { max: MAX_QUANTITY } });
    for (const q of [0, -1, 1.5]) await expect(errorOf(() => normaliseLines([{ itemId: 'a', quantity: q }]))).resolves.toMatchObject({ code: 'order.quantity_invalid' });
    expect(normaliseLines([{ itemId: 'a', quantity: 1 }])).toEqual([{ itemId: 'a', quantity: 1 }]);
    await expect(errorOf(() => normaliseLines([]))).resolves.toMatchObject({ code: 'order.basket_empty' });
    const many = (k: number) => Array.from({ length: k }, (_, i) => ({ itemId: `item-${String(i).padStart(3, '0')}`, quantity: 1 }));
    expect(normaliseLines(many(MAX_LINES))).toHaveLength(MAX_LINES);
    await expect(errorOf(() => normaliseLines(many(MAX_LINES + 1)))).resolves.toMatchObject({ code: 'order.too_many_lines', params: { max: MAX_LINES } });
    // The same item many times is one line.
    expect(normaliseLines([...many(MAX_LINES), { itemId: 'item-000', quantity: 1 }])).toHaveLength(MAX_LINES);
  });
});

describe('the check before any lock (precheck)', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  const item = (o: Partial<{ perPersonLimit: number; held: number; stockAvailable: number; productActive: boolean; status: string; opensAt: Date; cutoffAt: Date }> = {}) => ({
    itemId: 'i1', title: '团', productName: '草莓', productActive: true, status: 'open', opensAt: new Date(now.getTime() - 60_000), cutoffAt: new Date(now.getTime() + 60_000),
    perPersonLimit: 3, held: 0, stockAvailable: 10, ...o,
  }) as never;
  const check = (quantity: number, o: Parameters<typeof item>[0]) => precheck([{ itemId: 'i1', quantity }], [item(o)], now).map((s) => [s.reason, s.available]);

  it('lets exactly what is left of her limit through, and one more is over the limit, offering what is left', () => {
    expect(check(2, { held: 1 })).toEqual([]);
    expect(check(1, { held: 1 })).toEqual([]);
    expect(check(3, { held: 1 })).toEqual([['over_limit', 2]]);
    // What she may still take is capped by the stock.
    expect(check(4, { held: 0, stockAvailable: 2 })).toEqual([['over_limit', 2]]);
    // Already past her limit (the leader lowered it): nothing left, never a negative offer.
    expect(check(1, { held: 5 })).toEqual([['over_limit', 0]]);
  });

  it('lets exactly the stock through, and one more is sold out, offering the stock', () => {
    expect(check(3, { perPersonLimit: 10, stockAvailable: 3 })).toEqual([]);
    expect(check(4, { perPersonLimit: 10, stockAvailable: 3 })).toEqual([['sold_out', 3]]);
    expect(check(1, { perPersonLimit: 10, stockAvailable: 0 })).toEqual([['sold_out', 0]]);
  });

  it('refuses an inactive product, a group buy not yet open and one whose cut-off is now', () => {
    expect(check(1, { productActive: false })).toEqual([['inactive', 0]]);
    expect(check(1, { opensAt: new Date(now.getTime() + 1) })).toEqual([['not_open', 0]]);
    expect(check(1, { opensAt: now })).toEqual([]);
    expect(check(1, { cutoffAt: now })).toEqual([['closed', 0]]);
    expect(check(1, { cutoffAt: new Date(now.getTime() + 1) })).toEqual([]);
    expect(check(1, { status: 'closed' })).toEqual([['closed', 0]]);
  });
});

describe('stock, exactly at the limit', () => {
  it('one unit more than the stock is refused naming what is left and nothing is written; exactly the stock is sold; then nothing more', async () => {
    const gb = await groupBuyWith(5, 5);
    expect((await buy(await resident(), gb.id, 2)).status).toBe(201);
    const a = await resident();
    const over = await buy(a, gb.id, 4);
    expect([over.status, shortOf(over)]).toEqual([409, [['sold_out', 4, 3]]]);
    expect([await stockOf(gb.itemId), await heldBy(gb.itemId, a.userId), await ordersOf(a.userId)]).toEqual([3, 0, 0]);
    const exact = await buy(a, gb.id, 3);
    expect(exact.status).toBe(201);
    expect([await stockOf(gb.itemId), await heldBy(gb.itemId, a.userId)]).toEqual([0, 3]);
    const b = await resident();
    const none = await buy(b, gb.id, 1);
    expect([none.status, shortOf(none)]).toEqual([409, [['sold_out', 1, 0]]]);
    expect(await stockLeft(db(), gb.id)).toBe(0);
    expect(await reconcileStock(db(), gb.id)).toEqual([]);
  });

  it('the stock update itself refuses more than is left, also on the embedded database (one conditional UPDATE)', async () => {
    const gb = await groupBuyWith(4, 4);
    expect(await inTransaction(db(), (tx) => reserveItemStock(tx, gb.itemId, 5))).toBeNull();
    expect(await stockOf(gb.itemId)).toBe(4);
    expect(await inTransaction(db(), (tx) => reserveItemStock(tx, gb.itemId, 4))).toBe(0);
    expect(await inTransaction(db(), (tx) => reserveItemStock(tx, gb.itemId, 1))).toBeNull();
    expect(await stockOf(gb.itemId)).toBe(0);
    // The rush path's batch update: the same condition, per item.
    const other = await groupBuyWith(3, 3);
    expect(await inTransaction(db(), (tx) => takeItemStocks(tx, new Map([[other.itemId, 4]])))).toBe(false);
    expect(await stockOf(other.itemId)).toBe(3);
    expect(await inTransaction(db(), (tx) => takeItemStocks(tx, new Map([[other.itemId, 3]])))).toBe(true);
    expect(await stockOf(other.itemId)).toBe(0);
  });

  it('an order checked against a stale read (stock since sold to another) is refused under the lock, nothing written', async () => {
    const gb = await groupBuyWith(3, 3);
    const late = await resident();
    const stale = await itemsForOrdering(db(), [gb.itemId], late.userId);
    expect(stale[0].stockAvailable).toBe(3);
    expect((await buy(await resident(), gb.id, 3)).status).toBe(201);
    const input = { userId: late.userId, communityId: world.community.id, lines: [{ itemId: gb.itemId, quantity: 2 }], idempotencyKey: idemKey() };
    const err = await errorOf(placeOrder(db(), input, stale, 15, t.clock.now()));
    expect(err).toMatchObject({ code: 'order.lines_short', lines: [{ itemId: gb.itemId, reason: 'sold_out', requested: 2, available: 0 }] });
    expect([await stockOf(gb.itemId), await heldBy(gb.itemId, late.userId), await ordersOf(late.userId)]).toEqual([0, 0, 0]);
    expect(await reconcileStock(db(), gb.id)).toEqual([]);
  });
});

describe('the per-person limit', () => {
  it('below and exactly on the limit are taken; one above is refused with what she may still take', async () => {
    const gb = await groupBuyWith(50, 3);
    const a = await resident();
    expect((await buy(a, gb.id, 2)).status).toBe(201);
    expect((await buy(a, gb.id, 1)).status).toBe(201);
    const above = await buy(a, gb.id, 1);
    expect([above.status, shortOf(above)]).toEqual([409, [['over_limit', 1, 0]]]);
    const b = await resident();
    const tooMany = await buy(b, gb.id, 4);
    expect([tooMany.status, shortOf(tooMany)]).toEqual([409, [['over_limit', 4, 3]]]);
    expect([await heldBy(gb.itemId, a.userId), await heldBy(gb.itemId, b.userId), await stockOf(gb.itemId)]).toEqual([3, 0, 47]);
  });

  it('the hold itself (under the lock) takes up to the limit and refuses one more, telling what is left', async () => {
    const gb = await groupBuyWith(50, 3);
    const [it] = await itemsForOrdering(db(), [gb.itemId], world.leader.userId);
    const a = await resident();
    const b = await resident();
    // As the order path does: a refused hold rolls its transaction back.
    const hold = (userId: string, q: number) => inTransaction(db(), async (tx) => {
      const r = await holdForPerson(tx, it, userId, q);
      if (!r.ok) throw r;
      return r;
    }).catch((r: unknown) => r);
    expect(await hold(a.userId, 2)).toEqual({ ok: true });
    expect(await hold(a.userId, 2)).toEqual({ ok: false, remaining: 1 });
    expect(await hold(a.userId, 1)).toEqual({ ok: true });
    expect(await hold(a.userId, 1)).toEqual({ ok: false, remaining: 0 });
    expect(await hold(b.userId, 4)).toEqual({ ok: false, remaining: 3 });
    expect(await hold(b.userId, 3)).toEqual({ ok: true });
    expect([await heldBy(gb.itemId, a.userId), await heldBy(gb.itemId, b.userId)]).toEqual([3, 3]);
    // The rush path's one upsert for many people: each held only within the limit.
    const c = await resident();
    const held = await inTransaction(db(), (tx) => holdForPeople(tx, [
      { itemId: gb.itemId, groupBuyId: gb.id, userId: a.userId, communityId: world.community.id, quantity: 1 },
      { itemId: gb.itemId, groupBuyId: gb.id, userId: c.userId, communityId: world.community.id, quantity: 3 },
    ]));
    expect([...held]).toEqual([`${gb.itemId}|${c.userId}`]);
    expect([await heldBy(gb.itemId, a.userId), await heldBy(gb.itemId, c.userId)]).toEqual([3, 3]);
  });
});

describe('a retry with the same key after the stock ran out', () => {
  it('returns HER order (and payment), by 立即购买 and by checkout alike; a neighbour is told it is sold out', async () => {
    // Room left under her limit (2), so only her key can tell a retry from a new order.
    const gb = await groupBuyWith(2, 2);
    const a = await resident();
    const key = idemKey();
    const first = await call(t, a, 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: key, lines: [{ itemId: gb.itemId, quantity: 1 }] });
    expect(first.status).toBe(201);
    expect((await buy(await resident(), gb.id, 1)).status).toBe(201);
    const c = await resident();
    // The neighbour's refusal teaches the server the item is sold out (later ones are answered from memory).
    expect(shortOf(await buy(c, gb.id, 1))).toEqual([['sold_out', 1, 0]]);
    expect(shortOf(await buy(c, gb.id, 1))).toEqual([['sold_out', 1, 0]]);
    const again = await call(t, a, 'POST', `/api/communities/${world.community.id}/checkout`, { idempotencyKey: key, lines: [{ itemId: gb.itemId, quantity: 1 }] });
    expect([again.status, again.body.replayed, again.body.order?.id, again.body.payment?.paymentId]).toEqual([200, true, first.body.order.id, first.body.payment.paymentId]);
    const viaBuyNow = await buy(a, gb.id, 1, key);
    expect([viaBuyNow.status, viaBuyNow.body.order?.id]).toEqual([200, first.body.order.id]);
    // Her key is hers: the neighbour sending it is a new order, and there is nothing left.
    expect(shortOf(await buy(c, gb.id, 1, key))).toEqual([['sold_out', 1, 0]]);
    expect([await ordersOf(a.userId), await ordersOf(c.userId), await stockOf(gb.itemId)]).toEqual([1, 0, 0]);
  });
});

describe('the payment window', () => {
  it('an unpaid order is kept until one moment before its window ends and expires exactly at the end; a later order is left alone', async () => {
    // Orders of the earlier tests (unpaid, due earlier) go first: this test's orders are the only ones left.
    await expireUnpaidOrders(db(), new Date(t.clock.now().getTime() + 15 * 60_000));
    t.clock.advance(15 * 60_000 + 1);
    const gb = await groupBuyWith(10, 5);
    const a = await resident();
    const placedAt = t.clock.now();
    const mine = await buy(a, gb.id, 2);
    t.clock.advance(60_000);
    const later = await buy(await resident(), gb.id, 1);
    const [due] = await rows<{ d: Date }>(sql`select payment_due_at d from orders where id = ${mine.body.order.id}`);
    expect(new Date(due.d).getTime() - placedAt.getTime()).toBeGreaterThanOrEqual(15 * 60_000);
    expect(new Date(due.d).getTime() - placedAt.getTime()).toBeLessThan(15 * 60_000 + 5_000);
    const status = async (id: string) => (await rows<{ s: string; r: string | null }>(sql`select status s, cancel_reason r from orders where id = ${id}`))[0];

    expect(await expireUnpaidOrders(db(), new Date(new Date(due.d).getTime() - 1))).toBe(0);
    expect((await status(mine.body.order.id)).s).toBe('pending_payment');
    expect(await stockOf(gb.itemId)).toBe(7);

    expect(await expireUnpaidOrders(db(), new Date(due.d))).toBe(1);
    expect(await status(mine.body.order.id)).toEqual({ s: 'cancelled', r: 'payment_timeout' });
    expect(await status(later.body.order.id)).toEqual({ s: 'pending_payment', r: null });
    expect([await stockOf(gb.itemId), await heldBy(gb.itemId, a.userId)]).toEqual([9, 0]);
    expect(await reconcileStock(db(), gb.id)).toEqual([]);
    // A second run at the same moment finds nothing more to do.
    expect(await expireUnpaidOrders(db(), new Date(due.d))).toBe(0);
  });
});

describe('the priority window (trusted residents first)', () => {
  it('refuses a level-D resident until its last millisecond, saying how many minutes are left (rounded up), and lets her in exactly at its end', async () => {
    const now = t.clock.now().getTime();
    const res = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
      items: [{ productId: world.product.id, priceFen: 1000, stockTotal: 10, perPersonLimit: 2 }], priorityMinutes: 30,
      cutoffAt: new Date(now + 5 * HOUR).toISOString(), pickupStartAt: new Date(now + 20 * HOUR).toISOString(), pickupEndAt: new Date(now + 30 * HOUR).toISOString(),
    });
    expect(res.status).toBe(201);
    const [{ o }] = await rows<{ o: Date }>(sql`select opens_at o from group_buys where id = ${res.body.id}`);
    const end = new Date(o).getTime() + 30 * 60_000;
    const d = await resident();
    const order = (at: number) => errorOf(buyNow(db(), t.payments, { userId: d.userId, groupBuyId: res.body.id, quantity: 1, idempotencyKey: idemKey() }, 15, new Date(at)));
    expect(await order(new Date(o).getTime())).toMatchObject({ code: 'groupbuy.priority_window', params: { minutes: 30 } });
    expect(await order(end - 29 * 60_000 - 1)).toMatchObject({ code: 'groupbuy.priority_window', params: { minutes: 30 } });
    expect(await order(end - 1)).toMatchObject({ code: 'groupbuy.priority_window', params: { minutes: 1 } });
    expect(await ordersOf(d.userId)).toBe(0);
    expect(await order(end)).toBeNull();
    expect(await ordersOf(d.userId)).toBe(1);
  });
});
