import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, usesPostgres, type TestApp } from '../testing/app.js';
import { buildWorld, idemKey, openGroupBuy, orderAndPay, type Actor } from '../testing/world.js';
import { joinByInvite } from '../modules/community/service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let base: string;
const buyers: Actor[] = [];
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0 });
  for (let i = 0; i < 40; i++) {
    const r = await sessionCookie(t, { name: `邻居${i}` });
    await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
    buyers.push(r);
  }
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 180_000);
afterAll(async () => { await t?.close(); });

async function post(actor: Actor, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie: actor.cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: await res.json() };
}

describe.skipIf(!usesPostgres())('review: lock order', () => {
  it('residents cancelling paid orders while the leader closes early never get a 500', async () => {
    let fiveHundreds = 0;
    for (let round = 0; round < 5 && fiveHundreds === 0; round++) {
      const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 2 });
      const orders = [];
      for (const b of buyers) orders.push(await orderAndPay(t, b, gb.id, 1));
      const results = await Promise.all([
        ...orders.slice(0, 20).map((o, i) => post(buyers[i], `/api/orders/${o.id}/cancel`, {})),
        post(world.leader, `/api/group-buys/${gb.id}/close`),
        ...orders.slice(20).map((o, i) => post(buyers[20 + i], `/api/orders/${o.id}/cancel`, {})),
      ]);
      fiveHundreds += results.filter((r) => r.status >= 500).length;
    }
    // cancelOrder locks the order row, then the group buy; closing locks the group buy, then the orders.
    expect(fiveHundreds).toBe(0);
  });

  it('a resident ordering again while the leader closes early never gets a 500', async () => {
    let fiveHundreds = 0;
    for (let round = 0; round < 5 && fiveHundreds === 0; round++) {
      const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 1000, limit: 10 });
      // Each resident already holds one unpaid order (closing releases it and touches her limit row).
      for (const b of buyers) await post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
      const results = await Promise.all([
        ...buyers.slice(0, 20).map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })),
        post(world.leader, `/api/group-buys/${gb.id}/close`),
        ...buyers.slice(20).map((b) => post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() })),
      ]);
      fiveHundreds += results.filter((r) => r.status >= 500).length;
    }
    expect(fiveHundreds).toBe(0);
  });
});
