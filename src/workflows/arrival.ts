// Arrival is real: an operator records what the supplier delivered to a pickup point (a short
// delivery refunds at once), and the leader confirms what he received (fewer goes the same way).
// Only his receipt makes the item's lines ready for pickup. Each function is one transaction.
//
// Lock order, for both workflows in this file:
//   group buy item → purchase-order line → orders (ascending id) → order lines (ascending id)
//   → payments → group buy
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/db/client.js';
import { badRequest, conflict, forbidden } from '../platform/errors.js';
import { formatYuan } from '../platform/money.js';
import { formatInZone } from '../platform/time.js';
import { inTransaction, recordEvent } from '../platform/events/service.js';
import { getCommunity, membershipOf } from '../modules/community/index.js';
import { notify, type Notice } from '../modules/notifications/index.js';
import { addLogisticsEvent } from '../modules/quality/index.js';
import { requestRefund, sendPendingRefunds, type RefundRequest } from '../modules/payments/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import { allocateItemShortage, markItemLinesReady, openUnitsOfItem, type LineShortage } from '../modules/orders/index.js';
import { groupBuyWindows, lockItem, markItemArrived } from '../modules/groupbuy/index.js';
import { getPurchaseOrderLine, setDelivered, setReceived } from '../modules/fulfilment/index.js';
import { placesOfOrders } from './places.js';

async function productNameOf(tx: Tx, itemId: string): Promise<string> {
  const res = (await tx.execute(sql`select p.name from group_buy_items i join products p on p.id = i.product_id where i.id = ${itemId}`)) as unknown as { rows: { name: string }[] };
  return res.rows[0]?.name ?? '';
}

/** Refunds what a short delivery took from each line, through the refund outbox (sent after commit). */
async function refundShortages(tx: Tx, shortages: LineShortage[], keyPrefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const s of shortages) {
    // The refund names the line it is for (refunds.line_id).
    const request: RefundRequest = { orderId: s.orderId, lineId: s.lineId, amountFen: s.amountFen, refundKey: `${keyPrefix}:${s.lineId}`, reason: 'short_delivery' };
    await requestRefund(tx, request);
    keys.push(request.refundKey);
  }
  return keys;
}

async function recordShortageEvents(tx: Tx, shortages: LineShortage[], itemId: string) {
  for (const s of shortages) {
    await recordEvent(tx, { type: 'order.short_refunded', communityId: s.communityId, actorId: null, subjectId: s.lineId, payload: { orderId: s.orderId, groupBuyId: s.groupBuyId, itemId, units: s.units, amountFen: s.amountFen } });
  }
}

const shortNotices = (shortages: LineShortage[], product: string): Notice[] => shortages.map((s) => ({
  userId: s.userId, communityId: s.communityId, kind: 'short_refund' as const,
  params: { product, units: s.units, amount: formatYuan(s.amountFen) }, link: `/orders/${s.orderId}`,
}));

/**
 * The operator records what reached a pickup point for one purchase-order line. Fewer than the
 * residents paid for: the latest lines of that item are refunded at once and told why. The goods
 * are not ready yet: the leader still confirms receipt.
 */
export async function recordDelivery(db: Db, provider: PaymentProvider, operatorId: string, lineId: string, quantityDelivered: number, now = new Date()) {
  const { line, po } = await getPurchaseOrderLine(db, lineId);
  if (po.status === 'pending') throw conflict('purchase_order.not_confirmed');
  if (line.quantityDelivered !== null) throw conflict('delivery.already_recorded');
  if (!Number.isInteger(quantityDelivered) || quantityDelivered < 0) throw badRequest('delivery.quantity_invalid');
  if (quantityDelivered > line.quantityOrdered) throw badRequest('delivery.quantity_above_ordered', { ordered: line.quantityOrdered });
  const community = await getCommunity(db, line.communityId);

  const { refunds, shortages } = await inTransaction(db, async (tx) => {
    await lockItem(tx, line.itemId);
    await setDelivered(tx, lineId, quantityDelivered, operatorId, now);
    const open = await openUnitsOfItem(tx, line.itemId);
    const shortages = await allocateItemShortage(tx, line.itemId, open - quantityDelivered, now);
    const refunds = await refundShortages(tx, shortages, `short:${lineId}`);
    await recordShortageEvents(tx, shortages, line.itemId);
    if (line.batchId) {
      await addLogisticsEvent(tx, { id: operatorId, system: true }, line.batchId, { kind: 'arrived_pickup', occurredAt: now, place: community.pickupPointName, communityId: community.id, note: `${quantityDelivered}/${line.quantityOrdered}` }, now);
    }
    await notify(tx, shortNotices(shortages, await productNameOf(tx, line.itemId)));
    await recordEvent(tx, { type: 'delivery.recorded', communityId: line.communityId, actorId: operatorId, subjectId: lineId, payload: { groupBuyId: line.groupBuyId, itemId: line.itemId, ordered: line.quantityOrdered, delivered: quantityDelivered, refundedLines: shortages.length } });
    return { refunds, shortages };
  });
  if (refunds.length) await sendPendingRefunds(db, provider, { refundKeys: refunds }, now);
  return { lineId, quantityDelivered, refundedLines: shortages.length, refundedUnits: shortages.reduce((s, x) => s + x.units, 0) };
}

