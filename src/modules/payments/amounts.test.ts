import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { buildWorld, call, idemKey, joinedResident, orderAndPay } from '../../testing/world.js';
import { inTransaction } from '../../platform/events/service.js';
import { openPaymentOf, refundForCancelledOrder, refundPartOfOrder, requestRefund, sendPendingRefunds } from './service.js';
import { settleLines } from './settlement.service.js';
import { handlePaymentSucceeded } from '../../workflows/payment-notified.js';

/**
 * The money side to the fen: a refund may take exactly what is left of a payment and not one fen
 * more, a settlement likewise, and the payment's state follows the sums exactly (held → refunded,
 * or settled once nothing is held). Each case starts from a real paid order (world: ¥36.80 a box).
 */
let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
let n = 0;
const PRICE = 3680;
const db = () => t.database.db;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await db().execute(q)) as unknown as { rows: T[] }).rows;
type PaymentRow = { id: string; status: string; amount_fen: number; refunded_fen: number; settled_fen: number; leader_commission_fen: number | null; settled_at: Date | null; provider_ref: string };
const paymentOf = async (orderId: string) => (await rows<PaymentRow>(sql`select id, status, amount_fen, refunded_fen, settled_fen, leader_commission_fen, settled_at, provider_ref from payments where order_id = ${orderId}`))[0];
const refundRows = async (orderId: string) => rows<{ refund_key: string; amount_fen: number; status: string }>(sql`select refund_key, amount_fen, status from refunds where order_id = ${orderId} order by created_at`);
const refundEvents = async (paymentId: string) => (await rows<{ a: number }>(sql`select (payload->>'amountFen')::int a from domain_events where type = 'payment.refunded' and subject_id = ${paymentId} order by id`)).map((r) => r.a);
const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; params?: Record<string, unknown> }) => ({ code: e.code, params: e.params }));

/** A paid order of `quantity` boxes (¥36.80 each) by a new resident. */
async function paidOrder(quantity = 2) {
  const r = await joinedResident(t, world.community, `付款人${++n}`);
  const order = await orderAndPay(t, r, world.groupBuy.id, quantity);
  return { resident: r, orderId: order.id as string };
}
const refund = (orderId: string, amountFen: number, refundKey = `test:${idemKey()}`) =>
  inTransaction(db(), (tx) => requestRefund(tx, { orderId, amountFen, refundKey, reason: 'test' }));
