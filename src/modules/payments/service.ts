import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { payments, refunds } from './schema.js';
import { conflict, notFound } from '../../shared/errors.js';
import { inTransaction, recordEvent } from '../events/service.js';
import * as orders from '../orders/service.js';
import { getMyOrder } from '../orders/service.js';
import type { PaymentProvider } from './provider.js';
import { fenTimesRate } from '../../shared/money.js';

export type Payment = typeof payments.$inferSelect;

/**
 * Checkout: places the order and opens its payment. A retried request (same idempotency key)
 * gets the first order and resumes its open payment instead of starting another.
 */
export async function checkout(db: Db, provider: PaymentProvider, input: orders.PlaceOrderInput, paymentWindowMinutes: number, now = new Date()) {
  const { order, replayed, title } = await orders.placeOrder(db, input, paymentWindowMinutes, now);
  const payment = order.status !== 'pending_payment' ? null
    : replayed ? await startPayment(db, provider, order.id, input.userId)
    : await createPayment(db, provider, order, title);
  return { order, payment, replayed };
}

/** Starts (or resumes) payment of a resident's pending order. */
export async function startPayment(db: Db, provider: PaymentProvider, orderId: string, userId: string) {
  const order = await getMyOrder(db, orderId, userId);
  if (order.status !== 'pending_payment') throw conflict('order.not_payable');
  const [open] = await db.select().from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending'), eq(payments.provider, provider.name)))
    .orderBy(desc(payments.createdAt)).limit(1);
  if (open) return { paymentId: open.id, payUrl: `/pay/${open.id}`, amountFen: open.amountFen };
  return createPayment(db, provider, { ...order, userId }, order.groupBuy.title);
}

/** Opens a payment with the provider for an order just placed (no prior payment to resume). */
export async function createPayment(db: Db, provider: PaymentProvider, order: { id: string; communityId: string; userId: string; totalFen: number }, description: string) {
  const paymentId = crypto.randomUUID();
  const started = await provider.createPayment({ paymentId, amountFen: order.totalFen, description });
  await db.insert(payments).values({
    id: paymentId, communityId: order.communityId, orderId: order.id, userId: order.userId, provider: provider.name,
    providerRef: started.providerRef, amountFen: order.totalFen,
  });
  return { paymentId, payUrl: started.payUrl, amountFen: order.totalFen };
}

export async function getMyPayment(db: DbOrTx, paymentId: string, userId: string): Promise<Payment> {
  const [p] = await db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.userId, userId)));
  if (!p) throw notFound('payment.not_found');
  return p;
}

/**
 * A provider's success notification. Idempotent: providers retry notifications, and a second
 * one for the same payment changes nothing. Money is held by the platform until pickup. If the
 * order was cancelled meanwhile (cut-off, timeout), the money goes straight back.
 */
export async function handlePaymentSucceeded(db: Db, provider: PaymentProvider, providerRef: string, amountFen: number, now = new Date()) {
  const result = await inTransaction(db, async (tx) => {
    const [p] = await tx.select().from(payments)
      .where(and(eq(payments.provider, provider.name), eq(payments.providerRef, providerRef))).for('update');
    if (!p) throw notFound('payment.not_found');
    if (p.status === 'cancelled' || p.status === 'failed') {
      // The resident cancelled, but the money was taken after all: it goes straight back.
      return { payment: await refundLatePayment(tx, p, 'paid_after_cancel', now), refund: true, duplicate: false };
    }
    if (p.status !== 'pending') return { payment: p, refund: false, duplicate: true };
    if (p.amountFen !== amountFen) throw conflict('payment.not_pending');
    const paid = await orders.markPaid(tx, p.orderId, now);
    if (!paid) return { payment: await refundLatePayment(tx, p, 'order_not_payable', now), refund: true, duplicate: false };
    const [held] = await tx.update(payments).set({ status: 'held', paidAt: now }).where(eq(payments.id, p.id)).returning();
    await recordEvent(tx, { type: 'payment.succeeded', communityId: p.communityId, actorId: p.userId, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, provider: provider.name } });
    return { payment: held, refund: false, duplicate: false };
  });
  if (result.refund) await sendPendingRefunds(db, provider, { refundKeys: [lateRefundKey(result.payment.id)] }, now);
  return result;
}

const lateRefundKey = (paymentId: string) => `late_payment:${paymentId}`;

