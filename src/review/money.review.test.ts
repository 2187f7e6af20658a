import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { buildWorld, call, HOUR, idemKey, openGroupBuy, orderAndPay, pickupCode } from '../testing/world.js';
import { aggregateClosedGroupBuys } from '../modules/fulfilment/purchase-orders.service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describe('review: money', () => {
  it('a provider success notification that arrives after the resident cancelled her unpaid order is refunded, not swallowed', async () => {
    const [resident] = world.residents;
    const placed = await call(t, resident, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    const paymentId = placed.body.payment.paymentId as string;
    const [p] = await rows<{ provider_ref: string; amount_fen: number }>(sql`select provider_ref, amount_fen from payments where id = ${paymentId}`);
    // She cancels in Linli while the WeChat Pay sheet was already confirmed on her phone.
    const cancelled = await call(t, resident, 'POST', `/api/orders/${placed.body.order.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    // The provider's (signed) success notification arrives afterwards: the money was taken.
    const note = t.payments.confirm(p.provider_ref, p.amount_fen);
    const res = await call(t, null, 'POST', '/api/payments/notify/sandbox', note.body, { 'x-linli-signature': note.signature });
    expect(res.status).toBe(200);
    const [after] = await rows<{ status: string; refunded_fen: number }>(sql`select status, refunded_fen from payments where id = ${paymentId}`);
    const refunded = [...t.payments.refunds.values()].filter((r) => r.providerRef === p.provider_ref);
    // Expected: the money goes straight back. Actual: payment stays 'cancelled', no refund is issued.
    expect(refunded.map((r) => r.amountFen)).toEqual([p.amount_fen]);
    expect(after.status).toBe('refunded');
  });

  it('a pickup cannot be verified (and the money settled) before the goods reached the pickup point', async () => {
    const w = await buildWorld(t, { residents: 1 });
    const order = await orderAndPay(t, w.residents[0], w.groupBuy.id, 2);
    // The leader closes the buy; orders become "confirmed" — nothing has been delivered yet.
    expect((await call(t, w.leader, 'POST', `/api/group-buys/${w.groupBuy.id}/close`)).status).toBe(200);
    // Even with her own live code (a printed pick list no longer carries any), nothing is ready to hand over.
    const verify = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, w.residents[0], w.community.id) });
    expect([404, 409]).toContain(verify.status);
    expect(verify.body.error.code).toMatch(/^pickup\./);
    const [pay] = await rows<{ status: string; settled_fen: number }>(sql`select status, settled_fen from payments where order_id = ${order.id}`);
    expect(pay).toEqual({ status: 'held', settled_fen: 0 });
  });

  it('a supplier delivering nothing refunds every paid order (no settled money for undelivered goods)', async () => {
    const w = await buildWorld(t, { residents: 1 });
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 10, limit: 5, priceFen: 1000, cutoffInMs: HOUR });
    const order = await orderAndPay(t, w.residents[0], gb.id, 2);
    expect((await call(t, w.leader, 'POST', `/api/group-buys/${gb.id}/close`)).status).toBe(200);
    // An early hand-over with her code is refused (nothing reached the pickup point).
    expect((await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/pickups/verify`, { code: await pickupCode(t, w.residents[0], w.community.id) })).status).not.toBe(200);
    await aggregateClosedGroupBuys(t.database.db);
    const [line] = await rows<{ id: string; purchase_order_id: string; quantity_ordered: number }>(sql`select id, purchase_order_id, quantity_ordered from purchase_order_lines where group_buy_id = ${gb.id}`);
    expect(line.quantity_ordered).toBe(2);
    const po = await call(t, w.supplier.member, 'GET', `/api/purchase-orders/${line.purchase_order_id}`);
    const lines = po.body.lines.map((l: { id: string; quantityOrdered: number }) => ({ lineId: l.id, quantityConfirmed: l.quantityOrdered }));
    expect((await call(t, w.supplier.member, 'POST', `/api/purchase-orders/${line.purchase_order_id}/confirm`, { lines })).status).toBe(200);
    const delivered = await call(t, w.operator, 'POST', `/api/purchase-order-lines/${line.id}/delivery`, { quantityDelivered: 0 });
    expect(delivered.status).toBe(200);
    const [pay] = await rows<{ status: string; refunded_fen: number; leader_commission_fen: number | null }>(sql`select status, refunded_fen, leader_commission_fen from payments where order_id = ${order.id}`);
    // Expected: refunded in full. Actual: 'settled' with commission 160 fen, refunded_fen 0, refundedOrders 0.
    expect(pay.refunded_fen).toBe(2000);
    expect(pay.leader_commission_fen ?? 0).toBe(0);
  });

  it('a valid order of an expensive item (price × quantity above 2^31 fen) gets a clear error, not a 500', async () => {
    const w = await buildWorld(t, { residents: 1 });
    // Opening a buy whose single order could pass ¥1,000,000 is refused with a clear reason…
    const now = t.clock.now().getTime();
    const open = await call(t, w.leader, 'POST', `/api/communities/${w.community.id}/group-buys`, {
      items: [{ productId: w.product.id, priceFen: 100_000_000, stockTotal: 100, perPersonLimit: 50 }],
      cutoffAt: new Date(now + 3.6e6).toISOString(), pickupStartAt: new Date(now + 7.2e6).toISOString(), pickupEndAt: new Date(now + 9e6).toISOString(),
    });
    expect(open.status).toBe(400);
    expect(open.body.error.code).toBe('groupbuy.order_total_too_large');
    // …and a quantity far above the limit is refused before anything is written.
    const gb = await openGroupBuy(t, w.leader, w.community.id, w.product.id, { stock: 100, limit: 5, priceFen: 10_000_000 });
    const res = await call(t, w.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1000, idempotencyKey: idemKey() });
    expect(res.status).toBe(400);
    // Refused for the limit, or first for the order total it would reach: a clear reason either way.
    expect(res.body.error.code).toMatch(/^(order\.over_limit|groupbuy\.order_total_too_large)$/);
    expect(((await t.database.db.execute(sql`select count(*)::int as n from order_lines where group_buy_id = ${gb.id}`)) as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });
});
