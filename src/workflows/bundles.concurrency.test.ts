import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { babyFoodBundle } from '../testing/bundles.js';
import { buildWorld, idemKey, joinedResident, type Actor } from '../testing/world.js';

/**
 * Bundle buyers and buyers of one of its parts alone, all at once through a listening server (on
 * PostgreSQL: separate pooled connections). No part is ever oversold, every placed bundle holds all
 * its parts, and the stock counters agree with the lines.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 0 });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
async function post(actor: Actor, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie: actor.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('bundle stock under concurrency', () => {
  it('many buyers of the bundle and of a part alone never oversell any part', async () => {
    // The cereal (one per bundle) is the scarce part: 8 units for 16 bundle buyers and 8 buyers of it alone.
    const b = await babyFoodBundle(t, w, { stocks: [8, 100, 100], limit: 1 });
    const buyers: Actor[] = [];
    for (let i = 0; i < 24; i++) buyers.push(await joinedResident(t, w.community, `抢购${i}`));
    const results = await Promise.all(buyers.map((her, i) => post(her, `/api/communities/${w.community.id}/checkout`, i % 3 === 2
      ? { lines: [{ itemId: b.items.cereal, quantity: 1 }], idempotencyKey: idemKey() }
      : { bundles: [{ offerId: b.offer.offerId, quantity: 1 }], idempotencyKey: idemKey() })));
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'order.lines_short'))).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(8);

    const items = await rows<{ id: string; stock_total: number; stock_available: number; sold: number; moved: number }>(sql`
      select i.id, i.stock_total, i.stock_available,
        (select coalesce(sum(l.quantity), 0)::int from order_lines l where l.item_id = i.id and l.status <> 'cancelled') as sold,
        (select coalesce(sum(-m.delta), 0)::int from stock_movements m where m.item_id = i.id) as moved
      from group_buy_items i where i.group_buy_id = ${b.groupBuy.id}`);
    for (const it of items) {
      expect(it.stock_available).toBeGreaterThanOrEqual(0);
      expect(it.stock_total - it.stock_available).toBe(it.sold);
      expect(it.moved).toBe(it.sold);
    }
    expect(items.find((i) => i.id === b.items.cereal)!.stock_available).toBe(0);
    // Each bundle order holds every part at its units; no order holds part of a bundle.
    const bundleOrders = await rows<{ order_id: string; parts: number; veg: number; total: number; paid: number }>(sql`
      select l.order_id, count(*)::int as parts, sum(case when l.item_id = ${b.items.veg} then l.quantity else 0 end)::int as veg,
        sum(l.total_fen)::int as total, (select o.total_fen from orders o where o.id = l.order_id) as paid
      from order_lines l where l.bundle_offer_id = ${b.offer.offerId} group by l.order_id`);
    for (const o of bundleOrders) expect(o).toMatchObject({ parts: 3, veg: 2, total: 8000, paid: 8000 });
    const vegSold = items.find((i) => i.id === b.items.veg)!.sold;
    expect(vegSold).toBe(2 * bundleOrders.length);
  }, 180_000);
});
