import type { Db } from '../platform/db/client.js';
import { conflict } from '../platform/errors.js';
import { inTransaction } from '../platform/events/service.js';
import * as orders from '../modules/orders/index.js';
import * as payments from '../modules/payments/index.js';
import * as campaigns from '../modules/campaigns/index.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import { inArray } from 'drizzle-orm';
import type { Tx } from '../platform/db/client.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import { refundPriceDropsOnPayment } from './change-group-buy.js';
import { rewardReferral } from './referral.js';

/**
 * A provider's success notification. Idempotent: providers retry, and a second notification for
 * the same payment changes nothing. The money is held by the platform until hand-over. If the
 * order was cancelled meanwhile (cut-off, timeout, the resident), the money goes straight back
 * through the refund outbox written in this same transaction.
 *
 * Lock order: payments → group_buys (跟团号 counters, by id) → orders → order_lines (a price
 * lowered while the order waited: its lines re-priced, the difference owed on the same payment).
 */
export async function handlePaymentSucceeded(db: Db, provider: PaymentProvider, providerRef: string, amountFen: number, now = new Date()) {
  const result = await inTransaction(db, async (tx) => {
    const p = await payments.lockPaymentByRef(tx, provider, providerRef);
    if (p.status === 'cancelled' || p.status === 'failed') {
      // The order was cancelled, but the money was taken after all: it goes straight back.
      return { payment: await payments.refundLatePayment(tx, p, 'paid_after_cancel', now), refund: true, duplicate: false };
    }
    if (p.status !== 'pending') return { payment: p, refund: false, duplicate: true };
    if (p.amountFen !== amountFen) throw conflict('payment.not_pending');
    const paid = await orders.markPaid(tx, p.orderId, now);
    if (!paid) return { payment: await payments.refundLatePayment(tx, p, 'order_not_payable', now), refund: true, duplicate: false };
    const held = await payments.markHeld(tx, p, provider, now);
    // What each line is bought under (a campaign's promise) is fixed now, as she pays.
    await recordCampaignPurchases(tx, paid.lines, now);
    // Her second paid order may make her inviter's referral count (points, once).
    await rewardReferral(tx, { userId: p.userId, communityId: p.communityId, orderId: p.orderId, now });
    // Its price was lowered while the order waited for payment: the difference goes back at once.
    const priceDrops = await refundPriceDropsOnPayment(tx, p.orderId);
    return { payment: held, refund: false, duplicate: false, priceDrops };
  });
  if (result.refund) await payments.sendPendingRefunds(db, provider, { refundKeys: [payments.lateRefundKey(result.payment.id)] }, now);
  if ('priceDrops' in result && result.priceDrops?.length) await payments.sendPendingRefunds(db, provider, { refundKeys: result.priceDrops }, now);
  return result;
}

/** The campaigns each paid line is bought under, recorded in the payment's transaction. */
async function recordCampaignPurchases(tx: Tx, lines: { id: string; orderId: string; itemId: string; userId: string; communityId: string }[], now: Date) {
  if (!lines.length) return;
  const items = await tx.select({ id: groupbuy.groupBuyItems.id, productId: groupbuy.groupBuyItems.productId }).from(groupbuy.groupBuyItems)
    .where(inArray(groupbuy.groupBuyItems.id, [...new Set(lines.map((l) => l.itemId))]));
  const productOf = new Map(items.map((i) => [i.id, i.productId]));
  await campaigns.recordCampaignPurchases(tx, lines.map((l) => ({ lineId: l.id, orderId: l.orderId, productId: productOf.get(l.itemId)!, userId: l.userId, communityId: l.communityId })), now);
}
