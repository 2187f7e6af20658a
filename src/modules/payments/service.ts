import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { payments, refunds } from './schema.js';
import { conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import type { PaymentProvider } from './provider.js';

export type Payment = typeof payments.$inferSelect;

/** The resident's open payment of a pending order, if one can be resumed with this provider. */
export async function openPaymentOf(db: DbOrTx, provider: PaymentProvider, orderId: string) {
  const [open] = await db.select().from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending'), eq(payments.provider, provider.name)))
    .orderBy(desc(payments.createdAt)).limit(1);
  return open ? { paymentId: open.id, payUrl: `/pay/${open.id}`, amountFen: open.amountFen } : null;
}

/**
 * Opens a payment with the provider for an order just placed (no prior payment to resume).
 * `pointsFen`: the part of the order's total already paid with points; the provider collects the rest.
 */
export async function createPayment(db: Db, provider: PaymentProvider, order: { id: string; communityId: string; userId: string; totalFen: number }, description: string, pointsFen = 0) {
  if (!Number.isSafeInteger(pointsFen) || pointsFen < 0 || pointsFen >= order.totalFen) throw new Error(`points cannot cover ${pointsFen} of ${order.totalFen}`);
  const paymentId = crypto.randomUUID();
  const amountFen = order.totalFen - pointsFen;
  const started = await provider.createPayment({ paymentId, amountFen, description });
  await db.insert(payments).values({
    id: paymentId, communityId: order.communityId, orderId: order.id, userId: order.userId, provider: provider.name,
    providerRef: started.providerRef, amountFen, pointsFen,
  });
  return { paymentId, payUrl: started.payUrl, amountFen };
}

/**
 * The money for `valueFen` more of an order's value after `valueDoneFen` of it (refunded and
 * settled): the cumulative share floor(done × amount / value), so the parts of a payment paid
 * partly with points add up to its amount exactly. Without points it is `valueFen` itself.
 */
export function moneyFor(p: Pick<Payment, 'amountFen' | 'pointsFen'>, valueDoneFen: number, valueFen: number): number {
  if (p.pointsFen === 0) return valueFen;
  const value = p.amountFen + p.pointsFen;
  return Math.floor(((valueDoneFen + valueFen) * p.amountFen) / value) - Math.floor((valueDoneFen * p.amountFen) / value);
}
const valueOf = (p: Payment) => p.amountFen + p.pointsFen;
const valueDone = (p: Payment) => p.valueRefundedFen + p.valueSettledFen;

/**
 * The payment that paid the order: the held or settled one; else one that took money and gave it
 * back (refunded); else the latest. A duplicate payment of a paid order is refunded whole as late
 * (its value counted refunded, points included), so it must never stand for the order: its points
 * were spent once, for the order she keeps.
 */
export async function paymentOfOrder(db: DbOrTx, orderId: string): Promise<Payment | null> {
  const rows = await db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(desc(payments.createdAt));
  return rows.find((p) => p.status === 'held' || p.status === 'settled') ?? rows.find((p) => p.status === 'refunded') ?? rows[0] ?? null;
}

/** How many of a resident's orders in a community were paid with at least `minFen` of money (held or settled, not refunded). */
export async function paidOrderCount(db: DbOrTx, userId: string, communityId: string, minFen: number): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(distinct ${payments.orderId})::int` }).from(payments)
    .where(and(eq(payments.userId, userId), eq(payments.communityId, communityId), inArray(payments.status, ['held', 'settled']), sql`${payments.amountFen} >= ${minFen}`));
  return r.n;
}

export async function getMyPayment(db: DbOrTx, paymentId: string, userId: string): Promise<Payment> {
  const [p] = await db.select().from(payments).where(and(eq(payments.id, paymentId), eq(payments.userId, userId)));
  if (!p) throw notFound('payment.not_found');
  return p;
}

/** The payment a provider's notification is about, locked for the notification's transaction. */
export async function lockPaymentByRef(tx: Tx, provider: PaymentProvider, providerRef: string): Promise<Payment> {
  const [p] = await tx.select().from(payments).where(and(eq(payments.provider, provider.name), eq(payments.providerRef, providerRef))).for('update');
  if (!p) throw notFound('payment.not_found');
  return p;
}

/** The money is in: held by the platform until the hand-over (or the lines settle otherwise). */
export async function markHeld(tx: Tx, p: Payment, provider: PaymentProvider, now: Date): Promise<Payment> {
  const [held] = await tx.update(payments).set({ status: 'held', paidAt: now }).where(eq(payments.id, p.id)).returning();
  await recordEvent(tx, { type: 'payment.succeeded', communityId: p.communityId, actorId: p.userId, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, provider: provider.name } });
  return held;
}

export const lateRefundKey = (paymentId: string) => `late_payment:${paymentId}`;

/**
 * Money arrived for an order that can no longer take it: the whole payment is owed back through
 * the refund outbox in the notification's transaction, so a failed or lost provider call is retried
 * by the scheduled sender (a retried notification finds the payment refunded and changes nothing).
 */
export async function refundLatePayment(tx: Tx, p: Payment, reason: string, now: Date) {
  const [refunded] = await tx.update(payments).set({ status: 'refunded', paidAt: now, refundedFen: p.amountFen, valueRefundedFen: valueOf(p) }).where(eq(payments.id, p.id)).returning();
  // The refund row takes the payment's id, so the provider sees the refund id it always saw (refund_<payment id>).
  await tx.insert(refunds).values({
    id: p.id, communityId: p.communityId, orderId: p.orderId, paymentId: p.id, userId: p.userId,
    refundKey: lateRefundKey(p.id), amountFen: p.amountFen, reason,
  }).onConflictDoNothing();
  await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId: p.orderId, amountFen: p.amountFen, reason, refundKey: lateRefundKey(p.id), valueFen: valueOf(p) } });
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
    if (valueOf(p) > valueDone(p)) await requestRefund(tx, { orderId, amountFen: valueOf(p) - valueDone(p), refundKey, reason });
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
 * Refunds part of a held payment (short delivery), in the caller's transaction, through the
 * refund outbox. Returns the refund's key for the caller to send after commit, or null when the
 * order has no held payment.
 */
export async function refundPartOfOrder(tx: Tx, orderId: string, amountFen: number, reason: string, refundKey: string, lineId?: string) {
  const [p] = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.orderId, orderId), eq(payments.status, 'held')));
  if (!p) return null;
  await requestRefund(tx, { orderId, lineId, amountFen, refundKey, reason });
  return refundKey;
}

export interface RefundRequest {
  orderId: string;
  /** The line the money is for (claims, short deliveries, cancelled lines). */
  lineId?: string;
  /** The order value refunded (line totals); when points paid part of the order, the money refunded is its share (moneyFor). */
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
  if (input.amountFen <= 0 || p.valueRefundedFen + input.amountFen > valueOf(p)) throw conflict('refund.exceeds_payment', { leftFen: valueOf(p) - p.valueRefundedFen });
  // (A claim after the hand-over refunds value already settled: never more money than was paid.)
  const money = Math.min(moneyFor(p, valueDone(p), input.amountFen), p.amountFen - p.refundedFen);
  const [row] = await tx.insert(refunds).values({
    communityId: p.communityId, orderId: p.orderId, lineId: input.lineId ?? null, paymentId: p.id, userId: p.userId,
    refundKey: input.refundKey, amountFen: money, reason: input.reason,
    // All of it was points (returned by the points side): no money to send.
    ...(money === 0 ? { status: 'paid' as const } : {}),
  }).onConflictDoNothing().returning();
  // A concurrent request with the same key won the insert: its refund stands, this one is a replay.
  if (!row) {
    const [first] = await tx.select().from(refunds).where(eq(refunds.refundKey, input.refundKey));
    return { refund: first, replayed: true };
  }
  const refundedFen = p.refundedFen + money;
  const valueRefundedFen = p.valueRefundedFen + input.amountFen;
  // Nothing left to hold: wholly refunded, or the rest already settled by hand-overs.
  const done = valueRefundedFen + p.valueSettledFen === valueOf(p) && p.status === 'held';
  await tx.update(payments).set({ refundedFen, valueRefundedFen, ...(done ? { status: p.settledFen > 0 ? 'settled' as const : 'refunded' as const } : {}) }).where(eq(payments.id, p.id));
  await recordEvent(tx, { type: 'payment.refunded', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { orderId: p.orderId, amountFen: money, reason: input.reason, refundKey: input.refundKey, valueFen: input.amountFen } });
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