/**
 * Money arrived for an order that can no longer take it: the whole payment is owed back through
 * the refund outbox in the notification's transaction, so a failed or lost provider call is retried
 * by the scheduled sender (a retried notification finds the payment refunded and changes nothing).
 */
async function refundLatePayment(tx: Tx, p: Payment, reason: string, now: Date) {
  const [refunded] = await tx.update(payments).set({ status: 'refunded', paidAt: now, refundedFen: p.amountFen }).where(eq(payments.id, p.id)).returning();
  // The refund row takes the payment's id, so the provider sees the refund id it always saw (refund_<payment id>).
  await tx.insert(refunds).values({
    id: p.id, communityId: p.communityId, orderId: p.orderId, paymentId: p.id, userId: p.userId,
    refundKey: lateRefundKey(p.id), amountFen: p.amountFen, reason,
  }).onConflictDoNothing();
  await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, reason, refundKey: lateRefundKey(p.id) } });
  return refunded;
}

/**
 * Owes the held payment of an order being cancelled back to the resident, in the cancel's own
 * transaction (so a cancel never commits without its refund). Returns the refund keys to send.
 */
export async function oweRefundsForCancelledOrder(tx: Tx, orderId: string, reason: string): Promise<string[]> {
  const held = await tx.select().from(payments).where(and(eq(payments.orderId, orderId), eq(payments.status, 'held')));
  const owed: string[] = [];
  for (const p of held) {
    const refundKey = `cancel:${p.id}`;
    if (p.amountFen > p.refundedFen) await requestRefund(tx, { orderId, amountFen: p.amountFen - p.refundedFen, refundKey, reason });
    owed.push(refundKey);
  }
  return owed;
}

/**
 * After a cancel committed: owes whatever held payment is still unrefunded through the refund
 * outbox, closes pending payments and sends the refunds (`alreadyOwed`: keys the cancel's own
 * transaction owed); a crash before sending leaves them for the scheduled sender.
 */
export async function refundForCancelledOrder(db: Db, provider: PaymentProvider, orderId: string, reason: string, alreadyOwed: string[] = []) {
  const keys = await inTransaction(db, async (tx) => {
    const owed = await oweRefundsForCancelledOrder(tx, orderId, reason);
    // Pending payments of a cancelled order can no longer be completed.
    await tx.update(payments).set({ status: 'cancelled' }).where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')));
    return [...new Set([...alreadyOwed, ...owed])];
  });
  if (keys.length) await sendPendingRefunds(db, provider, { refundKeys: keys });
  return keys;
}

/**
 * The resident cancels before the cut-off: the refund of a paid order is owed in the cancel's own
 * transaction (both commit or neither), then sent to the provider.
 */
export async function cancelOrderAndRefund(db: Db, provider: PaymentProvider, orderId: string, userId: string, now = new Date()) {
  let owed: string[] = [];
  const order = await orders.cancelOrder(db, orderId, userId, now, async (tx, o) => { owed = await oweRefundsForCancelledOrder(tx, o.id, 'order_cancelled'); });
  await refundForCancelledOrder(db, provider, order.id, 'order_cancelled', owed);
  return order;
}

/**
 * The hand-over was verified: the held money is settled and the leader's commission is fixed.
 * Runs in the pickup transaction.
 */
export async function settleOnPickup(tx: Tx, orderId: string, leaderId: string, commissionRate: number, now: Date) {
  const rows = await tx.update(payments).set({ status: 'settled', settledAt: now })
    .where(and(eq(payments.orderId, orderId), inArray(payments.status, ['held']))).returning();
  for (const p of rows) {
    const commission = fenTimesRate(p.amountFen - p.refundedFen, commissionRate);
    await tx.update(payments).set({ leaderCommissionFen: commission }).where(eq(payments.id, p.id));
    await recordEvent(tx, { type: 'payment.settled', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId, amountFen: p.amountFen - p.refundedFen, leaderId, leaderCommissionFen: commission } });
  }
}

/**
 * Refunds part of a held payment (short delivery), in the caller's transaction, through the
 * refund outbox. Returns the refund's key for the caller to send after commit, or null when the
 * order has no held payment.
 */
export async function refundPartOfOrder(tx: Tx, orderId: string, amountFen: number, reason: string, refundKey: string) {
  const [p] = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.orderId, orderId), eq(payments.status, 'held')));
  if (!p) return null;
  await requestRefund(tx, { orderId, amountFen, refundKey, reason });
  return refundKey;
}

