// Line state changes that fulfilment drives (arrival, shortage, hand-over, not collected).
// Written only by the orders module; fulfilment workflows call these.
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { orders, type OrderStatus } from './schema.js';
import { groupBuys, groupBuyPurchases, stockMovements, type GroupBuyStatus } from '../groupbuy/schema.js';
import { users } from '../identity/schema.js';
import { products } from '../catalog/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/errors.js';
import { inTransaction, recordEvent } from '../events/service.js';
import * as groupbuy from '../groupbuy/service.js';
import { maskPhone } from '../identity/service.js';
import { levelsOf } from '../trust/service.js';


export async function markReadyForPickup(tx: Tx, groupBuyId: string): Promise<number> {
  const rows = await tx.update(orders).set({ status: 'ready_for_pickup' })
    .where(and(eq(orders.groupBuyId, groupBuyId), eq(orders.status, 'confirmed'))).returning({ id: orders.id });
  return rows.length;
}

/**
 * Payment arrived for an order. Gives it a pickup code. Returns false when the order can no
 * longer be paid (cancelled meanwhile): the caller refunds.
/** Paid units per group buy still to be delivered (short-delivery refunds taken off). */
export async function paidQuantities(db: DbOrTx, groupBuyIds: string[]): Promise<Map<string, number>> {
  if (groupBuyIds.length === 0) return new Map();
  const rows = await db.select({ groupBuyId: orders.groupBuyId, q: sql<number>`sum(${orders.quantity} - ${orders.refundedQuantity})::int` })
    .from(orders).where(and(inArray(orders.groupBuyId, groupBuyIds), inArray(orders.status, ['paid', 'confirmed', 'ready_for_pickup', 'picked_up'])))
    .groupBy(orders.groupBuyId);
  return new Map(rows.map((r) => [r.groupBuyId, r.q]));
}

export interface ShortageRefund { orderId: string; userId: string; communityId: string; units: number; amountFen: number; wholeOrder: boolean }

/**
 * A short delivery: the earliest orders are served first, so units are taken back from the
 * latest orders (order-time order) until the shortage is covered.
 */
export async function allocateShortage(tx: Tx, groupBuyId: string, shortage: number, now: Date): Promise<ShortageRefund[]> {
  if (shortage <= 0) return [];
  const candidates = await tx.select().from(orders)
    .where(and(eq(orders.groupBuyId, groupBuyId), inArray(orders.status, ['confirmed', 'ready_for_pickup'])))
    .orderBy(desc(orders.createdAt), desc(orders.id)).for('update');
  const out: ShortageRefund[] = [];
  let left = shortage;
  for (const o of candidates) {
    if (left <= 0) break;
    const open = o.quantity - o.refundedQuantity;
    if (open <= 0) continue;
    const units = Math.min(open, left);
    left -= units;
    const whole = units === open && o.refundedQuantity === 0;
    await tx.update(orders).set({
      refundedQuantity: o.refundedQuantity + units,
      ...(units === open ? { status: 'refunded' as const, cancelledAt: now, cancelReason: 'short_delivery' } : {}),
    }).where(eq(orders.id, o.id));
    await recordEvent(tx, { type: 'order.short_refunded', communityId: o.communityId, actorId: null, subjectId: o.id, payload: { units, amountFen: units * o.unitPriceFen, groupBuyId } });
    out.push({ orderId: o.id, userId: o.userId, communityId: o.communityId, units, amountFen: units * o.unitPriceFen, wholeOrder: whole });
  }
  return out;
}

/** Residents with orders to hand over in a group buy (for arrival notices). */
export async function residentsReadyForPickup(db: DbOrTx, groupBuyId: string) {
  return db.select({ userId: orders.userId, orderId: orders.id, communityId: orders.communityId }).from(orders)
    .where(and(eq(orders.groupBuyId, groupBuyId), eq(orders.status, 'ready_for_pickup')));
}

