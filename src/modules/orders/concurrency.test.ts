import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../../testing/app.js';
import { buildWorld, idemKey, openGroupBuy, orderAndPay, sellableProduct, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../community/service.js';
import { reconcileStock } from '../groupbuy/service.js';
import { closeDueGroupBuys } from '../../workflows/close-group-buy.js';

/**
 * Real concurrent HTTP requests through a listening server. On PostgreSQL they hit the same hot
 * rows from up to 40 pooled connections at once.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let base: string;
let productIds: string[];
const buyers: Actor[] = [];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  productIds = [world.product.id, (await sellableProduct(t, world, '土鸡蛋')).id, (await sellableProduct(t, world, '鲜牛奶')).id];
  for (let i = 0; i < 200; i++) {
    const r = await sessionCookie(t, { name: `抢购${i}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    buyers.push(r);
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;

async function post(actor: Actor, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie: actor.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const checkout = (actor: Actor, lines: { itemId: string; quantity: number }[], key = idemKey()) =>
  post(actor, `/api/communities/${world.community.id}/checkout`, { idempotencyKey: key, lines });

describe(`concurrency on ${usesPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('200 concurrent orders against 50 units: exactly 50 accepted, the rest told it is sold out, stock never negative', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 50, limit: 1 });
    const results = await Promise.all(buyers.map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })));
    const accepted = results.filter((r) => r.status === 201);
    const soldOut = results.filter((r) => r.status === 409 && r.body.error.code === 'order.lines_short' && r.body.error.details.lines[0].reason === 'sold_out');
    expect(accepted).toHaveLength(50);
    expect(soldOut).toHaveLength(150);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    const [counter] = await rows<{ stock_available: number }>(sql`select stock_available from group_buy_items where group_buy_id = ${gb.id}`);
    expect(counter.stock_available).toBe(0);
    const [{ n, q }] = await rows<{ n: number; q: number }>(sql`select count(*)::int as n, coalesce(sum(quantity),0)::int as q from order_lines where group_buy_id = ${gb.id} and status <> 'cancelled'`);
    expect([n, q]).toEqual([50, 50]);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('random concurrent baskets over shared items: no item oversold, every accepted basket complete, every limit kept', async () => {
    const basketArb = fc.array(fc.record({ item: fc.integer({ min: 0, max: 2 }), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 });
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 3, maxLength: 3 }),
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 39 }), basketArb), { minLength: 5, maxLength: 60 }),
      async (stocks, limit, requests) => {
        const gb = await openGroupBuy(t, world.leader, world.community.id, productIds, { items: stocks.map((stock) => ({ stock, limit: Math.min(limit, stock) })) });
        const items: { id: string; stockTotal: number; perPersonLimit: number }[] = gb.items;
        const sent = requests.map(([who, basket]) => ({ who, lines: basket.map((b) => ({ itemId: items[b.item].id, quantity: b.quantity })) }));
        const results = await Promise.all(sent.map((s) => checkout(buyers[s.who], s.lines)));
        expect(results.filter((r) => r.status >= 500)).toEqual([]);
        for (const r of results) expect(r.status === 201 || (r.status === 409 && r.body.error.code === 'order.lines_short') || (r.status === 400 && r.body.error.code === 'order.quantity_too_large')).toBe(true);
        // Every accepted basket holds exactly what was asked (merged per item), nothing more or less.
        for (const [k, r] of results.entries()) {
          if (r.status !== 201) continue;
          const want = new Map<string, number>();
          for (const l of sent[k].lines) want.set(l.itemId, (want.get(l.itemId) ?? 0) + l.quantity);
          const got = new Map<string, number>(r.body.order.lines.map((l: { itemId: string; quantity: number }) => [l.itemId, l.quantity]));
          expect(got).toEqual(want);
        }
        const sold = await rows<{ item_id: string; user_id: string; q: number }>(sql`select item_id, user_id, sum(quantity)::int q from order_lines where group_buy_id = ${gb.id} and status <> 'cancelled' group by item_id, user_id`);
        for (const item of items) {
          const total = sold.filter((s) => s.item_id === item.id).reduce((a, s) => a + s.q, 0);
          expect(total).toBeLessThanOrEqual(item.stockTotal);
          const [{ s }] = await rows<{ s: number }>(sql`select stock_available s from group_buy_items where id = ${item.id}`);
          expect(s).toBe(item.stockTotal - total);
          for (const per of sold.filter((x) => x.item_id === item.id)) expect(per.q).toBeLessThanOrEqual(item.perPersonLimit);
        }
        expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
      },
    ), { numRuns: usesPostgres() ? 12 : 6 });
  }, 300_000);

  it('the same idempotency key fired 20 times at once makes one order', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, productIds.slice(0, 2), { stock: 50, limit: 5 });
    const key = idemKey();
    const lines = gb.items.map((i: { id: string }) => ({ itemId: i.id, quantity: 2 }));
    const results = await Promise.all(Array.from({ length: 20 }, () => checkout(buyers[0], lines, key)));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const [{ n }] = await rows<{ n: number }>(sql`select count(distinct order_id)::int as n from order_lines where group_buy_id = ${gb.id}`);
    expect(n).toBe(1);
    const counters = await rows<{ s: number }>(sql`select stock_available s from group_buy_items where group_buy_id = ${gb.id}`);
    expect(counters.map((c) => c.s)).toEqual([48, 48]);
  });

  it('one resident firing many baskets at once cannot pass the per-person limit', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, productIds.slice(0, 2), { stock: 50, limit: 3 });
    const lines = gb.items.map((i: { id: string }) => ({ itemId: i.id, quantity: 1 }));
    const results = await Promise.all(Array.from({ length: 10 }, () => checkout(buyers[1], lines)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.body.error?.details?.lines?.every((l: { reason: string }) => l.reason === 'over_limit'))).toHaveLength(7);
  });

  it('baskets racing the cut-off: every accepted one is counted by the close, none slips in after', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, productIds, { stock: 100, limit: 1 });
    const lines = gb.items.map((i: { id: string }) => ({ itemId: i.id, quantity: 1 }));
    const orders = Promise.all(buyers.slice(0, 80).map((b) => checkout(b, lines)));
    const close = new Promise((r) => setTimeout(r, 15)).then(() => post(world.leader, `/api/group-buys/${gb.id}/close`, {}));
    const [results, closed] = await Promise.all([orders, close]);
    expect(closed.status).toBe(200);
    const accepted = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 409 && r.body.error.details.lines.every((l: { reason: string }) => l.reason === 'closed')).length;
    expect(accepted + refused).toBe(80);
    const [ev] = await rows<{ payload: { cancelledUnpaid: number } }>(sql`select payload from domain_events where type = 'groupbuy.closed' and subject_id = ${gb.id}`);
    // Accepted orders were unpaid, so the close cancelled exactly those.
    expect(ev.payload.cancelledUnpaid).toBe(accepted);
    const [{ open }] = await rows<{ open: number }>(sql`select count(*)::int as open from order_lines where group_buy_id = ${gb.id} and status = 'pending_payment'`);
    expect(open).toBe(0);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('payments racing the cut-off: each paid basket is confirmed with its 跟团号, no number is given twice', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, productIds.slice(0, 1), { stock: 100, limit: 1 });
    const placed = await Promise.all(buyers.slice(100, 140).map((b) => checkout(b, [{ itemId: gb.items[0].id, quantity: 1 }]).then((r) => ({ b, r }))));
    const pays = Promise.all(placed.map(({ b, r }) => post(b, `/api/payments/${r.body.payment.paymentId}/sandbox-confirm`, {})));
    const close = new Promise((r) => setTimeout(r, 10)).then(() => post(world.leader, `/api/group-buys/${gb.id}/close`, {}));
    const [paid] = await Promise.all([pays, close]);
    expect(paid.filter((p) => p.status >= 500)).toEqual([]);
    const lines = await rows<{ status: string; group_number: number | null }>(sql`select status, group_number from order_lines where group_buy_id = ${gb.id}`);
    expect(lines.filter((l) => l.status === 'paid' || l.status === 'pending_payment')).toEqual([]);
    const numbers = lines.filter((l) => l.status === 'confirmed').map((l) => l.group_number!).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
  });

  it('many schedulers closing due group buys close each exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 5, cutoffInMs: 60_000 })).id);
    t.clock.advance(61_000);
    const now = t.clock.now();
    const results = await Promise.all(Array.from({ length: 6 }, () => closeDueGroupBuys(t.database.db, now)));
    const closed = results.flat().filter((id) => ids.includes(id));
    expect(closed.sort()).toEqual([...ids].sort());
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from domain_events where type = 'groupbuy.closed' and subject_id in ${ids}`);
    expect(n).toBe(5);
  });
});

/**
 * Cancelling locks the order row, then the group buy; closing locks the group buy, then the
 * orders. Taken in one written order, they queue instead of deadlocking. PostgreSQL only: PGlite
 * runs one transaction at a time, so the locks never cross there.
 */
describe.skipIf(!usesPostgres())('closing a group buy early while its residents act (one lock order)', () => {
  it('residents cancelling paid orders while the leader closes early never get a 500', async () => {
    const residents = buyers.slice(0, 40);
    let fiveHundreds = 0;
    for (let round = 0; round < 5 && fiveHundreds === 0; round++) {
      const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 2 });
      const orders = [];
      for (const b of residents) orders.push(await orderAndPay(t, b, gb.id, 1));
      const results = await Promise.all([
        ...orders.slice(0, 20).map((o, i) => post(residents[i], `/api/orders/${o.id}/cancel`, {})),
        post(world.leader, `/api/group-buys/${gb.id}/close`, {}),
        ...orders.slice(20).map((o, i) => post(residents[20 + i], `/api/orders/${o.id}/cancel`, {})),
      ]);
      fiveHundreds += results.filter((r) => r.status >= 500).length;
    }
    expect(fiveHundreds).toBe(0);
  });

  it('residents ordering again while the leader closes early never get a 500', async () => {
    const residents = buyers.slice(0, 40);
    let fiveHundreds = 0;
    for (let round = 0; round < 5 && fiveHundreds === 0; round++) {
      const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 1000, limit: 10 });
      // Each resident already holds one unpaid order (closing releases it and touches her limit row).
      for (const b of residents) await post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
      const results = await Promise.all([
        ...residents.slice(0, 20).map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })),
        post(world.leader, `/api/group-buys/${gb.id}/close`, {}),
        ...residents.slice(20).map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })),
      ]);
      fiveHundreds += results.filter((r) => r.status >= 500).length;
    }
    expect(fiveHundreds).toBe(0);
  });
});
