import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, sessionCookie, type TestApp } from '../../db/testing.js';
import { buildWorld, call, HOUR, idemKey, openGroupBuy, orderAndPay } from '../../shared/test-world.js';
import { reconcileStock } from '../groupbuy/service.js';
import { expireUnpaidOrders } from './service.js';
import { handlePaymentSucceeded } from '../payments/service.js';

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 3, stock: 5, limit: 3 });
});
afterAll(async () => { await t?.close(); });

const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
const orderCount = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from orders`))[0].n;

describe('placing orders', () => {
  it('places an order, reserves stock, and pays through the sandbox into a held payment with a pickup code', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10, limit: 3, priceFen: 3680 });
    const placed = await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2, idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    expect(placed.body.order).toMatchObject({ quantity: 2, unitPriceFen: 3680, totalFen: 7360, status: 'pending_payment', pickupCode: null });
    expect(placed.body.payment).toMatchObject({ amountFen: 7360, payUrl: `/pay/${placed.body.payment.paymentId}` });
    expect((await call(t, world.residents[0], 'GET', `/api/group-buys/${gb.id}`)).body.stockAvailable).toBe(8);

    const pay = await call(t, world.residents[0], 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`);
    expect(pay.body.status).toBe('held');
    const order = await call(t, world.residents[0], 'GET', `/api/orders/${placed.body.order.id}`);
    expect(order.body.status).toBe('paid');
    expect(order.body.pickupCode).toMatch(/^\d{8}$/);
    expect(order.body.pickupQrDataUrl).toMatch(/^data:image\/png;base64,/);
    // Paying twice does nothing more.
    expect((await call(t, world.residents[0], 'POST', `/api/payments/${placed.body.payment.paymentId}/sandbox-confirm`)).status).toBe(409);
    const types = await rows<{ type: string }>(sql`select type from domain_events where subject_id in (${placed.body.order.id}, ${placed.body.payment.paymentId}) order by id`);
    expect(types.map((r) => r.type)).toEqual(['order.placed', 'order.paid', 'payment.succeeded']);
  });

  it('a retried request with the same idempotency key returns the same order and takes no more stock', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 10 });
    const key = idemKey();
    const a = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1 }, { 'idempotency-key': key });
    const b = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1 }, { 'idempotency-key': key });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.replayed).toBe(true);
    expect(b.body.order.id).toBe(a.body.order.id);
    expect(b.body.payment.paymentId).toBe(a.body.payment.paymentId);
    expect((await call(t, world.residents[1], 'GET', `/api/group-buys/${gb.id}`)).body.stockAvailable).toBe(9);
    const reused = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2 }, { 'idempotency-key': key });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('order.idempotency_key_reused');
    const missing = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1 });
    expect(missing.body.error.code).toBe('order.idempotency_key_required');
  });

  it('refuses bad quantities, the per-person limit, sold-out stock and outsiders, changing nothing', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 4, limit: 3 });
    const before = await orderCount();
    const zero = await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 0, idempotencyKey: idemKey() });
    expect(zero.body.error.code).toBe('order.quantity_invalid');
    const frac = await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1.5, idempotencyKey: idemKey() });
    expect(frac.status).toBe(400);
    const over = await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 4, idempotencyKey: idemKey() });
    expect(over.body.error).toEqual({ code: 'order.over_limit', message: '每人限购 3 份，你还可以买 3 份', details: { limit: 3, remaining: 3 } });
    expect((await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2, idempotencyKey: idemKey() })).status).toBe(201);
    const more = await call(t, world.residents[0], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2, idempotencyKey: idemKey() });
    expect(more.body.error.message).toBe('每人限购 3 份，你还可以买 1 份');
    const sold = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 3, idempotencyKey: idemKey() });
    expect(sold.status).toBe(409);
    expect(sold.body.error).toEqual({ code: 'order.sold_out', message: '库存不足：只剩 2 份了', details: { available: 2 } });
    const outsider = await sessionCookie(t);
    const foreign = await call(t, outsider, 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('community.not_member');
    expect(await orderCount()).toBe(before + 1);
    expect((await call(t, world.residents[1], 'GET', `/api/group-buys/${gb.id}`)).body.stockAvailable).toBe(2);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('refuses orders before opening time', async () => {
    const now = t.clock.now().getTime();
    const res = await call(t, world.leader, 'POST', `/api/communities/${world.community.id}/group-buys`, {
      productId: world.product.id, priceFen: 100, stockTotal: 5, perPersonLimit: 1, opensAt: new Date(now + HOUR).toISOString(),
      cutoffAt: new Date(now + 3 * HOUR).toISOString(), pickupStartAt: new Date(now + 4 * HOUR).toISOString(), pickupEndAt: new Date(now + 5 * HOUR).toISOString(),
    });
    expect(res.body.status).toBe('scheduled');
    const early = await call(t, world.residents[0], 'POST', `/api/group-buys/${res.body.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(early.body.error.code).toBe('groupbuy.not_open');
  });
});

describe('cancelling and expiry', () => {
  it('cancels before the cut-off: stock returns, a paid order is refunded through the provider', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 6, limit: 3 });
    const order = await orderAndPay(t, world.residents[2], gb.id, 3);
    expect((await call(t, world.residents[2], 'GET', `/api/group-buys/${gb.id}`)).body.stockAvailable).toBe(3);
    // Another resident cannot cancel it (and cannot even see it).
    expect((await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`)).status).toBe(404);
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${order.id}`)).status).toBe(404);
    const cancelled = await call(t, world.residents[2], 'POST', `/api/orders/${order.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await call(t, world.residents[2], 'GET', `/api/group-buys/${gb.id}`)).body.stockAvailable).toBe(6);
    const [payment] = await rows<{ status: string; refunded_fen: number; provider_ref: string }>(sql`select status, refunded_fen, provider_ref from payments where order_id = ${order.id}`);
    expect(payment).toMatchObject({ status: 'refunded', refunded_fen: order.totalFen });
    expect([...t.payments.refunds.values()].some((r) => r.providerRef === payment.provider_ref && r.amountFen === order.totalFen)).toBe(true);
    // The limit is freed too: she can order 3 again.
    expect((await call(t, world.residents[2], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 3, idempotencyKey: idemKey() })).status).toBe(201);
    expect((await call(t, world.residents[2], 'POST', `/api/orders/${order.id}/cancel`)).body.error.code).toBe('order.cannot_cancel');
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);
  });

  it('cannot cancel after the cut-off', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 6 });
    const order = await orderAndPay(t, world.residents[0], gb.id, 1);
    await call(t, world.leader, 'POST', `/api/group-buys/${gb.id}/close`);
    const res = await call(t, world.residents[0], 'POST', `/api/orders/${order.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('order.cannot_cancel');
    expect((await call(t, world.residents[0], 'GET', `/api/orders/${order.id}`)).body.status).toBe('confirmed');
  });

  it('unpaid orders expire after the payment window and give stock back; a late payment is refunded', async () => {
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 6, limit: 3 });
    const placed = await call(t, world.residents[1], 'POST', `/api/group-buys/${gb.id}/orders`, { quantity: 2, idempotencyKey: idemKey() });
    t.clock.advance(16 * 60_000);
    expect(await expireUnpaidOrders(t.database.db, t.clock.now())).toBeGreaterThanOrEqual(1);
    const order = await call(t, world.residents[1], 'GET', `/api/orders/${placed.body.order.id}`);
    expect(order.body).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect((await call(t, world.residents[1], 'GET', `/api/group-buys/${gb.id}`)).body.stockAvailable).toBe(6);
    // The provider's notification arrives late anyway: the money goes straight back.
    const [p] = await rows<{ provider_ref: string }>(sql`select provider_ref from payments where id = ${placed.body.payment.paymentId}`);
    const result = await handlePaymentSucceeded(t.database.db, t.payments, p.provider_ref, placed.body.order.totalFen, t.clock.now());
    expect(result.payment.status).toBe('refunded');
    expect(t.payments.refunds.get(`refund_${placed.body.payment.paymentId}`)?.amountFen).toBe(placed.body.order.totalFen);
    // And a duplicate notification changes nothing.
    const dup = await handlePaymentSucceeded(t.database.db, t.payments, p.provider_ref, placed.body.order.totalFen, t.clock.now());
    expect(dup.duplicate).toBe(true);
  });

  it('accepts only correctly signed provider notifications', async () => {
    const res = await call(t, null, 'POST', '/api/payments/notify/sandbox', { providerRef: 'sbx_x', amountFen: 1, status: 'SUCCESS' }, { 'x-linli-signature': 'forged' });
    expect(res.status).toBe(400);
  });

  it("lists only the resident's own orders, newest first", async () => {
    const mine = await call(t, world.residents[0], 'GET', '/api/orders');
    expect(mine.status).toBe(200);
    const ids = new Set((await rows<{ id: string }>(sql`select id from orders where user_id = ${world.residents[0].userId}`)).map((r) => r.id));
    expect(mine.body.items.length).toBe(ids.size);
    for (const o of mine.body.items) expect(ids.has(o.id)).toBe(true);
  });
});
