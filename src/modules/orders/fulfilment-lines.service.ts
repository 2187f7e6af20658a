// Line state changes that fulfilment drives (arrival, shortage, hand-over, not collected).
// Written only by the orders module; the fulfilment workflows (src/workflows/) call these inside
// their own transaction. Every function here that locks takes the orders rows first (ascending
// id) and then their lines (ascending id), the place of these tables in the global lock order
// (group buy items → orders → order_lines → payments).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { orderLines, orders, type LineStatus } from './schema.js';

export type OrderLine = typeof orderLines.$inferSelect;

/** Lines that still hold paid goods on their way to the resident. */
const WAITING: LineStatus[] = ['paid', 'confirmed'];
/** Lines that were paid and not cancelled: what make-to-order buys. */
const PAID: LineStatus[] = ['paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'not_collected'];

/** Locks the orders of the given lines, then the lines, in ascending id order; returns the lines. */
export async function lockLines(tx: Tx, lineIds: string[]): Promise<OrderLine[]> {
  if (lineIds.length === 0) return [];
  const orderIds = (await tx.selectDistinct({ orderId: orderLines.orderId }).from(orderLines).where(inArray(orderLines.id, lineIds))).map((r) => r.orderId);
  if (orderIds.length) await tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, orderIds)).orderBy(asc(orders.id)).for('update');
  return tx.select().from(orderLines).where(inArray(orderLines.id, lineIds)).orderBy(asc(orderLines.id)).for('update');
}

/**
 * Hands lines over: ready → picked_up, with the hand-over that did it. Only lines of this resident
 * at this pickup point that are ready change; the caller compares the count with what it asked for.
 */
export async function markLinesPickedUp(tx: Tx, input: { lineIds: string[]; residentId: string; communityId: string; handoverId: string; leaderId: string; now: Date }): Promise<OrderLine[]> {
  if (input.lineIds.length === 0) return [];
  return tx.update(orderLines).set({ status: 'picked_up', pickedUpAt: input.now, pickedUpBy: input.leaderId, handoverId: input.handoverId })
    .where(and(inArray(orderLines.id, input.lineIds), eq(orderLines.userId, input.residentId), eq(orderLines.communityId, input.communityId), eq(orderLines.status, 'ready_for_pickup')))
    .returning();
}

/** Lines of a hand-over (for settling or disputing it later). */
export async function linesOfHandover(db: DbOrTx, handoverId: string): Promise<OrderLine[]> {
  return db.select().from(orderLines).where(eq(orderLines.handoverId, handoverId)).orderBy(asc(orderLines.id));
}

/** Paid units per item (refunds taken off), for the purchase orders of closed group buys. */
export async function paidQuantitiesByItem(db: DbOrTx, groupBuyIds: string[]): Promise<Map<string, number>> {
  if (groupBuyIds.length === 0) return new Map();
  const rows = await db.select({ itemId: orderLines.itemId, q: sql<number>`sum(${orderLines.quantity} - ${orderLines.refundedQuantity})::int` })
    .from(orderLines).where(and(inArray(orderLines.groupBuyId, groupBuyIds), inArray(orderLines.status, PAID)))
    .groupBy(orderLines.itemId);
  return new Map(rows.map((r) => [r.itemId, r.q]));
}

/** Units of an item still owed to residents (paid, not refunded, not yet handed over). */
export async function openUnitsOfItem(db: DbOrTx, itemId: string): Promise<number> {
  const [row] = await db.select({ q: sql<number>`coalesce(sum(${orderLines.quantity} - ${orderLines.refundedQuantity}), 0)::int` })
    .from(orderLines).where(and(eq(orderLines.itemId, itemId), inArray(orderLines.status, [...WAITING, 'ready_for_pickup'])));
  return row.q;
}

export interface LineShortage { lineId: string; orderId: string; userId: string; communityId: string; groupBuyId: string; units: number; amountFen: number; wholeLine: boolean }

/**
 * A short delivery of one item: the earliest buyers are served first, so units are taken back
 * from the latest paid lines (跟团号 from the top down) until the shortage is covered. A line that
 * loses every unit is refunded. Returns what each line lost; the caller refunds the money.
 */
