import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { call } from '../../testing/world.js';
import { aggregate, closedGroupBuy, fulfilmentWorld, paidBasket, poLineOf, type FWorld } from '../../testing/fulfilment-fixtures.js';

let t: TestApp;
let w: FWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await fulfilmentWorld(t, ['李阿姨']);
  const moved = await call(t, w.operator, 'PATCH', `/api/communities/${w.community.id}`, { timeZone: 'Europe/Berlin' });
  expect(moved.body.timeZone).toBe('Europe/Berlin');
});
afterAll(async () => { await t?.close(); });

/** A closed group buy whose pickup starts at `at`, one paid basket of it, aggregated: its purchase order's delivery day. */
async function deliveryDayFor(at: string) {
  const gb = await closedGroupBuy(t, w, { items: [{ product: 0, priceFen: 3000 }], startInMs: new Date(at).getTime() - t.clock.now().getTime() });
  await paidBasket(t, w, w.residents[0], [{ item: gb.items[0], groupBuyId: gb.id, quantity: 1 }]);
  await aggregate(t, [gb.id]);
  const po = await call(t, w.supplier.member, 'GET', `/api/purchase-orders/${(await poLineOf(t, gb.items[0].id)).purchase_order_id}`);
  return po.body.deliveryDate as string;
}

describe('the make-to-order delivery day', () => {
  it("is the pickup start's date in the pickup point's own time zone", async () => {
    // Already November 1st in Shanghai, still October 31st in Berlin.
    expect(await deliveryDayFor('2026-10-31T16:30:00Z')).toBe('2026-10-31');
    // Still October 31st in UTC, already November 1st in Berlin.
    expect(await deliveryDayFor('2026-10-31T23:30:00Z')).toBe('2026-11-01');
  });
});