export interface RefundRequest {
  orderId: string;
  amountFen: number;
  /** Makes the refund happen once however often it is asked for, e.g. claim:<id>. */
  refundKey: string;
  reason: string;
}

/**
 * Owes a resident a refund from the payment of her order (held or already settled), in the
 * caller's transaction. Asking again with the same key returns the first refund and moves no money.
 * The provider is asked after commit by `sendPendingRefunds`.
 */
export async function requestRefund(tx: Tx, input: RefundRequest) {
  const [existing] = await tx.select().from(refunds).where(eq(refunds.refundKey, input.refundKey));
  if (existing) return { refund: existing, replayed: true };
  const [p] = await tx.select().from(payments)
    .where(and(eq(payments.orderId, input.orderId), inArray(payments.status, ['held', 'settled']))).for('update');
  if (!p) throw conflict('refund.no_payment');
  if (input.amountFen <= 0 || p.refundedFen + input.amountFen > p.amountFen) throw conflict('refund.exceeds_payment', { leftFen: p.amountFen - p.refundedFen });
  const [row] = await tx.insert(refunds).values({
    communityId: p.communityId, orderId: p.orderId, paymentId: p.id, userId: p.userId,
    refundKey: input.refundKey, amountFen: input.amountFen, reason: input.reason,
  }).onConflictDoNothing().returning();
  // A concurrent request with the same key won the insert: its refund stands, this one is a replay.
  if (!row) {
    const [first] = await tx.select().from(refunds).where(eq(refunds.refundKey, input.refundKey));
    return { refund: first, replayed: true };
  }
  const refundedFen = p.refundedFen + input.amountFen;
  await tx.update(payments).set({ refundedFen, ...(refundedFen === p.amountFen && p.status === 'held' ? { status: 'refunded' as const } : {}) }).where(eq(payments.id, p.id));
  await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId: p.orderId, amountFen: input.amountFen, reason: input.reason, refundKey: input.refundKey } });
  return { refund: row, replayed: false };
}

/**
 * Sends owed refunds to the provider and records `refund.paid` when it accepts. Rows are taken
 * with SKIP LOCKED, so several instances (or a retry racing the request that created them) never
 * send one twice at the same time; the provider is idempotent per refund id besides.
 */
export async function sendPendingRefunds(db: Db, provider: PaymentProvider, filter: { refundKeys?: string[]; limit?: number } = {}, now = new Date()) {
  let paid = 0;
  // Refunds the provider refused in this run are passed over, so one that keeps failing (it is the
  // oldest, and comes first every time) never holds back the others; the next run tries it again.
  const failed: string[] = [];
  for (;;) {
    const done = await inTransaction(db, async (tx) => {
      const [r] = await tx.select().from(refunds)
        .where(and(eq(refunds.status, 'pending'), filter.refundKeys ? inArray(refunds.refundKey, filter.refundKeys) : sql`true`, failed.length ? notInArray(refunds.id, failed) : sql`true`))
        .orderBy(asc(refunds.createdAt)).limit(1).for('update', { skipLocked: true });
      if (!r) return null;
      const [p] = await tx.select({ providerRef: payments.providerRef }).from(payments).where(eq(payments.id, r.paymentId));
      try {
        await provider.refund({ providerRef: p.providerRef, refundId: `refund_${r.id}`, amountFen: r.amountFen });
      } catch (err) {
        await tx.update(refunds).set({ attempts: r.attempts + 1, lastError: String((err as Error).message ?? err).slice(0, 500) }).where(eq(refunds.id, r.id));
        failed.push(r.id);
        return 'failed' as const;
      }
      await tx.update(refunds).set({ status: 'paid', paidAt: now, attempts: r.attempts + 1, lastError: null }).where(eq(refunds.id, r.id));
      await recordEvent(tx, { type: 'refund.paid', communityId: r.communityId, actorId: null, subjectId: r.id, payload: { orderId: r.orderId, userId: r.userId, amountFen: r.amountFen, reason: r.reason, refundKey: r.refundKey } });
      return 'paid' as const;
    });
    if (done === 'paid') paid++;
    if (done === null || (filter.limit && paid >= filter.limit)) return paid;
  }
}

/** Refunds by key (their state for the people who asked for them). */
export async function refundsByKeys(db: DbOrTx, keys: string[]) {
  if (keys.length === 0) return [];
  return db.select().from(refunds).where(inArray(refunds.refundKey, keys));
}
