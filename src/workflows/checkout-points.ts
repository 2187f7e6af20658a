import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/db/client.js';
import { advanceCursor, claimCursor, inTransaction, readEventsAfter } from '../platform/events/service.js';
import * as payments from '../modules/payments/index.js';
import * as points from '../modules/points/index.js';

/**
 * Points spent at checkout come back when the money does, as new transfers (never by changing the
 * spend): a cancelled unpaid order gives all of them back; a refund gives back its points part —
 * the payment keeps, in order value, what was refunded (value_refunded_fen) beside the money
 * refunded (refunded_fen), so the points owed back are exactly their difference, however many
 * partial refunds there were (pro rata, cumulative, no rounding drift).
 *
 * Lock order: an advisory lock per order (so two runs never both return the same difference),
 * then the points accounts (inside returnPoints).
 */
export async function returnCheckoutPoints(tx: Tx, orderId: string, now: Date): Promise<number> {
  const spend = await points.checkoutSpendOf(tx, orderId);
  if (!spend) return 0;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`checkout-points:${orderId}`}))`);
  const returned = await points.returnedOf(tx, spend.transferId);
  const p = await payments.paymentOfOrder(tx, orderId);
  const fenPerPoint = points.CHECKOUT_POINTS.fenPerPoint;
  let target = 0;
  if (p && p.paidAt && p.pointsFen > 0) {
    target = Math.floor((p.valueRefundedFen - p.refundedFen) / fenPerPoint);
  } else {
    // No money was taken: the whole spend comes back once the order is cancelled.
    const rows = (await tx.execute(sql`select status from orders where id = ${orderId}`)) as unknown as { rows: { status: string }[] };
    if (rows.rows[0]?.status === 'cancelled') target = spend.amount;
  }
  target = Math.min(target, spend.amount);
  if (target <= returned) return 0;
  const back = await points.returnPoints(tx, { transferId: spend.transferId, amount: target - returned, idempotencyKey: `checkout_return:${orderId}:${target}`, now });
  return back.amount;
}

const CONSUMER = 'points.checkout-returns';
const TYPES = ['payment.refunded', 'order.cancelled'] as const;

/**
 * The scheduled backstop: every refund and cancellation (from any path — a claim, a short
 * delivery, a price drop, an unpaid order timing out) is looked at once, in event order, and
 * the points owed back for that order are returned. Returns how many orders gave points back.
 */
export async function returnPointsForRefunds(db: Db, now = new Date(), batch = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const { n, returned } = await inTransaction(db, async (tx) => {
      const after = await claimCursor(tx, CONSUMER);
      const events = await readEventsAfter(tx, TYPES, after, batch);
      let returned = 0;
      for (const e of events) {
        const orderId = e.type === 'payment.refunded' ? (e.payload as { orderId: string }).orderId : e.subjectId;
        if (orderId && (await returnCheckoutPoints(tx, orderId, now)) > 0) returned++;
      }
      if (events.length) await advanceCursor(tx, CONSUMER, events[events.length - 1]);
      return { n: events.length, returned };
    });
    total += returned;
    if (n < batch) return total;
  }
}
