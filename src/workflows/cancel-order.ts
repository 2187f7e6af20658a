import type { Db } from '../platform/db/client.js';
import * as orders from '../modules/orders/index.js';
import * as payments from '../modules/payments/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import { inTransaction } from '../platform/events/service.js';
import { returnCheckoutPoints } from './checkout-points.js';

/**
 * The resident cancels before the cut-off, the whole order or some lines. The refund of paid
 * lines is owed in the cancel's own transaction (both commit or neither), then sent to the provider.
 *
 * Lock order: group_buys (key share) → orders → order_lines → group_buy_purchases → group_buy_items → payments.
 */
export async function cancelOrderAndRefund(db: Db, provider: PaymentProvider, orderId: string, userId: string, lineIds: string[] | undefined, now = new Date()) {
  const owed: string[] = [];
  const result = await orders.cancelOrder(db, orderId, userId, lineIds, now, async (tx, r) => {
    if (!r.wasPaid) return;
    for (const { line, amountFen } of r.parts) {
      const key = `cancel:${line.id}`;
      const done = await payments.refundPartOfOrder(tx, r.order.id, amountFen, 'order_cancelled', key, line.id);
      if (done) owed.push(done);
    }
  });
  if (result.order.status === 'cancelled') await payments.refundForCancelledOrder(db, provider, result.order.id, 'order_cancelled', owed);
  else if (owed.length) await payments.sendPendingRefunds(db, provider, { refundKeys: owed }, now);
  // Her points come back at once (the scheduled points.checkout-returns is the backstop after a crash).
  await inTransaction(db, (tx) => returnCheckoutPoints(tx, orderId, now));
  return orders.getMyOrder(db, orderId, userId, now);
}
