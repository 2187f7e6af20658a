import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { purchaseOrderLines, purchaseOrders } from './schema.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { advanceCursor, claimCursor, inTransaction, readEventsAfter, recordEvent } from '../../platform/events/service.js';
import { paidQuantitiesByItem } from '../orders/index.js';
import { isSupplierMember } from '../suppliers/index.js';
import { closedItemSummaries } from '../groupbuy/index.js';

const CONSUMER = 'fulfilment.purchase-orders';
type Actor = { id: string; isOperator: boolean };

/**
 * 以销定产: turns closed group buys into purchase-order lines, per supplier and delivery date.
 * Reads `groupbuy.closed` events through a durable cursor in the same transaction as the lines
 * it writes, so each closed group buy is aggregated exactly once however many instances run.
 */
export async function aggregateClosedGroupBuys(db: Db, batchSize = 500): Promise<{ events: number; lines: number }> {
  return inTransaction(db, async (tx) => {
    const after = await claimCursor(tx, CONSUMER);
    const events = await readEventsAfter(tx, ['groupbuy.closed'], after, batchSize);
    if (events.length === 0) return { events: 0, lines: 0 };
    const ids = events.map((e) => e.subjectId);
    const summaries = await closedItemSummaries(tx, ids);
    const quantities = await paidQuantitiesByItem(tx, ids);
    // One line per item (and so per pickup point: a group buy belongs to one community).
    const lines = summaries
      .filter((s) => s.supplierId && (quantities.get(s.itemId) ?? 0) > 0)
      .map((s) => ({ ...s, supplierId: s.supplierId!, quantity: quantities.get(s.itemId)! }));

    const poIdByKey = new Map<string, string>();
    const keys = [...new Set(lines.map((l) => `${l.supplierId}|${l.deliveryDate}`))];
    for (const key of keys) {
      const [supplierId, deliveryDate] = key.split('|');
      // The pending order of this supplier and day collects lines until the supplier confirms it.
      await tx.execute(sql`insert into purchase_orders (supplier_id, delivery_date) values (${supplierId}, ${deliveryDate})
        on conflict (supplier_id, delivery_date) where status = 'pending' do nothing`);
      const [po] = await tx.select({ id: purchaseOrders.id }).from(purchaseOrders)
        .where(and(eq(purchaseOrders.supplierId, supplierId), eq(purchaseOrders.deliveryDate, deliveryDate), eq(purchaseOrders.status, 'pending'))).for('update');
      poIdByKey.set(key, po.id);
    }
    let inserted = 0;
    for (let i = 0; i < lines.length; i += 1000) {
      const chunk = lines.slice(i, i + 1000);
      const rows = await tx.insert(purchaseOrderLines).values(chunk.map((l) => ({
        purchaseOrderId: poIdByKey.get(`${l.supplierId}|${l.deliveryDate}`)!, communityId: l.communityId, groupBuyId: l.groupBuyId,
        itemId: l.itemId, productId: l.productId, batchId: l.batchId, quantityOrdered: l.quantity,
      }))).onConflictDoNothing({ target: purchaseOrderLines.itemId }).returning({ id: purchaseOrderLines.id });
      inserted += rows.length;
    }
    for (const [key, poId] of poIdByKey) {
      await recordEvent(tx, { type: 'purchase_order.updated', communityId: null, actorId: null, subjectId: poId, payload: { supplierId: key.split('|')[0], deliveryDate: key.split('|')[1] } });
    }
    await advanceCursor(tx, CONSUMER, events[events.length - 1]);
    return { events: events.length, lines: inserted };
  });
}

async function requirePoAccess(db: DbOrTx, poId: string, actor: Actor) {
  const [po] = await db.select().from(purchaseOrders).where(eq(purchaseOrders.id, poId));
  // Another supplier's purchase order is answered as not found.
  if (!po || (!actor.isOperator && !(await isSupplierMember(db, po.supplierId, actor.id)))) throw notFound('purchase_order.not_found');
  return po;
}

const lineView = {
  id: purchaseOrderLines.id, purchaseOrderId: purchaseOrderLines.purchaseOrderId, communityId: purchaseOrderLines.communityId,
  groupBuyId: purchaseOrderLines.groupBuyId, itemId: purchaseOrderLines.itemId, productId: purchaseOrderLines.productId, batchId: purchaseOrderLines.batchId,
  quantityOrdered: purchaseOrderLines.quantityOrdered, quantityConfirmed: purchaseOrderLines.quantityConfirmed,
  quantityDelivered: purchaseOrderLines.quantityDelivered, deliveredAt: purchaseOrderLines.deliveredAt,
  quantityReceived: purchaseOrderLines.quantityReceived, receivedAt: purchaseOrderLines.receivedAt,
  communityName: sql<string>`(select c.name from communities c where c.id = purchase_order_lines.community_id)`,
  // Suppliers deliver to the community's first open pickup point; it sorts them on to the others.
  pickupPoint: sql<string>`(select pp.name || '（' || pp.address || '）' from pickup_points pp where pp.community_id = purchase_order_lines.community_id order by (pp.closed_at is not null), pp.position, pp.created_at, pp.id limit 1)`,
  productName: sql<string>`(select p.name || ' ' || p.spec from products p where p.id = purchase_order_lines.product_id)`,
  batchCode: sql<string | null>`(select b.code from batches b where b.id = purchase_order_lines.batch_id)`,
};