const settle = (orderId: string, amountFen: number, settleKey = `test:${idemKey()}`, commissionRate = 0.1) =>
  inTransaction(db(), (tx) => settleLines(tx, { orderId, amountFen, leaderId: world.leader.userId, commissionRate, tier: 'gold', settleKey, reason: 'handed_over', now: t.clock.now() }));

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t, { residents: 0, stock: 500, limit: 10, priceFen: PRICE });
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('a refund of a held payment', () => {
  it('takes exactly what is left and not one fen more; the payment is refunded when the last fen goes back', async () => {
    const { orderId } = await paidOrder(2);
    const p = await paymentOf(orderId);
    expect([p.status, p.amount_fen, p.refunded_fen]).toEqual(['held', 7360, 0]);

    const first = await refund(orderId, 1000, 'claim:first');
    expect([first.replayed, first.refund.amountFen]).toEqual([false, 1000]);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', refunded_fen: 1000 });

    // One fen over what is left: refused, naming what is left, and nothing changes.
    expect(await errorOf(refund(orderId, 6361))).toEqual({ code: 'refund.exceeds_payment', params: { leftFen: 6360 } });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', refunded_fen: 1000 });
    expect((await refundRows(orderId)).map((r) => r.amount_fen)).toEqual([1000]);

    // Exactly what is left: accepted, and with nothing held the payment is refunded.
    await refund(orderId, 6360);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', refunded_fen: 7360 });
    expect(await refundEvents(p.id)).toEqual([1000, 6360]);
    // Without points the value returned equals the money returned.
    const [event] = await rows<{ p: Record<string, unknown> }>(sql`select payload p from domain_events where type = 'payment.refunded' and subject_id = ${p.id} order by id limit 1`);
    expect(event.p).toEqual({ orderId, amountFen: 1000, reason: 'test', refundKey: 'claim:first', valueFen: 1000 });
    expect((await refundRows(orderId)).map((r) => r.refund_key)[0]).toBe('claim:first');
  });

  it('one fen below what is left keeps the payment held (one fen still held)', async () => {
    const { orderId } = await paidOrder(1);
    await refund(orderId, PRICE - 1);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', refunded_fen: PRICE - 1 });
    await refund(orderId, 1);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', refunded_fen: PRICE });
  });

  it('refuses zero and negative amounts, and a refund of an order with no paid payment, changing nothing', async () => {
    const { orderId } = await paidOrder(1);
    expect(await errorOf(refund(orderId, 0))).toEqual({ code: 'refund.exceeds_payment', params: { leftFen: PRICE } });
    expect(await errorOf(refund(orderId, -100))).toEqual({ code: 'refund.exceeds_payment', params: { leftFen: PRICE } });
    expect(await refundRows(orderId)).toEqual([]);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', refunded_fen: 0 });

    const r = await joinedResident(t, world.community, `未付款${++n}`);
    const placed = await call(t, r, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(placed.status).toBe(201);
    expect(await errorOf(refund(placed.body.order.id, 100))).toEqual({ code: 'refund.no_payment', params: {} });
    expect(await inTransaction(db(), (tx) => refundPartOfOrder(tx, placed.body.order.id, 100, 'short_delivery', `short:${idemKey()}`))).toBeNull();
    expect(await refundRows(placed.body.order.id)).toEqual([]);
  });

  it('asked again with the same key returns the first refund and moves no money, whatever amount the retry names', async () => {
    const { orderId } = await paidOrder(2);
    const key = `claim:${idemKey()}`;
    await refund(orderId, 500, key);
    const again = await refund(orderId, 900, key);
    expect([again.replayed, again.refund.amountFen]).toEqual([true, 500]);
    expect(await paymentOf(orderId)).toMatchObject({ refunded_fen: 500 });
    expect((await refundRows(orderId)).map((r) => [r.refund_key, r.amount_fen])).toEqual([[key, 500]]);
  });
});

describe('settling held money at the hand-over', () => {
  it('settles exactly the value handed over, with the commission on that value; one fen over what is held is refused', async () => {
    const { orderId } = await paidOrder(2);
    await refund(orderId, 360);
    // 7360 paid, 360 refunded: 7000 held.
    expect(await errorOf(settle(orderId, 7001))).toEqual({ code: 'payment.settle_exceeds_payment', params: { leftFen: 7000 } });
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', settled_fen: 0 });

    const keys = [`handover:${idemKey()}`, `handover:${idemKey()}`];
    const part = await settle(orderId, 2345, keys[0], 0.08);
    // 2345 × 0.08 = 187.6 → 188 fen (half up, on what was handed over, not on the gross).
    expect([part!.amountFen, part!.commissionFen, part!.commissionRate, part!.tier]).toEqual([2345, 188, 0.08, 'gold']);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', settled_fen: 2345, leader_commission_fen: 188, settled_at: null });

    // What is left is what was paid minus refunded minus settled: one fen over it is refused.
    expect(await errorOf(settle(orderId, 4656))).toEqual({ code: 'payment.settle_exceeds_payment', params: { leftFen: 4655 } });
    const rest = await settle(orderId, 4655, keys[1], 0.08);
    expect(rest!.commissionFen).toBe(372); // 4655 × 0.08 = 372.4
    const after = await paymentOf(orderId);
    expect(after).toMatchObject({ status: 'settled', settled_fen: 7000, refunded_fen: 360, leader_commission_fen: 560 });
    expect(after.settled_at).not.toBeNull();
    // A settled payment is still found: settling more of it is refused as a bug, not passed over.
    expect(await errorOf(settle(orderId, 1))).toEqual({ code: 'payment.settle_exceeds_payment', params: { leftFen: 0 } });
    // The leader's ledger is posted from these events: each carries what was settled and his commission on it.
    const events = await rows<{ p: Record<string, unknown> }>(sql`select payload p from domain_events where type = 'payment.settled' and subject_id = ${after.id} order by id`);
    expect(events.map((e) => e.p)).toEqual([
      { orderId, amountFen: 2345, leaderId: world.leader.userId, leaderCommissionFen: 188, reason: 'handed_over', settleKey: keys[0], valueFen: 2345 },
      { orderId, amountFen: 4655, leaderId: world.leader.userId, leaderCommissionFen: 372, reason: 'handed_over', settleKey: keys[1], valueFen: 4655 },
    ]);
  });

  it('a retried settlement with the same key settles nothing more; zero settles nothing; a negative or fractional amount is a bug', async () => {
    const { orderId } = await paidOrder(1);
    const key = `handover:${idemKey()}`;
    expect(await settle(orderId, 1000, key)).not.toBeNull();
    expect(await settle(orderId, 1000, key)).toBeNull();
    expect(await settle(orderId, 0)).toBeNull();
    await expect(settle(orderId, -1)).rejects.toThrow('not a fen amount: -1');
    await expect(settle(orderId, 10.5)).rejects.toThrow('not a fen amount: 10.5');
    expect(await paymentOf(orderId)).toMatchObject({ status: 'held', settled_fen: 1000, leader_commission_fen: 100 });
  });

  it('after part was settled, refunding the rest leaves the payment settled (not refunded); settled money can still be refunded up to what was paid', async () => {
    const { orderId } = await paidOrder(2);
    await settle(orderId, 3680);
    await refund(orderId, 3680);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'settled', settled_fen: 3680, refunded_fen: 3680 });
    // A claim after the hand-over refunds from the settled payment: up to what she paid, not a fen more.
    expect(await errorOf(refund(orderId, 3681))).toEqual({ code: 'refund.exceeds_payment', params: { leftFen: 3680 } });
    await refund(orderId, 3680);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'settled', refunded_fen: 7360 });
    expect(await errorOf(refund(orderId, 1))).toEqual({ code: 'refund.exceeds_payment', params: { leftFen: 0 } });
  });

  it('an order whose payment is not held settles nothing', async () => {
    const { orderId } = await paidOrder(1);
    await refund(orderId, PRICE);
    expect(await settle(orderId, 100)).toBeNull();
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', settled_fen: 0 });
  });
});

