import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { payments } from './schema.js';
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
      const [refunded] = await tx.update(payments).set({ status: 'refunded', paidAt: now, refundedFen: p.amountFen }).where(eq(payments.id, p.id)).returning();
      await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, reason: 'paid_after_cancel' } });
      return { payment: refunded, refund: true, duplicate: false };
    }
    if (p.status !== 'pending') return { payment: p, refund: false, duplicate: true };
    if (p.amountFen !== amountFen) throw conflict('payment.not_pending');
    const paid = await orders.markPaid(tx, p.orderId, now);
    if (!paid) {
      const [refunded] = await tx.update(payments).set({ status: 'refunded', paidAt: now, refundedFen: p.amountFen }).where(eq(payments.id, p.id)).returning();
      await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, reason: 'order_not_payable' } });
      return { payment: refunded, refund: true, duplicate: false };
    }
    const [held] = await tx.update(payments).set({ status: 'held', paidAt: now }).where(eq(payments.id, p.id)).returning();
    await recordEvent(tx, { type: 'payment.succeeded', communityId: p.communityId, actorId: p.userId, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, provider: provider.name } });
    return { payment: held, refund: false, duplicate: false };
  });
  if (result.refund) await provider.refund({ providerRef, refundId: `refund_${result.payment.id}`, amountFen: result.payment.amountFen });
  return result;
}

/** Refunds the held payment of a cancelled order (after the cancel committed). */
export async function refundForCancelledOrder(db: Db, provider: PaymentProvider, orderId: string, reason: string) {
  const refunded = await inTransaction(db, async (tx) => {
    const rows = await tx.update(payments).set({ status: 'refunded' })
      .where(and(eq(payments.orderId, orderId), eq(payments.status, 'held'))).returning();
    for (const p of rows) {
      await tx.update(payments).set({ refundedFen: p.amountFen }).where(eq(payments.id, p.id));
      await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId, amountFen: p.amountFen, reason } });
    }
    // Pending payments of a cancelled order can no longer be completed.
    await tx.update(payments).set({ status: 'cancelled' }).where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')));
    return rows;
  });
  for (const p of refunded) await provider.refund({ providerRef: p.providerRef, refundId: `refund_${p.id}`, amountFen: p.amountFen });
  return refunded;
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
 * Refunds part of a held payment (short delivery), in the caller's transaction. Returns what the
 * provider must be asked to pay back after commit.
 */
export async function refundPartOfOrder(tx: Tx, orderId: string, amountFen: number, reason: string) {
  const [p] = await tx.select().from(payments).where(and(eq(payments.orderId, orderId), eq(payments.status, 'held'))).for('update');
  if (!p) return null;
  const refundedFen = p.refundedFen + amountFen;
  if (refundedFen > p.amountFen) throw new Error(`refund beyond payment ${p.id}`);
  await tx.update(payments).set({ refundedFen, ...(refundedFen === p.amountFen ? { status: 'refunded' as const } : {}) }).where(eq(payments.id, p.id));
  await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId, amountFen, reason } });
  return { providerRef: p.providerRef, refundId: `refund_${p.id}_${refundedFen}`, amountFen };
}