/**
 * The leader confirms what he received at his pickup point (at most what was delivered). Fewer
 * goes the short-delivery way; then the item's paid lines are ready for pickup, the residents are
 * told, and the item (and, with its last item, the group buy) has arrived.
 */
export async function receiveDelivery(db: Db, provider: PaymentProvider, input: { leaderId: string; lineId: string; quantityReceived: number; now: Date }) {
  const { leaderId, lineId, quantityReceived, now } = input;
  const { line } = await getPurchaseOrderLine(db, lineId);
  const m = await membershipOf(db, line.communityId, leaderId);
  if (!m || m.role !== 'leader') throw forbidden('receipt.not_your_pickup_point');
  if (line.quantityDelivered === null) throw conflict('receipt.no_delivery');
  if (line.receivedAt) throw conflict('receipt.already_recorded');
  if (!Number.isInteger(quantityReceived) || quantityReceived < 0 || quantityReceived > line.quantityDelivered) {
    throw badRequest('receipt.quantity_invalid', { max: line.quantityDelivered });
  }
  const community = await getCommunity(db, line.communityId);

  const result = await inTransaction(db, async (tx) => {
    await lockItem(tx, line.itemId);
    await setReceived(tx, lineId, quantityReceived, leaderId, now);
    const open = await openUnitsOfItem(tx, line.itemId);
    const shortages = await allocateItemShortage(tx, line.itemId, open - quantityReceived, now);
    const refunds = await refundShortages(tx, shortages, `short_receipt:${lineId}`);
    await recordShortageEvents(tx, shortages, line.itemId);
    const ready = await markItemLinesReady(tx, line.itemId);
    const { groupBuyArrived } = await markItemArrived(tx, line.itemId, leaderId, now);
    const product = await productNameOf(tx, line.itemId);
    const gb = (await groupBuyWindows(tx, [line.groupBuyId])).get(line.groupBuyId)!;
    const window = `${formatInZone(gb.pickupStartAt, community.timeZone)}–${formatInZone(gb.pickupEndAt, community.timeZone)}`;
    const residents = new Map(ready.map((l) => [l.userId, l]));
    const places = await placesOfOrders(tx, [...residents.values()].map((l) => l.orderId));
    await notify(tx, [
      ...[...residents.values()].map((l) => ({ userId: l.userId, communityId: l.communityId, kind: 'arrival' as const, params: { product, place: places.get(l.orderId) || community.pickupPointName, window }, link: `/orders/${l.orderId}` })),
      ...shortNotices(shortages, product),
    ]);
    await recordEvent(tx, { type: 'delivery.received', communityId: line.communityId, actorId: leaderId, subjectId: lineId, payload: { groupBuyId: line.groupBuyId, itemId: line.itemId, delivered: line.quantityDelivered, received: quantityReceived, refundedLines: shortages.length, readyLines: ready.length, groupBuyArrived } });
    return { refunds, shortages, ready: ready.length, groupBuyArrived };
  });
  if (result.refunds.length) await sendPendingRefunds(db, provider, { refundKeys: result.refunds }, now);
  return {
    lineId, quantityReceived, readyLines: result.ready, groupBuyArrived: result.groupBuyArrived,
    refundedLines: result.shortages.length, refundedUnits: result.shortages.reduce((s, x) => s + x.units, 0),
  };
}
