// The whole way through the real checkout: 居民1 buys three items in one payment, the goods are
// delivered and received, and one scan of her code hands everything over and settles the payment;
// trust records one good pickup for the basket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, checkoutAndPay, deliverAndReceive, openGroupBuy, pickupCode, sellableProduct } from '../../testing/world.js';
import { ingestTrustEvents } from '../trust/service.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describe('one basket, one payment, one hand-over', () => {
  it('hands a three-item basket over with one scan and settles its one payment', async () => {
    const w = await buildWorld(t, { residents: 2 });
    const eggs = await sellableProduct(t, w, '土鸡蛋', 1800);
    const milk = await sellableProduct(t, w, '鲜牛奶', 1500);
    const gb = await openGroupBuy(t, w.leader, w.community.id, [w.product.id, eggs.id, milk.id], { items: [{ priceFen: 3000 }, { priceFen: 1500 }, { priceFen: 1280 }] });
    const [berryItem, eggItem, milkItem] = gb.items as { id: string }[];
    const order = await checkoutAndPay(t, w.residents[0], w.community.id, [{ itemId: berryItem.id, quantity: 2 }, { itemId: eggItem.id, quantity: 1 }, { itemId: milkItem.id, quantity: 1 }]);
    expect(order.lines).toHaveLength(3);
    expect(order.totalFen).toBe(2 * 3000 + 1500 + 1280);

    // Before delivery and receipt nothing is ready.
    const early = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/lookup`, { code: await pickupCode(t, w.residents[0], w.community.id) });
    expect(early.body.error.code).toBe('pickup.nothing_ready');

    await deliverAndReceive(t, w.leader, gb.id);
    const [g] = await rows<{ status: string }>(sql`select status from group_buys where id = ${gb.id}`);
    expect(g.status).toBe('arrived');
    const code = await pickupCode(t, w.residents[0], w.community.id);
    const seen = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/lookup`, { code });
    expect(seen.body.resident.name).toBe('居民1');
    expect(seen.body.lines.map((l: { productName: string; quantity: number; groupNumber: number }) => [l.productName, l.quantity, l.groupNumber])).toEqual([['有机草莓', 2, 1], ['土鸡蛋', 1, 1], ['鲜牛奶', 1, 1]]);
    const done = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code });
    expect(done.status).toBe(200);

    const view = await call(t, w.residents[0], 'GET', `/api/orders/${order.id}`);
    expect(view.body.lines.map((l: { status: string }) => l.status)).toEqual(['picked_up', 'picked_up', 'picked_up']);
    const [p] = await rows<{ status: string; settled_fen: number }>(sql`select status, settled_fen from payments where order_id = ${order.id} and status <> 'cancelled'`);
    expect(p).toEqual({ status: 'settled', settled_fen: 8780 });

    await ingestTrustEvents(t.database.db, 1000, t.clock.now());
    const evidence = await rows<{ kind: string }>(sql`select kind from resident_evidence where user_id = ${w.residents[0].userId}`);
    expect(evidence.map((e) => e.kind)).toEqual(['order_picked_up']);
  });
});
