import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, idemKey, joinedResident, orderAndPay } from '../../testing/world.js';
import { sendPendingRefunds } from './service.js';

/**
 * Money the provider took is given back: refunds owed after a cancel or a late payment are
 * written with the decision (the refund outbox) and sent until the provider accepts them.
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const refundedTo = (providerRef: string) => [...t.payments.refunds.values()].filter((r) => r.providerRef === providerRef).reduce((s, r) => s + r.amountFen, 0);
const paymentOf = async (orderId: string) => (await rows<{ id: string; provider_ref: string; amount_fen: number; status: string; refunded_fen: number }>(sql`select id, provider_ref, amount_fen, status, refunded_fen from payments where order_id = ${orderId}`))[0];
const newResident = (name: string) => joinedResident(t, world.community, name);

/** Makes the sandbox provider refuse refunds while `refuse(ref)` says so (a provider outage, a refused refund). */
function providerRefusing(refuse: (providerRef: string) => boolean) {
  const original = t.payments.refund;
  t.payments.refund = async (input) => {
    if (refuse(input.providerRef)) throw new Error('provider: SYSTEMERROR, try again later');
    return original.call(t.payments, input);
  };
  return () => { t.payments.refund = original; };
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0, stock: 200, limit: 5 });
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('a payment confirmed after she cancelled', () => {
  it('is refunded in full when the provider\'s signed notification arrives after the cancel', async () => {
    const resident = await newResident('先取消后到账');
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
    // The money goes straight back, once; the payment is not left 'cancelled' with the money kept.
    expect(refunded.map((r) => r.amountFen)).toEqual([p.amount_fen]);
    expect(after.status).toBe('refunded');
  });

  it('is refunded even when the provider fails the first refund attempt: the owed refund is sent again', async () => {
    const r = await newResident('付款后取消');
    const placed = await call(t, r, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    expect((await call(t, r, 'POST', `/api/orders/${placed.body.order.id}/cancel`, {})).status).toBe(200);
    const p = await paymentOf(placed.body.order.id);
    // WeChat Pay had already taken the money; its notification arrives now, while its refund API hiccups once.
    let failures = 1;
    const restore = providerRefusing(() => failures-- > 0);
    const note = t.payments.confirm(p.provider_ref, p.amount_fen);
    await call(t, null, 'POST', '/api/payments/notify/sandbox', note.body, { 'x-linli-signature': note.signature });
    // The provider retries its notification, and the scheduled refund sender runs.
    await call(t, null, 'POST', '/api/payments/notify/sandbox', note.body, { 'x-linli-signature': note.signature });
    restore();
    await sendPendingRefunds(t.database.db, t.payments, {}, t.clock.now());
    // Not a one-shot call after commit: the refund stayed owed and the sender asked the provider again.
    expect(refundedTo(p.provider_ref)).toBe(p.amount_fen);
  });
});

describe('the refund outbox', () => {
  it('one refund the provider keeps refusing does not hold back every other owed refund', async () => {
    const [a, b] = [await newResident('退款被拒'), await newResident('退款排在后面')];
    const orderA = await orderAndPay(t, a, world.groupBuy.id, 1);
    const orderB = await orderAndPay(t, b, world.groupBuy.id, 1);
    const [pa, pb] = [await paymentOf(orderA.id), await paymentOf(orderB.id)];
    // The provider is down while both cancel: both refunds stay owed in the outbox (A's first).
    let restore = providerRefusing(() => true);
    expect((await call(t, a, 'POST', `/api/orders/${orderA.id}/cancel`, {})).status).toBe(200);
    expect((await call(t, b, 'POST', `/api/orders/${orderB.id}/cancel`, {})).status).toBe(200);
    restore();
    // The provider is back, but it refuses A's refund for good (e.g. her payment account was closed).
    restore = providerRefusing((ref) => ref === pa.provider_ref);
    for (let i = 0; i < 3; i++) await sendPendingRefunds(t.database.db, t.payments, {}, t.clock.now());
    restore();
    // B is refunded by the scheduled sender although A's refund is always the oldest pending one.
    expect(refundedTo(pb.provider_ref)).toBe(pb.amount_fen);
    expect(refundedTo(pa.provider_ref)).toBe(0);
  });

  it('a cancel commits only with its owed refund: when writing the refund fails, the cancel can be retried and she is refunded', async () => {
    const r = await newResident('取消时数据库出错');
    const order = await orderAndPay(t, r, world.groupBuy.id, 2);
    const p = await paymentOf(order.id);
    // A transient failure writing the refund (disk full, failover …) right after the cancel.
    await t.database.db.execute(sql.raw(`create or replace function fail_refund_insert() returns trigger language plpgsql as $$ begin raise exception 'transient failure'; end $$`));
    await t.database.db.execute(sql.raw('create trigger fail_refund_insert before insert on refunds for each row execute function fail_refund_insert()'));
    const first = await call(t, r, 'POST', `/api/orders/${order.id}/cancel`, {});
    await t.database.db.execute(sql.raw('drop trigger fail_refund_insert on refunds'));
    await t.database.db.execute(sql.raw('drop function fail_refund_insert()'));
    expect(first.status).toBe(500);
    // She tries again; the scheduler runs.
    const again = await call(t, r, 'POST', `/api/orders/${order.id}/cancel`, {});
    await sendPendingRefunds(t.database.db, t.payments, {}, t.clock.now());
    const after = await call(t, r, 'GET', `/api/orders/${order.id}`);
    // Cancelled and refunded: the cancel did not commit on its own (the retry would then answer
    // 409 order.cannot_cancel, and nothing would owe her the ¥73.60 still held).
    expect(again.status).toBe(200);
    expect(after.body.status).toBe('cancelled');
    expect(refundedTo(p.provider_ref)).toBe(p.amount_fen);
  });
});
