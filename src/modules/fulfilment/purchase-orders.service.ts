import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { purchaseOrderLines, purchaseOrders } from './schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import { advanceCursor, claimCursor, inTransaction, readEventsAfter, recordEvent } from '../events/service.js';
import { closedGroupBuySummaries, markArrivedBySystem, getGroupBuyDetail } from '../groupbuy/service.js';
import { allocateShortage, paidQuantities, residentsReadyForPickup } from '../orders/fulfilment-lines.service.js';
import { refundPartOfOrder, sendPendingRefunds } from '../payments/service.js';
import type { PaymentProvider } from '../payments/provider.js';
import { isSupplierMember } from '../suppliers/service.js';
import { addLogisticsEvent } from '../quality/service.js';
import { notify } from '../notifications/service.js';
import { getCommunity } from '../community/service.js';
import { formatYuan } from '../../shared/money.js';
import { formatInZone } from '../../shared/time.js';

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
    const [summaries, quantities] = await Promise.all([closedGroupBuySummaries(tx, ids), paidQuantities(tx, ids)]);
    const lines = summaries
      .filter((s) => s.supplierId && (quantities.get(s.groupBuyId) ?? 0) > 0)
      .map((s) => ({ ...s, supplierId: s.supplierId!, quantity: quantities.get(s.groupBuyId)! }));

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
        productId: l.productId, batchId: l.batchId, quantityOrdered: l.quantity,
      }))).onConflictDoNothing({ target: purchaseOrderLines.groupBuyId }).returning({ id: purchaseOrderLines.id });
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
  groupBuyId: purchaseOrderLines.groupBuyId, productId: purchaseOrderLines.productId, batchId: purchaseOrderLines.batchId,
  quantityOrdered: purchaseOrderLines.quantityOrdered, quantityConfirmed: purchaseOrderLines.quantityConfirmed,
  quantityDelivered: purchaseOrderLines.quantityDelivered, deliveredAt: purchaseOrderLines.deliveredAt,
  communityName: sql<string>`(select c.name from communities c where c.id = purchase_order_lines.community_id)`,
  pickupPoint: sql<string>`(select c.pickup_point_name || '（' || c.pickup_point_address || '）' from communities c where c.id = purchase_order_lines.community_id)`,
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

/**
 * Goods reached one pickup point. A short delivery refunds the latest orders at once and tells
 * the residents why; everyone else gets an arrival notice.
 */
export async function recordDelivery(db: Db, provider: PaymentProvider, operatorId: string, lineId: string, quantityDelivered: number, now = new Date()) {
  const [line] = await db.select().from(purchaseOrderLines).where(eq(purchaseOrderLines.id, lineId));
  if (!line) throw notFound('purchase_order.not_found');
  const [po] = await db.select().from(purchaseOrders).where(eq(purchaseOrders.id, line.purchaseOrderId));
  if (po.status === 'pending') throw conflict('purchase_order.not_confirmed');
  if (line.quantityDelivered !== null) throw conflict('delivery.already_recorded');
  if (!Number.isInteger(quantityDelivered) || quantityDelivered < 0) throw badRequest('delivery.quantity_invalid');
  if (quantityDelivered > line.quantityOrdered) throw badRequest('delivery.quantity_above_ordered', { ordered: line.quantityOrdered });
  const gb = await getGroupBuyDetail(db, line.groupBuyId, now);
  const community = await getCommunity(db, line.communityId);

  const { refunds } = await inTransaction(db, async (tx) => {
    const [updated] = await tx.update(purchaseOrderLines).set({ quantityDelivered, deliveredAt: now, deliveredBy: operatorId })
      .where(and(eq(purchaseOrderLines.id, lineId), sql`quantity_delivered is null`)).returning();
    if (!updated) throw conflict('delivery.already_recorded');
    const shortages = await allocateShortage(tx, line.groupBuyId, line.quantityOrdered - quantityDelivered, now);
    const refunds: string[] = [];
    for (const s of shortages) {
      const key = await refundPartOfOrder(tx, s.orderId, s.amountFen, 'short_delivery', `short:${lineId}:${s.orderId}`);
      if (key) refunds.push(key);
    }
    await markArrivedBySystem(tx, line.groupBuyId, now);
    if (line.batchId) {
      await addLogisticsEvent(tx, { id: operatorId, system: true }, line.batchId, { kind: 'arrived_pickup', occurredAt: now, place: community.pickupPointName, communityId: community.id, note: `${quantityDelivered}/${line.quantityOrdered}` }, now);
    }
    const ready = await residentsReadyForPickup(tx, line.groupBuyId);
    const window = `${formatInZone(gb.pickupStartAt, community.timeZone)}–${formatInZone(gb.pickupEndAt, community.timeZone)}`;
    await notify(tx, [
      ...ready.map((r) => ({ userId: r.userId, communityId: r.communityId, kind: 'arrival' as const, params: { product: gb.title, place: community.pickupPointName, window }, link: `/orders/${r.orderId}` })),
      ...shortages.map((s) => ({ userId: s.userId, communityId: s.communityId, kind: 'short_refund' as const, params: { product: gb.title, units: s.units, amount: formatYuan(s.amountFen) }, link: `/orders/${s.orderId}` })),
    ]);
    await recordEvent(tx, { type: 'delivery.recorded', communityId: line.communityId, actorId: operatorId, subjectId: lineId, payload: { groupBuyId: line.groupBuyId, ordered: line.quantityOrdered, delivered: quantityDelivered, refundedOrders: shortages.length } });
    const [{ open }] = await tx.select({ open: sql<number>`count(*)::int` }).from(purchaseOrderLines)
      .where(and(eq(purchaseOrderLines.purchaseOrderId, po.id), sql`quantity_delivered is null`));
    if (open === 0) await tx.update(purchaseOrders).set({ status: 'delivered' }).where(eq(purchaseOrders.id, po.id));
    return { refunds };
  });
  if (refunds.length) await sendPendingRefunds(db, provider, { refundKeys: refunds }, now);
  return { lineId, quantityDelivered, refundedOrders: refunds.length };
}

