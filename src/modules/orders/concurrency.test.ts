import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../../db/testing.js';
import { buildWorld, idemKey, openGroupBuy, type Actor } from '../../shared/test-world.js';
import { joinByInvite } from '../community/service.js';
import { closeDueGroupBuys, reconcileStock } from '../groupbuy/service.js';

/**
 * Real concurrent HTTP requests through a listening server. On PostgreSQL they hit the same hot
 * row from up to 40 pooled connections at once.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let base: string;
const buyers: Actor[] = [];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
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

describe(`concurrency on ${usesPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('200 concurrent orders against 50 units: exactly 50 accepted, the rest sold out, stock never negative', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 50, limit: 1 });
    const results = await Promise.all(buyers.map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })));
    const accepted = results.filter((r) => r.status === 201);
    const soldOut = results.filter((r) => r.status === 409 && r.body.error.code === 'order.sold_out');
    expect(accepted).toHaveLength(50);
    expect(soldOut).toHaveLength(150);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    const [counter] = await rows<{ stock_available: number }>(sql`select stock_available from group_buys where id = ${gb.id}`);
    expect(counter.stock_available).toBe(0);
    const [{ n, q }] = await rows<{ n: number; q: number }>(sql`select count(*)::int as n, coalesce(sum(quantity),0)::int as q from orders where group_buy_id = ${gb.id} and status <> 'cancelled'`);
    expect(n).toBe(50);
    expect(q).toBe(50);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('the same idempotency key fired 20 times at once makes one order', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 50, limit: 5 });
    const key = idemKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => post(buyers[0], `/api/group-buys/${gb.id}/orders`, { quantity: 2 }, { 'idempotency-key': key })));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from orders where group_buy_id = ${gb.id}`);
    expect(n).toBe(1);
    const [counter] = await rows<{ stock_available: number }>(sql`select stock_available from group_buys where id = ${gb.id}`);
    expect(counter.stock_available).toBe(48);
  });

  it('one resident firing many orders at once cannot pass the per-person limit', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 50, limit: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => post(buyers[1], `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.body.error?.code === 'order.over_limit')).toHaveLength(7);
  });

  it('orders racing the cut-off: every accepted order is counted by the close, none slips in after', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 1 });
    const orders = Promise.all(buyers.slice(0, 80).map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })));
    const close = new Promise((r) => setTimeout(r, 15)).then(() => post(world.leader, `/api/group-buys/${gb.id}/close`, {}));
    const [results, closed] = await Promise.all([orders, close]);
    expect(closed.status).toBe(200);
    const accepted = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 409 && r.body.error.code === 'groupbuy.closed').length;
    expect(accepted + refused).toBe(80);
    const [ev] = await rows<{ payload: { cancelledUnpaid: number } }>(sql`select payload from domain_events where type = 'groupbuy.closed' and subject_id = ${gb.id}`);
    // Accepted orders were unpaid, so the close cancelled exactly those.
    expect(ev.payload.cancelledUnpaid).toBe(accepted);
    const [{ open }] = await rows<{ open: number }>(sql`select count(*)::int as open from orders where group_buy_id = ${gb.id} and status = 'pending_payment'`);
    expect(open).toBe(0);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
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
