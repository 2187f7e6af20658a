// A lower price for an item with orders: paid lines are re-priced (what is handed over and settled
// is worth the new price) and the difference is owed back by the caller through the refund outbox.
// Bundle parts keep their share: the bundle's price is its own, not the item's.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { orderLines } from './schema.js';
import { groupBuyItems } from '../groupbuy/index.js';

/** Lines that hold units still to be handed over and whose money was taken. */
const PAID = ['paid', 'confirmed', 'ready_for_pickup'] as const;

export interface RepricedLine { lineId: string; orderId: string; userId: string; units: number; fromFen: number; toFen: number; refundFen: number }

/** Whether an item has orders (unpaid or paid, not cancelled): its price may then not rise. */
export async function itemHasOrders(db: DbOrTx, itemId: string): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(orderLines)
    .where(and(eq(orderLines.itemId, itemId), inArray(orderLines.status, ['pending_payment', ...PAID, 'picked_up', 'not_collected'])));
  return row.n > 0;
}

/** What lowering an item's price to `toFen` would refund: buyers and the sum (the leader's confirmation). */
export async function priceDropPreview(db: Db, itemId: string, toFen: number) {
  const [row] = await db.select({
    buyers: sql<number>`count(distinct ${orderLines.userId})::int`,
    refundFen: sql<number>`coalesce(sum((${orderLines.unitPriceFen} - ${toFen}) * (${orderLines.quantity} - ${orderLines.refundedQuantity})), 0)::int`,
  }).from(orderLines).where(and(eq(orderLines.itemId, itemId), inArray(orderLines.status, [...PAID]), isNull(orderLines.bundleOfferId), sql`${orderLines.unitPriceFen} > ${toFen}`, sql`${orderLines.quantity} > ${orderLines.refundedQuantity}`));
  const [pending] = await db.select({ buyers: sql<number>`count(distinct ${orderLines.userId})::int` }).from(orderLines)
    .where(and(eq(orderLines.itemId, itemId), eq(orderLines.status, 'pending_payment'), isNull(orderLines.bundleOfferId), sql`${orderLines.unitPriceFen} > ${toFen}`));
  return { buyers: row.buyers, refundFen: row.refundFen, pendingBuyers: pending.buyers };
}

/**
 * Re-prices the paid lines of an item to `toFen` (unit price and total), in the caller's
 * transaction, and returns what each is owed: (old − new) × units not yet refunded. Unpaid lines
 * keep their price: the money comes back when they are paid (see `repriceOrderToCurrent`).
 */
export async function repricePaidLines(tx: Tx, itemId: string, toFen: number): Promise<RepricedLine[]> {
  const before = await tx.select().from(orderLines)
    .where(and(eq(orderLines.itemId, itemId), inArray(orderLines.status, [...PAID]), isNull(orderLines.bundleOfferId), sql`${orderLines.unitPriceFen} > ${toFen}`)).orderBy(orderLines.id).for('update');
  return reprice(tx, before, () => toFen);
}

/**
 * After an order was paid: its lines placed at a price higher than their item's price now (it was
 * lowered while the order waited for payment) are re-priced and owed the difference.
 */
export async function repriceOrderToCurrent(tx: Tx, orderId: string): Promise<RepricedLine[]> {
  const rows = await tx.select({ line: orderLines, current: groupBuyItems.priceFen }).from(orderLines).innerJoin(groupBuyItems, eq(groupBuyItems.id, orderLines.itemId))
    .where(and(eq(orderLines.orderId, orderId), inArray(orderLines.status, [...PAID]), isNull(orderLines.bundleOfferId), sql`${orderLines.unitPriceFen} > ${groupBuyItems.priceFen}`));
  const current = new Map(rows.map((r) => [r.line.id, r.current]));
  return reprice(tx, rows.map((r) => r.line), (id) => current.get(id)!);
}

async function reprice(tx: Tx, lines: (typeof orderLines.$inferSelect)[], toOf: (lineId: string) => number): Promise<RepricedLine[]> {
  const out: RepricedLine[] = [];
  for (const l of lines) {
    const toFen = toOf(l.id);
    const units = l.quantity - l.refundedQuantity;
    await tx.update(orderLines).set({ unitPriceFen: toFen, totalFen: toFen * l.quantity }).where(eq(orderLines.id, l.id));
    if (units > 0) out.push({ lineId: l.id, orderId: l.orderId, userId: l.userId, units, fromFen: l.unitPriceFen, toFen, refundFen: (l.unitPriceFen - toFen) * units });
  }
  return out;
}

/** Residents with a live order in a group buy (unpaid or paid, not cancelled or refunded): told of changes. */
export async function buyersOfGroupBuy(db: DbOrTx, groupBuyId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ userId: orderLines.userId }).from(orderLines)
    .where(and(eq(orderLines.groupBuyId, groupBuyId), inArray(orderLines.status, ['pending_payment', ...PAID])));
  return rows.map((r) => r.userId).sort();
}

/** Residents with unpaid lines of an item at a price above `toFen`. */
export async function pendingBuyersAbove(db: DbOrTx, itemId: string, toFen: number) {
  return db.select({ userId: orderLines.userId, units: sql<number>`sum(${orderLines.quantity})::int`, fromFen: sql<number>`max(${orderLines.unitPriceFen})::int` }).from(orderLines)
    .where(and(eq(orderLines.itemId, itemId), eq(orderLines.status, 'pending_payment'), isNull(orderLines.bundleOfferId), sql`${orderLines.unitPriceFen} > ${toFen}`)).groupBy(orderLines.userId);
}
