import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../../testing/app.js';
import { buildWorld, idemKey, openGroupBuy, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../community/service.js';
import { reconcileStock } from './service.js';

/**
 * A leader changes stock and price while neighbours are ordering: real concurrent HTTP requests
 * through a listening server (on PostgreSQL, from pooled connections at once).
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let base: string;
const buyers: Actor[] = [];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  for (let i = 0; i < 60; i++) {
    const r = await sessionCookie(t, { name: `抢购${i}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    buyers.push(r);
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
async function send(actor: Actor, method: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { cookie: actor.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe(`changing a group buy while orders are placed, on ${usesPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('lowering stock during a rush never oversells and never goes below what is taken', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 60, limit: 1 });
    const itemId = gb.items[0].id;
    // 60 orders of one unit race with the leader lowering the stock to 40, then to 30, then to 20.
    const orders = buyers.map((b) => send(b, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() }));
    const lowers = [40, 30, 20].map((stockTotal) => send(world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${itemId}`, { stockTotal }));
    const results = await Promise.all(orders);
    const changes = await Promise.all(lowers);
    expect([...results, ...changes].filter((r) => r.status >= 500)).toEqual([]);
    for (const c of changes) {
      if (c.status !== 200) expect(c.body.error.code).toBe('groupbuy.stock_below_sold');
    }
    const accepted = results.filter((r) => r.status === 201).length;
    const [item] = await rows<{ stock_total: number; stock_available: number }>(sql`select stock_total, stock_available from group_buy_items where id = ${itemId}`);
    const [{ taken }] = await rows<{ taken: number }>(sql`select coalesce(sum(quantity), 0)::int as taken from order_lines where item_id = ${itemId} and status <> 'cancelled'`);
    expect(taken).toBe(accepted);
    expect(item.stock_available).toBeGreaterThanOrEqual(0);
    expect(item.stock_total - item.stock_available).toBe(taken);
    // The stock ends at the last lowering that succeeded (or stays 60), never below what was taken.
    const applied = await rows<{ after: { stockTotal: number } }>(sql`select after from group_buy_changes where item_id = ${itemId} and kind = 'stock_lowered' order by created_at desc, id desc`);
    if (applied.length) expect(item.stock_total).toBe(Math.min(...applied.map((a) => a.after.stockTotal)));
    expect(item.stock_total).toBeGreaterThanOrEqual(taken);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('a price drop during a rush: every line ends at the new price or is refunded down to it when paid', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 1, priceFen: 3000 });
    const itemId = gb.items[0].id;
    const placing = buyers.slice(0, 30).map(async (b) => {
      const placed = await send(b, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
      if (placed.status !== 201) return placed;
      return send(b, 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`, {});
    });
    const drop = send(world.leader, 'PATCH', `/api/group-buys/${gb.id}/items/${itemId}`, { priceFen: 2500 });
    const results = await Promise.all(placing);
    expect((await drop).status).toBe(200);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    // Every paid line: paid amount − refunded = its value at the new price.
    const lines = await rows<{ unit_price_fen: number; amount_fen: number; refunded_fen: number }>(sql`
      select l.unit_price_fen, p.amount_fen, p.refunded_fen from order_lines l join payments p on p.order_id = l.order_id and p.status in ('held','settled')
      where l.item_id = ${itemId} and l.status = 'paid'`);
    expect(lines.length).toBe(30);
    for (const l of lines) {
      expect(l.unit_price_fen).toBe(2500);
      expect(l.amount_fen - l.refunded_fen).toBe(2500);
    }
  });
});
