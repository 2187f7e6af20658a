import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { babyFoodBundle } from '../testing/bundles.js';
import { buildWorld, call, idemKey, joinedResident, sellableProduct, type Actor } from '../testing/world.js';
import { allocateBundlePrice } from '../modules/groupbuy/index.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 0 });
}, 120_000);
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const count = async (table: string) => (await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0].n;
const stocks = async (ids: string[]) => Object.fromEntries((await rows<{ id: string; s: number }>(sql`select id, stock_available as s from group_buy_items where id in ${ids}`)).map((r) => [r.id, r.s]));
async function pay(her: Actor, placed: { order: { id: string }; payment: { paymentId: string } }) {
  expect((await call(t, her, 'POST', `/api/payments/${placed.payment.paymentId}/sandbox-confirm`)).status).toBe(200);
  return (await call(t, her, 'GET', `/api/orders/${placed.order.id}`)).body;
}
const refundedOf = async (orderId: string) => (await rows<{ r: number; a: number }>(sql`select refunded_fen as r, amount_fen as a from payments where order_id = ${orderId} and status <> 'pending'`))[0];

describe('price allocation', () => {
  it('whole fen per unit that sum exactly to the bundle price', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ priceFen: fc.integer({ min: 1, max: 1_000_000 }), units: fc.integer({ min: 1, max: 20 }) }), { minLength: 2, maxLength: 8 }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      (parts, ratio) => {
        const list = parts.reduce((s, p) => s + p.priceFen * p.units, 0);
        const price = Math.max(1, Math.floor(list * ratio));
        const shares = allocateBundlePrice(price, parts);
        // A part of one unit always takes the remainder.
        if (parts.some((p) => p.units === 1)) expect(shares).not.toBeNull();
        if (!shares) return;
        expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
        expect(parts.reduce((s, p, i) => s + shares[i] * p.units, 0)).toBe(price);
      },
    ), { numRuns: 500 });
    expect(allocateBundlePrice(8000, [{ priceFen: 3600, units: 1 }, { priceFen: 1800, units: 2 }, { priceFen: 2000, units: 1 }])).toEqual([3130, 1565, 1740]);
    // Every part of two units and an odd price: no whole-fen split.
    expect(allocateBundlePrice(101, [{ priceFen: 100, units: 2 }, { priceFen: 100, units: 2 }])).toBeNull();
  });
});

