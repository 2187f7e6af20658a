import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, checkoutAndPay, openGroupBuy, orderAndPay, pickUp, sellableProduct } from '../../testing/world.js';

const DAY = 86_400_000;
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 4 });
});
afterAll(async () => { await t?.close(); });

/** Moves an order's payment time, so months can be built by hand. */
const paidOn = (orderId: string, at: string) => t.database.db.execute(sql`update orders set paid_at = ${new Date(at)} where id = ${orderId}`);

describe('monthly measures (hand-made cohort)', () => {
  it('repurchase rate and AOV per month, only counting paid, not fully refunded orders; no pickup rate before goods arrive', async () => {
    const [a, b, c, d] = world.residents;
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 5, priceFen: 3000 });
    // September (Shanghai time): A, B, C buy. October: A and B buy again, D is new; C's October order is cancelled.
    const sept = [await orderAndPay(t, a, gb.id, 1), await orderAndPay(t, b, gb.id, 2), await orderAndPay(t, c, gb.id, 1)];
    const oct = [await orderAndPay(t, a, gb.id, 1), await orderAndPay(t, b, gb.id, 1), await orderAndPay(t, d, gb.id, 3)];
    const cancelled = await orderAndPay(t, c, gb.id, 1);
    expect((await call(t, c, 'POST', `/api/orders/${cancelled.id}/cancel`, {})).status).toBe(200);
    for (const o of sept) await paidOn(o.id, '2026-09-10T04:00:00Z');
    for (const o of oct) await paidOn(o.id, '2026-10-12T04:00:00Z');
    await paidOn(cancelled.id, '2026-10-13T04:00:00Z');
    // Shanghai month boundary: 2026-09-30 17:00 UTC is already October 1st there.
    await paidOn(oct[2].id, '2026-09-30T17:00:00Z');

    const res = await call(t, world.leader, 'GET', `/api/metrics/monthly?communityId=${world.community.id}&from=2026-09-01T00:00:00%2B08:00&to=2026-11-01T00:00:00%2B08:00`);
    expect(res.status).toBe(200);
    const [september, october] = res.body.items;
    expect(september).toMatchObject({ month: '2026-09', buyers: 3, orders: 3, gmvFen: 12000, repurchaseRate: null, aovFen: 4000 });
    // October: A and B came back out of September's A, B, C → 2/3. D is a new buyer.
    expect(october).toMatchObject({ month: '2026-10', buyers: 3, orders: 3, gmvFen: 15000, repeatBuyers: 2, previousBuyers: 3, aovFen: 5000 });
    expect(october.repurchaseRate).toBeCloseTo(2 / 3, 10);
    expect(october.pickupRate).toBeNull(); // nothing arrived yet
    // November: A pays one basket of two items (one order, one AOV), and a line of it is cancelled
    // before the cut-off: GMV is the basket, its refunds are that line's.
    const eggs = await sellableProduct(t, world, '土鸡蛋', 2000);
    const mixed = await openGroupBuy(t, world.leader, world.community.id, [world.product.id, eggs.id], { items: [{ priceFen: 3000 }, { priceFen: 1800 }] });
    const basket = await checkoutAndPay(t, a, world.community.id, [{ itemId: mixed.items[0].id, quantity: 2 }, { itemId: mixed.items[1].id, quantity: 1 }]);
    const eggLine = basket.lines.find((l: { itemId: string }) => l.itemId === mixed.items[1].id);
    expect((await call(t, a, 'POST', `/api/orders/${basket.id}/cancel`, { lineIds: [eggLine.id] })).status).toBe(200);
    await paidOn(basket.id, '2026-11-05T04:00:00Z');
    const nov = await call(t, world.leader, 'GET', `/api/metrics/monthly?communityId=${world.community.id}&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00`);
    // October's buyers were A, B and D; A came back → 1/3.
    expect(nov.body.items).toEqual([expect.objectContaining({ month: '2026-11', buyers: 1, orders: 1, lines: 1, gmvFen: 7800, refundsFen: 1800, aovFen: 6000, repeatBuyers: 1, previousBuyers: 3 })]);
    const byProduct = await call(t, world.operator, 'GET', `/api/metrics/monthly?productId=${eggs.id}&from=2026-11-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00`);
    // Its only line was cancelled: the product sold nothing that counts.
    expect(byProduct.body.items).toEqual([]);
    expect((await call(t, a, 'GET', `/api/metrics/monthly?communityId=${world.community.id}&from=2026-09-01T00:00:00Z&to=2026-11-01T00:00:00Z`)).status).toBe(403);
  });

  it('pickup rate per month: baskets wholly collected out of baskets whose goods reached the pickup point', async () => {
    const [a, b, c] = world.residents;
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 100, limit: 5, priceFen: 3000 });
    const orders = [await orderAndPay(t, a, gb.id, 1), await orderAndPay(t, b, gb.id, 2), await orderAndPay(t, c, gb.id, 1)];
    // The goods arrive for all three; A and B collect with their codes, C does not come.
    await pickUp(t, world.leader, world.community.id, gb.id, [{ actor: a }, { actor: b }]);
    for (const o of orders) await paidOn(o.id, '2026-12-08T04:00:00Z');
    const dec = await call(t, world.leader, 'GET', `/api/metrics/monthly?communityId=${world.community.id}&from=2026-12-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00`);
    expect(dec.body.items).toEqual([expect.objectContaining({ month: '2026-12', orders: 3, readyOrHandedOver: 3, pickedUp: 2 })]);
    expect(dec.body.items[0].pickupRate).toBeCloseTo(2 / 3, 10);
  });
});