/** Purchase orders: a supplier sees its own, operators all. Newest delivery date first. */
export async function listPurchaseOrders(db: Db, actor: Actor, filter: { supplierId?: string; status?: string }) {
  if (!actor.isOperator && (!filter.supplierId || !(await isSupplierMember(db, filter.supplierId, actor.id)))) throw notFound('purchase_order.not_found');
  const conds = [filter.supplierId ? eq(purchaseOrders.supplierId, filter.supplierId) : undefined, filter.status ? eq(purchaseOrders.status, filter.status as 'pending') : undefined].filter(Boolean);
  return db.select({
    id: purchaseOrders.id, supplierId: purchaseOrders.supplierId, deliveryDate: purchaseOrders.deliveryDate, status: purchaseOrders.status,
    confirmedAt: purchaseOrders.confirmedAt, createdAt: purchaseOrders.createdAt,
    supplierName: sql<string>`(select s.company_name from suppliers s where s.id = purchase_orders.supplier_id)`,
    lineCount: sql<number>`(select count(*)::int from purchase_order_lines l where l.purchase_order_id = purchase_orders.id)`,
    quantityOrdered: sql<number>`(select coalesce(sum(l.quantity_ordered), 0)::int from purchase_order_lines l where l.purchase_order_id = purchase_orders.id)`,
  }).from(purchaseOrders).where(conds.length ? and(...conds) : undefined).orderBy(desc(purchaseOrders.deliveryDate), desc(purchaseOrders.createdAt)).limit(200);
}

export async function getPurchaseOrder(db: Db, actor: Actor, poId: string) {
  const po = await requirePoAccess(db, poId, actor);
  const lines = await db.select(lineView).from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, poId)).orderBy(asc(purchaseOrderLines.communityId));
  return { ...po, lines };
}

/** The supplier confirms every line, possibly short; the lines must be the current ones. */
export async function confirmPurchaseOrder(db: Db, actor: Actor, poId: string, confirmations: { lineId: string; quantityConfirmed: number }[], now = new Date()) {
  const po = await requirePoAccess(db, poId, actor);
  if (actor.isOperator && !(await isSupplierMember(db, po.supplierId, actor.id))) throw notFound('purchase_order.not_found');
  return inTransaction(db, async (tx) => {
    const [locked] = await tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, poId)).for('update');
    if (locked.status !== 'pending') throw conflict('purchase_order.not_pending');
    const lines = await tx.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, poId));
    const given = new Map(confirmations.map((c) => [c.lineId, c.quantityConfirmed]));
    if (given.size !== lines.length || lines.some((l) => !given.has(l.id))) throw conflict('purchase_order.changed');
    let short = false;
    for (const l of lines) {
      const q = given.get(l.id)!;
      if (!Number.isInteger(q) || q < 0 || q > l.quantityOrdered) throw badRequest('purchase_order.quantity_invalid', { max: l.quantityOrdered });
      if (q < l.quantityOrdered) short = true;
      await tx.update(purchaseOrderLines).set({ quantityConfirmed: q }).where(eq(purchaseOrderLines.id, l.id));
    }
    const status = short ? 'short_confirmed' as const : 'confirmed' as const;
    const [row] = await tx.update(purchaseOrders).set({ status, confirmedAt: now, confirmedBy: actor.id }).where(eq(purchaseOrders.id, poId)).returning();
    await recordEvent(tx, { type: 'purchase_order.confirmed', communityId: null, actorId: actor.id, subjectId: poId, payload: { status, supplierId: po.supplierId } });
    return row;
  });
}

/** A purchase-order line with its order (for recording a delivery or its receipt). */
export async function getPurchaseOrderLine(db: DbOrTx, lineId: string) {
  const [line] = await db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, lineId));
  if (!line) throw notFound('purchase_order.not_found');
  const [po] = await db.select().from(purchaseOrders).where(eq(purchaseOrders.id, line.purchaseOrderId));
  return { line, po };
}

/**
 * Records what the supplier delivered to one pickup point, once (conditional update), and closes
 * the purchase order when every line is delivered. Runs in the delivery workflow's transaction.
 */
export async function setDelivered(tx: Tx, lineId: string, quantityDelivered: number, operatorId: string, now: Date) {
  const [updated] = await tx.update(purchaseOrderLines).set({ quantityDelivered, deliveredAt: now, deliveredBy: operatorId })
    .where(and(eq(purchaseOrderLines.id, lineId), isNull(purchaseOrderLines.quantityDelivered))).returning();
  if (!updated) throw conflict('delivery.already_recorded');
  const [{ open }] = await tx.select({ open: sql<number>`count(*)::int` }).from(purchaseOrderLines)
    .where(and(eq(purchaseOrderLines.purchaseOrderId, updated.purchaseOrderId), isNull(purchaseOrderLines.quantityDelivered)));
  if (open === 0) await tx.update(purchaseOrders).set({ status: 'delivered' }).where(eq(purchaseOrders.id, updated.purchaseOrderId));
  return updated;
}

/** Records what the leader counted in at his pickup point, once, and only after a delivery. */
export async function setReceived(tx: Tx, lineId: string, quantityReceived: number, leaderId: string, now: Date) {
  const [updated] = await tx.update(purchaseOrderLines).set({ quantityReceived, receivedAt: now, receivedBy: leaderId })
    .where(and(eq(purchaseOrderLines.id, lineId), isNull(purchaseOrderLines.receivedAt), isNotNull(purchaseOrderLines.quantityDelivered))).returning();
  if (!updated) throw conflict('receipt.already_recorded');
  return updated;
}