describe('refunds owed by a cancel', () => {
  it('a cancelled order owes back exactly what is still unrefunded, once, and it is sent to the provider', async () => {
    const { orderId } = await paidOrder(3);
    await refund(orderId, 1040);
    const p = await paymentOf(orderId);
    const keys = await refundForCancelledOrder(db(), t.payments, orderId, 'order_cancelled');
    expect(keys).toEqual([`cancel:${p.id}`]);
    expect((await refundRows(orderId)).map((r) => r.amount_fen)).toEqual([1040, 3 * PRICE - 1040]);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', refunded_fen: 3 * PRICE });
    // The cancel sends its own refund; the earlier one waits for the scheduled sender.
    const [cancelRefund] = await rows<{ id: string }>(sql`select id from refunds where refund_key = ${'cancel:' + p.id}`);
    expect(t.payments.refunds.get(`refund_${cancelRefund.id}`)?.amountFen).toBe(3 * PRICE - 1040);
    expect((await refundRows(orderId)).map((r) => r.status)).toEqual(['pending', 'paid']);
    // Again: nothing is held any more, so nothing more is owed or sent.
    expect(await refundForCancelledOrder(db(), t.payments, orderId, 'order_cancelled')).toEqual([]);
    expect((await refundRows(orderId)).length).toBe(2);
  });

  it('a part refund of an order with no held payment returns null and owes nothing', async () => {
    const { orderId } = await paidOrder(1);
    await refund(orderId, PRICE);
    expect(await inTransaction(db(), (tx) => refundPartOfOrder(tx, orderId, 100, 'short_delivery', `short:${idemKey()}`))).toBeNull();
    expect((await refundRows(orderId)).length).toBe(1);
  });

  it('the sender stops after `limit` refunds and sends only the keys asked for', async () => {
    const a = await paidOrder(1);
    const b = await paidOrder(1);
    const keyA = `test:${idemKey()}`;
    const keyB = `test:${idemKey()}`;
    await refund(a.orderId, 100, keyA);
    await refund(b.orderId, 200, keyB);
    expect(await sendPendingRefunds(db(), t.payments, { refundKeys: [keyB] })).toBe(1);
    expect((await refundRows(a.orderId))[0].status).toBe('pending');
    expect((await refundRows(b.orderId))[0].status).toBe('paid');
    const keyC = `test:${idemKey()}`;
    await refund(b.orderId, 300, keyC);
    expect(await sendPendingRefunds(db(), t.payments, { refundKeys: [keyA, keyC], limit: 1 })).toBe(1);
    expect(await sendPendingRefunds(db(), t.payments, { refundKeys: [keyA, keyC], limit: 1 })).toBe(1);
    expect([(await refundRows(a.orderId))[0].status, (await refundRows(b.orderId)).map((r) => r.status)]).toEqual(['paid', ['paid', 'paid']]);
  });
});

describe("the provider's success notification", () => {
  it('for one fen less than the payment is refused and changes nothing; the right amount marks it paid; a repeat is a duplicate', async () => {
    const r = await joinedResident(t, world.community, `通知${++n}`);
    const placed = await call(t, r, 'POST', `/api/group-buys/${world.groupBuy.id}/orders`, { quantity: 2, idempotencyKey: idemKey() });
    const orderId = placed.body.order.id as string;
    const p = await paymentOf(orderId);
    expect(await openPaymentOf(db(), t.payments, orderId)).toEqual({ paymentId: p.id, payUrl: `/pay/${p.id}`, amountFen: 7360 });
    expect(await errorOf(handlePaymentSucceeded(db(), t.payments, p.provider_ref, 7359, t.clock.now()))).toMatchObject({ code: 'payment.not_pending' });
    expect((await paymentOf(orderId)).status).toBe('pending');
    expect((await rows<{ status: string }>(sql`select status from orders where id = ${orderId}`))[0].status).toBe('pending_payment');

    const ok = await handlePaymentSucceeded(db(), t.payments, p.provider_ref, 7360, t.clock.now());
    expect([ok.refund, ok.duplicate, ok.payment.status]).toEqual([false, false, 'held']);
    expect(await openPaymentOf(db(), t.payments, orderId)).toBeNull();
    const again = await handlePaymentSucceeded(db(), t.payments, p.provider_ref, 7360, t.clock.now());
    expect([again.refund, again.duplicate]).toEqual([false, true]);
    expect(await refundRows(orderId)).toEqual([]);
  });
});
