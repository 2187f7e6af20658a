import type { Db, Tx } from '../platform/db/client.js';
import { conflict } from '../platform/errors.js';
import { inTransaction, recordEvent } from '../platform/events/service.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import * as orders from '../modules/orders/index.js';

/**
 * Closes one group buy: unpaid baskets that touch it are cancelled (their stock goes back), paid
 * lines are confirmed for make-to-order, and `groupbuy.closed` is recorded for the aggregator.
 *
 * Lock order: group_buys FOR UPDATE (waits for orders in flight) → orders → order_lines →
 * group_buy_purchases → group_buy_items.
 */
async function closeOne(tx: Tx, id: string, now: Date, actorId: string | null, reason: 'cutoff' | 'leader'): Promise<boolean> {
  const gb = await groupbuy.markClosed(tx, id, now);
  if (!gb) return false;
  const expired = await orders.cancelUnpaidAtClose(tx, gb.id, now);
  const confirmed = await orders.confirmPaidAtClose(tx, gb.id);
  await recordEvent(tx, {
    type: 'groupbuy.closed', communityId: gb.communityId, actorId, subjectId: gb.id,
    payload: { reason, confirmedOrders: confirmed.orders, confirmedQuantity: confirmed.quantity, cancelledUnpaid: expired, stockLeft: await groupbuy.stockLeft(tx, gb.id) },
  });
  return true;
}

/**
 * Closes group buys whose cut-off has passed. Rows are claimed with FOR UPDATE SKIP LOCKED and
 * the status change is conditional, so any number of instances close each buy exactly once.
 */
export async function closeDueGroupBuys(db: Db, now = new Date(), batch = 50): Promise<string[]> {
  return inTransaction(db, async (tx) => {
    const closed: string[] = [];
    for (const id of await groupbuy.lockDueGroupBuys(tx, now, batch)) {
      if (await closeOne(tx, id, now, null, 'cutoff')) closed.push(id);
    }
    return closed;
  });
}

/** 提前截单: the leader closes a buy before its cut-off. */
export async function closeEarly(db: Db, id: string, leaderId: string, now = new Date()) {
  await groupbuy.requireOwnGroupBuy(db, id, leaderId);
  const ok = await inTransaction(db, (tx) => closeOne(tx, id, now, leaderId, 'leader'));
  if (!ok) throw conflict('groupbuy.closed');
  return groupbuy.getGroupBuyDetail(db, id, now);
}