export async function allocateItemShortage(tx: Tx, itemId: string, shortage: number, now: Date): Promise<LineShortage[]> {
  if (shortage <= 0) return [];
  const ids = (await tx.select({ id: orderLines.id }).from(orderLines)
    .where(and(eq(orderLines.itemId, itemId), inArray(orderLines.status, [...WAITING, 'ready_for_pickup'])))).map((r) => r.id);
  await lockLines(tx, ids);
  const candidates = await tx.select().from(orderLines)
    .where(and(inArray(orderLines.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']), inArray(orderLines.status, [...WAITING, 'ready_for_pickup'])))
    .orderBy(sql`${orderLines.paidAt} desc nulls last`, desc(orderLines.createdAt), desc(orderLines.id));
  const out: LineShortage[] = [];
  let left = shortage;
  for (const l of candidates) {
    if (left <= 0) break;
    const open = l.quantity - l.refundedQuantity;
    if (open <= 0) continue;
    const units = Math.min(open, left);
    left -= units;
    await tx.update(orderLines).set({
      refundedQuantity: l.refundedQuantity + units,
      ...(units === open ? { status: 'refunded' as const, cancelledAt: now, cancelReason: 'short_delivery' } : {}),
    }).where(eq(orderLines.id, l.id));
    out.push({ lineId: l.id, orderId: l.orderId, userId: l.userId, communityId: l.communityId, groupBuyId: l.groupBuyId, units, amountFen: units * l.unitPriceFen, wholeLine: units === open });
  }
  return out;
}

/** The item arrived at the pickup point: its paid lines (with units left) become ready for pickup. */
export async function markItemLinesReady(tx: Tx, itemId: string): Promise<OrderLine[]> {
  const ids = (await tx.select({ id: orderLines.id }).from(orderLines).where(and(eq(orderLines.itemId, itemId), inArray(orderLines.status, WAITING)))).map((r) => r.id);
  await lockLines(tx, ids);
  if (ids.length === 0) return [];
  return tx.update(orderLines).set({ status: 'ready_for_pickup' })
    .where(and(inArray(orderLines.id, ids), inArray(orderLines.status, WAITING), sql`${orderLines.quantity} > ${orderLines.refundedQuantity}`))
    .returning();
}

/**
 * Ready lines whose pickup window ended more than the community's grace period ago, locked
 * (orders, then lines) with SKIP LOCKED so several instances share the work without waiting.
 */
export async function lockLinesDueNotCollected(tx: Tx, now: Date, limit: number): Promise<OrderLine[]> {
  const due = (await tx.execute(sql`
    select l.order_id as "orderId"
    from order_lines l
      join group_buys gb on gb.id = l.group_buy_id
      join communities c on c.id = l.community_id
    where l.status = 'ready_for_pickup'
      and gb.pickup_end_at + make_interval(days => c.not_collected_grace_days) <= ${now}
    group by l.order_id
    order by l.order_id
    limit ${limit}`)) as unknown as { rows: { orderId: string }[] };
  const orderIds = due.rows.map((r) => r.orderId);
  if (orderIds.length === 0) return [];
  const locked = (await tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, orderIds)).orderBy(asc(orders.id)).for('update', { skipLocked: true })).map((r) => r.id);
  if (locked.length === 0) return [];
  const res = (await tx.execute(sql`
    select l.id from order_lines l
      join group_buys gb on gb.id = l.group_buy_id
      join communities c on c.id = l.community_id
    where l.order_id in ${locked} and l.status = 'ready_for_pickup'
      and gb.pickup_end_at + make_interval(days => c.not_collected_grace_days) <= ${now}
    order by l.id for update of l`)) as unknown as { rows: { id: string }[] };
  if (res.rows.length === 0) return [];
  return tx.select().from(orderLines).where(inArray(orderLines.id, res.rows.map((r) => r.id))).orderBy(asc(orderLines.orderId), asc(orderLines.id));
}

/** Ready lines the resident never collected: ready → not_collected (only those still ready). */
export async function markLinesNotCollected(tx: Tx, lineIds: string[]): Promise<OrderLine[]> {
  if (lineIds.length === 0) return [];
  return tx.update(orderLines).set({ status: 'not_collected' })
    .where(and(inArray(orderLines.id, lineIds), eq(orderLines.status, 'ready_for_pickup'))).returning();
}