describe('defining and offering a bundle', () => {
  it('a bundle with a product outside the campaign is refused naming it, and nothing is written', async () => {
    const b = await babyFoodBundle(t, w);
    const outsider = await sellableProduct(t, w, '普通磨牙饼干', 1500);
    const before = [await count('campaign_bundles'), await count('campaign_bundle_products')];
    const res = await call(t, w.operator, 'POST', `/api/campaigns/${b.campaign.id}/bundles`, {
      nameZh: '磨牙套餐', nameEn: 'Teething', priceFen: 4000, parts: [{ productId: b.products.cereal.id, units: 1 }, { productId: outsider.id, units: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('campaign.bundle_product_outside');
    expect(res.body.error.message).toContain('普通磨牙饼干');
    const dear = await call(t, w.operator, 'POST', `/api/campaigns/${b.campaign.id}/bundles`, {
      nameZh: '不划算', nameEn: 'Dear', priceFen: 3900 + 1900, parts: [{ productId: b.products.cereal.id, units: 1 }, { productId: b.products.veg.id, units: 1 }],
    });
    expect(dear.body.error.code).toBe('campaign.bundle_price_not_lower');
    // A leader cannot define one, nor sell it above its parts.
    expect((await call(t, w.leader, 'POST', `/api/campaigns/${b.campaign.id}/bundles`, { nameZh: 'x', nameEn: 'x', priceFen: 100, parts: [] })).status).toBe(403);
    expect([await count('campaign_bundles'), await count('campaign_bundle_products')]).toEqual(before);
    const offers = await count('group_buy_bundles');
    const high = await call(t, w.leader, 'POST', `/api/group-buys/${b.groupBuy.id}/bundles`, { campaignBundleId: b.bundle.id, priceFen: 9201 });
    expect(high.status).toBe(400);
    expect(high.body.error.code).toBe('groupbuy.bundle_price_too_high');
    // A group buy without one of the parts cannot sell it.
    const other = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/group-buys`, {
      items: [{ productId: b.products.cereal.id, priceFen: 3600, stockTotal: 10, perPersonLimit: 2 }],
      cutoffAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(), pickupStartAt: new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString(), pickupEndAt: new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString(),
    });
    const missing = await call(t, w.leader, 'POST', `/api/group-buys/${other.body.id}/bundles`, { campaignBundleId: b.bundle.id, priceFen: 5000 });
    expect(missing.body.error.code).toBe('groupbuy.bundle_part_missing');
    expect(missing.body.error.message).toContain('胡萝卜南瓜泥');
    // A resident cannot offer it in the leader's group buy.
    const her = await joinedResident(t, w.community, '假团长');
    expect((await call(t, her, 'POST', `/api/group-buys/${b.groupBuy.id}/bundles`, { campaignBundleId: b.bundle.id, priceFen: 5000 })).status).toBe(403);
    expect(await count('group_buy_bundles')).toBe(offers);
  });
});

describe('buying a bundle', () => {
  it('one basket line, one payment; each part is taken from its own item and the shares sum to what she paid', async () => {
    const b = await babyFoodBundle(t, w);
    const her = await joinedResident(t, w.community, '李阿姨');
    const ids = [b.items.cereal, b.items.veg, b.items.fruit];
    const before = await stocks(ids);
    const basket = await call(t, her, 'PUT', `/api/communities/${w.community.id}/basket/bundles/${b.offer.offerId}`, { quantity: 2 });
    expect(basket.status).toBe(200);
    expect(basket.body.bundles).toHaveLength(1);
    expect(basket.body.bundles[0]).toMatchObject({ quantity: 2, priceFen: 8000, lineTotalFen: 16000, savingFen: 1200, problem: null });
    expect(basket.body.bundles[0].parts.map((p: { units: number }) => p.units)).toEqual([1, 2, 1]);
    await call(t, her, 'PUT', `/api/communities/${w.community.id}/basket/items/${b.items.fruit}`, { quantity: 1 });
    const placed = await call(t, her, 'POST', `/api/communities/${w.community.id}/checkout`, { idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    expect(placed.body.order.totalFen).toBe(16000 + 2000);
    const order = await pay(her, placed.body);
    const parts = order.lines.filter((l: { bundleOfferId: string | null }) => l.bundleOfferId === b.offer.offerId);
    expect(parts).toHaveLength(3);
    expect(parts.reduce((s: number, l: { totalFen: number }) => s + l.totalFen, 0)).toBe(16000);
    const after = await stocks(ids);
    expect([before[b.items.cereal] - after[b.items.cereal], before[b.items.veg] - after[b.items.veg], before[b.items.fruit] - after[b.items.fruit]]).toEqual([2, 4, 3]);
    // What was bought left the basket.
    const empty = await call(t, her, 'GET', `/api/communities/${w.community.id}/basket`);
    expect(empty.body.bundles).toHaveLength(0);
    expect(empty.body.lines).toHaveLength(0);
  });

  it('a sold-out part makes the bundle sold out: refused naming the part, no stock taken from the others', async () => {
    const b = await babyFoodBundle(t, w, { stocks: [50, 3, 50] });
    const her = await joinedResident(t, w.community, '张阿姨');
    const ids = [b.items.cereal, b.items.veg, b.items.fruit];
    const before = await stocks(ids);
    const orders = await count('orders');
    const offer = await call(t, her, 'GET', `/api/group-buys/${b.groupBuy.id}/bundles`);
    expect(offer.body.items[0].available).toBe(1);
    const res = await call(t, her, 'POST', `/api/communities/${w.community.id}/checkout`, { bundles: [{ offerId: b.offer.offerId, quantity: 2 }], idempotencyKey: idemKey() });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('order.lines_short');
    expect(res.body.error.details.lines.map((l: { productName: string }) => l.productName)).toEqual(['胡萝卜南瓜泥']);
    expect(await stocks(ids)).toEqual(before);
    expect(await count('orders')).toBe(orders);
  });

  it('her cancel returns every part; the leader may cancel one part and refund exactly its share, never more than was paid', async () => {
    const b = await babyFoodBundle(t, w);
    const ids = [b.items.cereal, b.items.veg, b.items.fruit];
    const her = await joinedResident(t, w.community, '王阿姨');
    const start = await stocks(ids);
    const placed = await call(t, her, 'POST', `/api/communities/${w.community.id}/checkout`, { bundles: [{ offerId: b.offer.offerId, quantity: 1 }], idempotencyKey: idemKey() });
    const order = await pay(her, placed.body);
    const cereal = order.lines.find((l: { itemId: string }) => l.itemId === b.items.cereal);
    // Cancelling one part cancels the bundle she bought as one.
    const cancelled = await call(t, her, 'POST', `/api/orders/${order.id}/cancel`, { lineIds: [cereal.id] });
    expect(cancelled.status).toBe(200);
    expect(await stocks(ids)).toEqual(start);
    expect(await refundedOf(order.id)).toEqual({ r: 8000, a: 8000 });

    const again = await pay(her, (await call(t, her, 'POST', `/api/communities/${w.community.id}/checkout`, { bundles: [{ offerId: b.offer.offerId, quantity: 2 }], idempotencyKey: idemKey() })).body);
    const veg = again.lines.find((l: { itemId: string }) => l.itemId === b.items.veg);
    expect(veg).toMatchObject({ quantity: 4, unitPriceFen: 1565 });
    // The puree cannot be supplied: one of its units is cancelled, the rest of the bundle stays.
    const one = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/orders/${again.id}/cancel`, { lines: [{ lineId: veg.id, quantity: 1 }], reasonCode: 'out_of_stock', note: '南瓜泥到货破损' });
    expect(one.status).toBe(200);
    expect((await refundedOf(again.id)).r).toBe(1565);
    const rest = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/orders/${again.id}/cancel`, { lines: [{ lineId: veg.id }], reasonCode: 'out_of_stock', note: '南瓜泥到货破损' });
    expect(rest.status).toBe(200);
    expect((await refundedOf(again.id)).r).toBe(4 * 1565);
    // Nothing of that part is left to cancel: refused, nothing more refunded.
    const beyond = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/orders/${again.id}/cancel`, { lines: [{ lineId: veg.id, quantity: 1 }], reasonCode: 'out_of_stock', note: '再退一次' });
    expect(beyond.status).toBe(409);
    const p = await refundedOf(again.id);
    expect(p.r).toBe(4 * 1565);
    expect(p.r).toBeLessThanOrEqual(p.a);
    const view = (await call(t, her, 'GET', `/api/orders/${again.id}`)).body;
    expect(view.lines.filter((l: { status: string }) => l.status !== 'cancelled')).toHaveLength(2);
  });
});

describe('what her pages read', () => {
  it('the group buy answer carries its bundle offers, and her order names the bundle its part lines belong to', async () => {
    const b = await babyFoodBundle(t, w);
    const her = await joinedResident(t, w.community, '李阿姨');
    const gb = await call(t, her, 'GET', `/api/group-buys/${b.groupBuy.id}`);
    expect(gb.status).toBe(200);
    expect(gb.body.bundles).toHaveLength(1);
    expect(gb.body.bundles[0]).toMatchObject({ offerId: b.offer.offerId, nameZh: '宝宝的第一口辅食', priceFen: 8000, separateFen: 9200, savingFen: 1200, available: 50 });
    const placed = await call(t, her, 'POST', `/api/communities/${w.community.id}/checkout`, { bundles: [{ offerId: b.offer.offerId, quantity: 1 }], idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    const order = await call(t, her, 'GET', `/api/orders/${placed.body.order.id}`);
    expect(order.body.bundles).toEqual([{ offerId: b.offer.offerId, nameZh: '宝宝的第一口辅食', nameEn: "Baby's first spoonful", priceFen: 8000, parts: b.offer.parts.map((p) => ({ itemId: p.itemId, units: p.units })) }]);
    expect(order.body.lines.every((l: { bundleOfferId: string | null }) => l.bundleOfferId === b.offer.offerId)).toBe(true);
  });

  it('someone outside the community reads neither the group buy nor its bundles', async () => {
    const b = await babyFoodBundle(t, w);
    const outsider: Actor = await sessionCookie(t, { name: '外人' });
    const res = await call(t, outsider, 'GET', `/api/group-buys/${b.groupBuy.id}`);
    expect(res.status).toBe(403);
    expect(res.body.bundles).toBeUndefined();
  });

  // Last in the file: it moves the clock past the group buy's cut-off.
  it('the campaign page lists where her community sells a bundle while that group buy is open, and no longer after its cut-off', async () => {
    const b = await babyFoodBundle(t, w);
    const her = await joinedResident(t, w.community, '王阿姨');
    const url = `/api/campaigns/by-slug/${b.campaign.slug}/bundles/communities/${w.community.id}`;
    const open = await call(t, her, 'GET', url);
    expect(open.status).toBe(200);
    expect(open.body.bundles.map((x: { id: string }) => x.id)).toEqual([b.bundle.id]);
    expect(open.body.offers.map((o: { offerId: string }) => o.offerId)).toEqual([b.offer.offerId]);
    const [gb] = await rows<{ cutoff_at: Date }>(sql`select cutoff_at from group_buys where id = ${b.groupBuy.id}`);
    t.clock.advance(new Date(gb.cutoff_at).getTime() - t.clock.now().getTime());
    const closed = await call(t, her, 'GET', url);
    expect(closed.body.bundles).toHaveLength(1);
    expect(closed.body.offers).toEqual([]);
  });
});
