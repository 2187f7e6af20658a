import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { orders, orderLines, orderLineChanges, type OrderStatus, type LineStatus, type LeaderCancelReason, type LeaderRefundReason } from './schema.js';
import { groupBuys, groupBuyItems } from '../groupbuy/index.js';
import { users } from '../identity/index.js';
import { products } from '../catalog/index.js';
import { badRequest, conflict, notFound, AppError } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import * as groupbuy from '../groupbuy/index.js';
import { maskName, maskPhone } from '../identity/index.js';
import { firstPickupPoint, memberships, pickupPointsByIds } from '../community/index.js';
import { BATCHING, placeInBatch } from './rush.service.js';

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
/** Line states in which units count as sold (paid, not refunded). */
export const SOLD_LINE_STATUSES: LineStatus[] = ['paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'not_collected'];
export const MAX_LINES = 50;
export const MAX_QUANTITY = 100_000;
/** A resident's 备注 on an order, in characters. */
export const NOTE_MAX = 200;

export type { BasketLineInput, BundleLineInput, PlaceOrderInput, ShortLine, ShortReason } from './types.js';
import type { BasketLineInput, BundleLineInput, PlaceOrderInput, ShortLine, ShortReason } from './types.js';

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.cause?.code === UNIQUE_VIOLATION;
};

/** The basket's lines, checked and merged: each item once, whole quantities within bounds. */
export function normaliseLines(lines: BasketLineInput[]): BasketLineInput[] {
  if (lines.length === 0) throw badRequest('order.basket_empty');
  const merged = new Map<string, number>();
  for (const l of lines) {
    if (!Number.isInteger(l.quantity) || l.quantity < 1) throw badRequest('order.quantity_invalid');
    if (l.quantity > MAX_QUANTITY) throw badRequest('order.quantity_too_large', { max: MAX_QUANTITY });
    merged.set(l.itemId, (merged.get(l.itemId) ?? 0) + l.quantity);
  }
  if (merged.size > MAX_LINES) throw badRequest('order.too_many_lines', { max: MAX_LINES });
  return [...merged].map(([itemId, quantity]) => ({ itemId, quantity })).sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

/** Her bundles, checked and merged: each offer once, whole quantities within bounds. */
export function normaliseBundles(bundles: BundleLineInput[] | undefined): BundleLineInput[] {
  const merged = new Map<string, number>();
  for (const b of bundles ?? []) {
    if (!Number.isInteger(b.quantity) || b.quantity < 1) throw badRequest('order.quantity_invalid');
    if (b.quantity > MAX_QUANTITY) throw badRequest('order.quantity_too_large', { max: MAX_QUANTITY });
    merged.set(b.offerId, (merged.get(b.offerId) ?? 0) + b.quantity);
  }
  if (merged.size > MAX_LINES) throw badRequest('order.too_many_lines', { max: MAX_LINES });
  return [...merged].map(([offerId, quantity]) => ({ offerId, quantity })).sort((a, b) => (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0));
}

/** One order line to write: a plain item line, or one part of a bundle (priced at its unit share). */
interface LineToPlace { itemId: string; quantity: number; unitPriceFen: number; bundleOfferId: string | null }

/** Quantity per item over all the rows (a part and the same item bought alone share its stock and her limit). */
function perItem(rows: { itemId: string; quantity: number }[]): BasketLineInput[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.itemId, (m.get(r.itemId) ?? 0) + r.quantity);
  return [...m].map(([itemId, quantity]) => ({ itemId, quantity })).sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

export const linesShort = (lines: ShortLine[]) => new AppError('order.lines_short', 409, { count: lines.length }, { lines });

function windowReason(gb: { status: string; opensAt: Date; cutoffAt: Date }, now: Date): ShortReason | null {
  const status = groupbuy.effectiveStatus(gb as never, now);
  if (status === 'scheduled') return 'not_open';
  if (status !== 'open') return 'closed';
  return null;
}

/** What is wrong with each line before any lock is taken (a rush refuses sold-out baskets cheaply). */
export function precheck(lines: BasketLineInput[], items: groupbuy.OrderingItem[], now: Date): ShortLine[] {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const short: ShortLine[] = [];
  for (const l of lines) {
    const it = byId.get(l.itemId)!;
    const base = { itemId: it.itemId, title: it.title, productName: it.productName, requested: l.quantity };
    const reason = !it.productActive ? 'inactive' as const : windowReason(it, now);
    if (reason) { short.push({ ...base, available: 0, reason }); continue; }
    const limitLeft = Math.max(0, it.perPersonLimit - it.held);
    if (l.quantity > limitLeft) short.push({ ...base, available: Math.min(limitLeft, it.stockAvailable), reason: 'over_limit' });
    else if (l.quantity > it.stockAvailable) short.push({ ...base, available: it.stockAvailable, reason: 'sold_out' });
  }
  return short;
}

/**
 * Places one order for a whole basket. In one transaction: key-share locks on the group buys
 * (so a cut-off cannot slip between), the order row (its idempotency key), each line's
 * per-person limit (atomic upsert), the lines, their stock movements and the event, and last the
 * stock of each item by a conditional UPDATE in ascending item id (the hot rows, held only until
 * commit; one order for every basket, so baskets never deadlock). If any line is short nothing is
 * taken and the error names every short line. A retry with the same key returns the first order.
 *
 * Lock order: group_buys (key share, by id) → orders → group_buy_purchases → order_lines → group_buy_items (by id).
 */
export async function placeOrder(db: Db, input: PlaceOrderInput, items: groupbuy.OrderingItem[], paymentWindowMinutes: number, now = new Date(), offers: groupbuy.BundleOffer[] = []): Promise<{ order: Order; lines: OrderLine[]; replayed: boolean }> {
  const bundles = normaliseBundles(input.bundles);
  const lines = bundles.length && input.lines.length === 0 ? [] : normaliseLines(input.lines);
  const byId = new Map(items.map((i) => [i.itemId, i]));
  for (const l of lines) {
    const it = byId.get(l.itemId);
    if (!it) throw notFound('order.item_not_found');
    if (it.communityId !== input.communityId) throw badRequest('order.item_other_community');
  }
  // Each bundle becomes one order line per part, at the part's unit share fixed on the offer.
  const offerById = new Map(offers.map((o) => [o.offerId, o]));
  const rows: LineToPlace[] = lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, unitPriceFen: byId.get(l.itemId)!.priceFen, bundleOfferId: null }));
  for (const b of bundles) {
    const offer = offerById.get(b.offerId);
    if (!offer) throw notFound('order.bundle_not_found');
    if (offer.communityId !== input.communityId) throw badRequest('order.item_other_community');
    for (const p of offer.parts) {
      if (!byId.has(p.itemId)) throw notFound('order.item_not_found');
      rows.push({ itemId: p.itemId, quantity: p.units * b.quantity, unitPriceFen: p.unitShareFen, bundleOfferId: offer.offerId });
    }
  }
  if (lines.length + bundles.length > MAX_LINES) throw badRequest('order.too_many_lines', { max: MAX_LINES });
  const deliveryFeeFen = input.fulfilment?.deliveryFeeFen ?? 0;
  // The delivery fee is its own line of the total: the payment covers goods and fee at once.
  const totalFen = rows.reduce((s, r) => s + r.unitPriceFen * r.quantity, 0) + deliveryFeeFen;
  if (totalFen > groupbuy.MAX_ORDER_TOTAL_FEN) throw badRequest('groupbuy.order_total_too_large', { max: groupbuy.MAX_ORDER_TOTAL_FEN / 100 });
  const note = (input.note ?? '').trim();
  if (note.length > NOTE_MAX) throw badRequest('order.note_too_long', { max: NOTE_MAX });

  // With bundles an item's need is its own line plus every part taken from it.
  const early = precheck(bundles.length ? perItem(rows) : lines, items, now);
  if (early.length) {
    // A committed read showed no stock left: later arrivals may be refused from memory.
    for (const s of early) if (s.reason === 'sold_out' && byId.get(s.itemId)!.stockAvailable === 0) groupbuy.rememberSoldOut(db, byId.get(s.itemId)!);
    const replayed = await findReplay(db, input.userId, input.idempotencyKey, rows);
    if (replayed) return { ...replayed, replayed: true };
    throw linesShort(early);
  }

  const paymentDueAt = new Date(now.getTime() + paymentWindowMinutes * 60_000);
  // Baskets with bundles take the one-order path: the rush engine stays as it was for plain baskets.
  if (BATCHING && bundles.length === 0) {
    const placed = await placeInBatch(db, { input, lines, byId, totalFen, note, paymentDueAt, now });
    if (placed.kind === 'placed') return { order: placed.order, lines: placed.lines, replayed: false };
    if (placed.kind === 'short') throw linesShort(placed.short);
  }
  return placeOne(db, input, rows, byId, totalFen, note, paymentDueAt, now);
}

/**
 * The one-order path: one transaction for this order alone (replays, limits passed, closed windows,
 * races, bundles). Limits and stock are taken per item over all its rows (a bundle's part and the
 * same item alone), in ascending item id, so all parts of a bundle are taken or none.
 */
async function placeOne(db: Db, input: PlaceOrderInput, rows: LineToPlace[], byId: Map<string, groupbuy.OrderingItem>, totalFen: number, note: string, paymentDueAt: Date, now: Date): Promise<{ order: Order; lines: OrderLine[]; replayed: boolean }> {
  const soldOut: groupbuy.OrderingItem[] = [];
  const needs = perItem(rows);
  try {
    return await inTransaction(db, async (tx) => {
      soldOut.length = 0;
      const windows = await groupbuy.lockForOrdering(tx, needs.map((l) => byId.get(l.itemId)!.groupBuyId));
      const [order] = await tx.insert(orders).values({
        communityId: input.communityId, userId: input.userId, idempotencyKey: input.idempotencyKey, note, totalFen,
        ...(input.fulfilment ?? {}),
        paymentDueAt, createdAt: now,
      }).onConflictDoNothing({ target: [orders.userId, orders.idempotencyKey] }).returning();
      if (!order) {
        const replayed = await findReplay(tx, input.userId, input.idempotencyKey, rows);
        if (!replayed) throw conflict('order.idempotency_key_reused');
        return { ...replayed, replayed: true };
      }
      const short: ShortLine[] = [];
      for (const l of needs) {
        const it = byId.get(l.itemId)!;
        const reason = windowReason(windows.get(it.groupBuyId)!, now);
        if (reason) short.push({ itemId: it.itemId, title: it.title, productName: it.productName, requested: l.quantity, available: 0, reason });
      }
      if (short.length) throw linesShort(short);
      for (const l of needs) {
        const it = byId.get(l.itemId)!;
        const held = await groupbuy.holdForPerson(tx, it, input.userId, l.quantity);
        if (!held.ok) short.push({ itemId: it.itemId, title: it.title, productName: it.productName, requested: l.quantity, available: held.remaining, reason: 'over_limit' });
      }
      if (short.length) throw linesShort(short);
      const inserted = await tx.insert(orderLines).values(rows.map((r) => {
        const it = byId.get(r.itemId)!;
        return {
          orderId: order.id, communityId: input.communityId, groupBuyId: it.groupBuyId, itemId: it.itemId, userId: input.userId,
          quantity: r.quantity, unitPriceFen: r.unitPriceFen, totalFen: r.unitPriceFen * r.quantity, bundleOfferId: r.bundleOfferId, createdAt: now,
        };
      })).returning();
      await groupbuy.logMovements(tx, inserted.map((l) => ({ communityId: l.communityId, groupBuyId: l.groupBuyId, itemId: l.itemId, orderId: order.id, delta: -l.quantity, reason: 'order_placed' as const })));
      await recordEvent(tx, { type: 'order.placed', communityId: input.communityId, actorId: input.userId, subjectId: order.id, payload: {
        totalFen, lines: inserted.map((l) => ({ lineId: l.id, groupBuyId: l.groupBuyId, itemId: l.itemId, quantity: l.quantity, totalFen: l.totalFen })),
      } });
      for (const l of needs) {
        const left = await groupbuy.reserveItemStock(tx, l.itemId, l.quantity);
        if (left === null) {
          const it = byId.get(l.itemId)!;
          const available = await groupbuy.stockOf(tx, l.itemId);
          if (available === 0) soldOut.push(it);
          short.push({ itemId: it.itemId, title: it.title, productName: it.productName, requested: l.quantity, available, reason: 'sold_out' });
        }
      }
      if (short.length) throw linesShort(short);
      return { order, lines: inserted, replayed: false };
    });
  } catch (err) {
    // Seen at 0 under the row lock (the transaction rolled back, but others committed that stock away).
    for (const it of soldOut) groupbuy.rememberSoldOut(db, it);
    // Two requests with one key raced: the loser's insert conflicted after the winner committed.
    if (isUniqueViolation(err)) {
      const replayed = await findReplay(db, input.userId, input.idempotencyKey, rows);
      if (replayed) return { ...replayed, replayed: true };
      throw conflict('order.idempotency_key_reused');
    }
    throw err;
  }
}

/** The order placed earlier with this key, if it was for the same basket (else the key was reused). */
async function findReplay(db: DbOrTx, userId: string, key: string, rows: { itemId: string; quantity: number; bundleOfferId?: string | null }[]) {
  const [existing] = await db.select().from(orders).where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, key)));
  if (!existing) return null;
  const existingLines = await db.select().from(orderLines).where(eq(orderLines.orderId, existing.id)).orderBy(asc(orderLines.itemId));
  const sig = (xs: { itemId: string; quantity: number; bundleOfferId?: string | null }[]) => xs.map((x) => `${x.bundleOfferId ?? ''}|${x.itemId}|${x.quantity}`).sort().join(',');
  if (sig(existingLines) !== sig(rows)) throw conflict('order.idempotency_key_reused');
  return { order: existing, lines: existingLines };
}

/** The pickup point of her last order collected here (her default next time), if any. */
export async function lastPickupPointOf(db: DbOrTx, communityId: string, userId: string): Promise<string | null> {
  const [o] = await db.select({ id: orders.pickupPointId }).from(orders)
    .where(and(eq(orders.communityId, communityId), eq(orders.userId, userId), eq(orders.fulfilment, 'pickup'), sql`${orders.pickupPointId} is not null`))
    .orderBy(desc(orders.createdAt)).limit(1);
  return o?.id ?? null;
}

/** Where each order is fulfilled: at a point or at her door (with area, 门牌, slot and fee). */
export async function fulfilmentOfOrders(db: DbOrTx, orderIds: string[]) {
  if (orderIds.length === 0) return new Map<string, Pick<Order, 'id' | 'communityId' | 'fulfilment' | 'pickupPointId' | 'deliveryArea' | 'deliveryAddress' | 'deliverySlot' | 'deliveryFeeFen'>>();
  const rows = await db.select({ id: orders.id, communityId: orders.communityId, fulfilment: orders.fulfilment, pickupPointId: orders.pickupPointId, deliveryArea: orders.deliveryArea, deliveryAddress: orders.deliveryAddress, deliverySlot: orders.deliverySlot, deliveryFeeFen: orders.deliveryFeeFen })
    .from(orders).where(inArray(orders.id, [...new Set(orderIds)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The lines of the order placed with this key, if any (a retried basket checkout replays them). */
export async function linesOfKey(db: DbOrTx, userId: string, key: string): Promise<BasketLineInput[] | null> {
  const rows = await partsOfKey(db, userId, key);
  return rows.length ? rows.filter((r) => !r.bundleOfferId).map(({ itemId, quantity }) => ({ itemId, quantity })) : null;
}

/** Every line of the order placed with this key, bundle parts with their offer (a retried checkout rebuilds her bundles). */
export async function partsOfKey(db: DbOrTx, userId: string, key: string) {
  return db.select({ itemId: orderLines.itemId, quantity: orderLines.quantity, bundleOfferId: orderLines.bundleOfferId }).from(orderLines).innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, key)));
}

export type OrderProgress = 'pending_payment' | 'cancelled' | 'waiting' | 'ready' | 'partly_collected' | 'collected' | 'refunded' | 'not_collected';

/** How a paid order stands as a whole, from its lines. */
export function orderProgress(status: OrderStatus, lines: { status: LineStatus }[]): OrderProgress {
  if (status === 'pending_payment') return 'pending_payment';
  if (status === 'cancelled') return 'cancelled';
  const live = lines.filter((l) => l.status !== 'cancelled' && l.status !== 'refunded');
  if (live.length === 0) return 'refunded';
  const picked = live.filter((l) => l.status === 'picked_up').length;
  if (picked === live.length) return 'collected';
  if (picked > 0) return 'partly_collected';
  if (live.some((l) => l.status === 'ready_for_pickup')) return 'ready';
  if (live.every((l) => l.status === 'not_collected')) return 'not_collected';
  return 'waiting';
}

const lineView = {
  id: orderLines.id, orderId: orderLines.orderId, communityId: orderLines.communityId, userId: orderLines.userId, groupBuyId: orderLines.groupBuyId, itemId: orderLines.itemId,
  groupNumber: orderLines.groupNumber, quantity: orderLines.quantity, refundedQuantity: orderLines.refundedQuantity, unitPriceFen: orderLines.unitPriceFen,
  totalFen: orderLines.totalFen, status: orderLines.status, paidAt: orderLines.paidAt, pickedUpAt: orderLines.pickedUpAt, cancelledAt: orderLines.cancelledAt,
  cancelReason: orderLines.cancelReason, handoverId: orderLines.handoverId, bundleOfferId: orderLines.bundleOfferId, batchId: groupBuyItems.batchId,
  groupBuy: { title: groupBuys.title, status: groupBuys.status, opensAt: groupBuys.opensAt, cutoffAt: groupBuys.cutoffAt, closedAt: groupBuys.closedAt, pickupStartAt: groupBuys.pickupStartAt, pickupEndAt: groupBuys.pickupEndAt },
  product: { id: products.id, name: products.name, spec: products.spec, unit: products.unit, imageUrls: products.imageUrls, category: products.category },
};

type LineRow = Awaited<ReturnType<typeof lineRows>>[number];
const lineRows = (db: DbOrTx) => db.select(lineView).from(orderLines).innerJoin(groupBuys, eq(groupBuys.id, orderLines.groupBuyId))
  .innerJoin(groupBuyItems, eq(groupBuyItems.id, orderLines.itemId)).innerJoin(products, eq(products.id, groupBuyItems.productId));
type PresentedLine = ReturnType<typeof presentLine>;

async function linesOf(db: DbOrTx, orderIds: string[], now: Date) {
  const out = new Map<string, PresentedLine[]>();
  if (orderIds.length === 0) return out;
  const rows = await lineRows(db).where(inArray(orderLines.orderId, orderIds)).orderBy(asc(groupBuys.cutoffAt), asc(groupBuyItems.position));
  for (const r of rows) {
    const list = out.get(r.orderId) ?? [];
    list.push(presentLine(r, now));
    out.set(r.orderId, list);
  }
  return out;
}

/** The group buy's status as residents experience it (a passed cut-off reads as closed at once). */
function presentLine(row: LineRow, now: Date) {
  const { opensAt: _o, ...gb } = row.groupBuy;
  return { ...row, groupBuy: { ...gb, status: groupbuy.effectiveStatus(row.groupBuy, now), actualCutoffAt: groupbuy.actualCutoff(row.groupBuy) } };
}

type PointView = { id: string; name: string; address: string; hours: string };
function presentOrder(o: Order, lines: PresentedLine[], changes: LineChange[] = [], points: Map<string, PointView> = new Map()) {
  // Cancelled lines of a paid order count as refunded units (their money went back).
  const refundedFen = lines.reduce((s, l) => s + l.refundedQuantity * l.unitPriceFen, 0);
  const { idempotencyKey: _key, ...rest } = o;
  const p = o.pickupPointId ? points.get(o.pickupPointId) : undefined;
  return { ...rest, pickupPoint: p ? { id: p.id, name: p.name, address: p.address, hours: p.hours } : null, progress: orderProgress(o.status, lines), refundedFen, lines, changes };
}

/** The pickup points of these orders (NULL on old orders: the community's first point). */
async function pointsOf(db: DbOrTx, os: Order[]): Promise<Map<string, PointView>> {
  const missing = os.filter((o) => !o.pickupPointId);
  for (const o of missing) o.pickupPointId = (await firstPickupPoint(db, o.communityId).catch(() => null))?.id ?? null;
  return pickupPointsByIds(db, os.map((o) => o.pickupPointId).filter((x): x is string => !!x));
}

/**
 * The order view of an order just placed (or replayed), from its rows and the items it was placed
 * against: the same shape as getMyOrder, without reading it back.
 */
export function viewOfPlaced(order: Order, lines: OrderLine[], items: groupbuy.OrderingItem[], now: Date, point?: PointView) {
  const byItem = new Map(items.map((i) => [i.itemId, i]));
  const rows: LineRow[] = lines.map((l) => {
    const it = byItem.get(l.itemId)!;
    return {
      id: l.id, orderId: l.orderId, communityId: l.communityId, userId: l.userId, groupBuyId: l.groupBuyId, itemId: l.itemId, groupNumber: l.groupNumber,
      quantity: l.quantity, refundedQuantity: l.refundedQuantity, unitPriceFen: l.unitPriceFen, totalFen: l.totalFen, status: l.status, paidAt: l.paidAt,
      pickedUpAt: l.pickedUpAt, cancelledAt: l.cancelledAt, cancelReason: l.cancelReason, handoverId: l.handoverId, bundleOfferId: l.bundleOfferId, batchId: it.batchId,
      groupBuy: { title: it.title, status: it.status, opensAt: it.opensAt, cutoffAt: it.cutoffAt, closedAt: it.closedAt, pickupStartAt: it.pickupStartAt, pickupEndAt: it.pickupEndAt },
      product: { id: it.productId, name: it.productName, spec: it.spec, unit: it.unit, imageUrls: it.imageUrls, category: it.category },
    };
  });
  // As getMyOrder lists them: by cut-off, then by the item's place in its group buy.
  const rank = new Map(items.map((i, k) => [i.itemId, k]));
  rows.sort((a, b) => a.groupBuy.cutoffAt.getTime() - b.groupBuy.cutoffAt.getTime() || rank.get(a.itemId)! - rank.get(b.itemId)!);
  return presentOrder(order, rows.map((r) => presentLine(r, now)), [], new Map(point ? [[point.id, point]] : []));
}

/** A resident's own orders, newest first, each with its lines. */
export async function listMyOrders(db: Db, userId: string, page = 1, pageSize = 20, now = new Date()) {
  const rows = await db.select().from(orders).where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt)).limit(pageSize + 1).offset((page - 1) * pageSize);
  const pageRows = rows.slice(0, pageSize);
  const lines = await linesOf(db, pageRows.map((o) => o.id), now);
  const changes = await lineChangesOf(db, pageRows.map((o) => o.id));
  const points = await pointsOf(db, pageRows);
  return { items: pageRows.map((o) => presentOrder(o, lines.get(o.id) ?? [], changes.get(o.id), points)), hasMore: rows.length > pageSize };
}

/** One order, only for its owner: another resident gets 404, never a hint that it exists. */
export async function getMyOrder(db: DbOrTx, orderId: string, userId: string, now = new Date()) {
  const [o] = await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.userId, userId)));
  if (!o) throw notFound('order.not_found');
  const lines = await linesOf(db, [o.id], now);
  const changes = await lineChangesOf(db, [o.id]);
  return presentOrder(o, lines.get(o.id) ?? [], changes.get(o.id), await pointsOf(db, [o]));
}

/** One order of his community, for its leader (the caller checked he leads it): her view plus who she is there. */
export async function getCommunityOrder(db: DbOrTx, orderId: string, communityId: string, now = new Date()) {
  const [o] = await db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.communityId, communityId)));
  if (!o) throw notFound('order.not_found');
  return getMyOrder(db, o.id, o.userId, now);
}
export type OrderView = Awaited<ReturnType<typeof getMyOrder>>;

export interface CancelResult { order: Order; cancelled: OrderLine[]; parts: CancelPart[]; wasPaid: boolean }

/**
 * The resident cancels before the cut-off: an unpaid order as a whole, a paid one line by line
 * (each line only while its group buy is open). Stock and her limits go back. `inTx` runs in the
 * cancel's transaction: the caller owes the refunds there, so a cancel never commits without them.
 *
 * Lock order: group_buys (key share) → orders → order_lines → group_buy_purchases → group_buy_items.
 */
export async function cancelOrder(db: Db, orderId: string, userId: string, lineIds: string[] | undefined, now = new Date(), inTx?: (tx: Tx, result: CancelResult) => Promise<void>): Promise<CancelResult> {
  const mine = await getMyOrder(db, orderId, userId, now);
  if (mine.status === 'cancelled') throw conflict('order.cannot_cancel');
  if (lineIds) {
    const own = new Set(mine.lines.map((l) => l.id));
    if (lineIds.length === 0 || lineIds.some((id) => !own.has(id))) throw badRequest('order.lines_invalid');
  }
  // She cancels a bundle as she bought it: every part goes (its price was for all of them).
  const offersCancelled = new Set(mine.lines.filter((l) => lineIds?.includes(l.id) && l.bundleOfferId).map((l) => l.bundleOfferId));
  if (lineIds && offersCancelled.size) lineIds = [...new Set([...lineIds, ...mine.lines.filter((l) => offersCancelled.has(l.bundleOfferId)).map((l) => l.id)])];
  if (mine.status === 'pending_payment' && lineIds && lineIds.length !== mine.lines.length) throw conflict('order.cancel_whole_unpaid');
  const wanted = new Set(lineIds ?? mine.lines.map((l) => l.id));
  return inTransaction(db, async (tx) => {
    const windows = await groupbuy.lockForOrdering(tx, mine.lines.filter((l) => wanted.has(l.id)).map((l) => l.groupBuyId));
    const [order] = await tx.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.userId, userId))).for('update');
    if (!order || order.status === 'cancelled') throw conflict('order.cannot_cancel');
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.itemId));
    const targets = lines.filter((l) => wanted.has(l.id));
    for (const l of targets) {
      const w = windows.get(l.groupBuyId);
      // Ordering is over once the cut-off passes: the leader has already bought for her.
      if (!w || windowReason(w, now) === 'closed' || !['pending_payment', 'paid'].includes(l.status)) {
        if (lineIds || order.status === 'pending_payment') throw conflict('order.cannot_cancel');
      }
    }
    const cancellable = targets.filter((l) => {
      const w = windows.get(l.groupBuyId);
      return w && windowReason(w, now) !== 'closed' && ['pending_payment', 'paid'].includes(l.status);
    });
    if (cancellable.length === 0) throw conflict('order.cannot_cancel');
    const result = await cancelParts(tx, order, lines, cancellable.map((l) => ({ line: l, quantity: l.quantity - l.refundedQuantity })), { reason: 'resident', actorId: userId }, now);
    if (inTx) await inTx(tx, result);
    return result;
  });
}

/** Line states before the hand-over (the units are still the leader's to give back). */
const BEFORE_HANDOVER: LineStatus[] = ['pending_payment', 'paid', 'confirmed', 'ready_for_pickup'];

export interface CancelPart { line: OrderLine; quantity: number; amountFen: number }

/**
 * The one core of every cancellation by a person (the resident's, the leader's): under the order's
 * lock, each part gives its units back — the whole line (cancelled) or some of its units
 * (refunded_quantity grows, the line stays) — returns stock and frees her per-person limit, closes
 * the order when nothing is left and records 'order.cancelled'. The 跟团号 stays. Refunds are the
 * caller's (in the same transaction): `amountFen` is what each part is worth when paid.
 */
async function cancelParts(tx: Tx, order: Order, lines: OrderLine[], parts: { line: OrderLine; quantity: number }[], by: { reason: 'resident' | 'leader'; actorId: string }, now: Date): Promise<CancelResult> {
  const wasPaid = order.status === 'paid';
  const done: CancelPart[] = [];
  for (const p of [...parts].sort((a, b) => (a.line.itemId < b.line.itemId ? -1 : 1))) {
    const left = p.line.quantity - p.line.refundedQuantity;
    const whole = p.quantity === left;
    const [row] = await tx.update(orderLines).set(whole
      ? { status: 'cancelled', cancelledAt: now, cancelReason: by.reason, ...(wasPaid ? { refundedQuantity: sql`${orderLines.quantity}` } : {}) }
      : { refundedQuantity: sql`${orderLines.refundedQuantity} + ${p.quantity}` })
      .where(and(eq(orderLines.id, p.line.id), eq(orderLines.refundedQuantity, p.line.refundedQuantity), inArray(orderLines.status, BEFORE_HANDOVER))).returning();
    if (!row) throw conflict('order.cannot_cancel');
    done.push({ line: row, quantity: p.quantity, amountFen: wasPaid ? p.quantity * row.unitPriceFen : 0 });
  }
  for (const p of done) await groupbuy.releaseItemStock(tx, p.line, p.quantity, 'order_cancelled', now);
  const changed = new Map(done.map((p) => [p.line.id, p.line]));
  const remaining = lines.map((l) => changed.get(l.id) ?? l).filter((l) => l.status !== 'cancelled' && l.status !== 'refunded');
  const [updated] = remaining.length === 0
    ? await tx.update(orders).set({ status: 'cancelled', cancelledAt: now, cancelReason: by.reason }).where(eq(orders.id, order.id)).returning()
    : [order];
  const cancelled = done.filter((p) => p.line.status === 'cancelled').map((p) => p.line);
  await recordEvent(tx, { type: 'order.cancelled', communityId: order.communityId, actorId: by.actorId, subjectId: order.id, payload: {
    reason: by.reason, wasPaid, whole: remaining.length === 0,
    quantity: done.reduce((s, p) => s + p.quantity, 0), totalFen: done.reduce((s, p) => s + p.quantity * p.line.unitPriceFen, 0),
    lines: done.map((p) => ({ lineId: p.line.id, groupBuyId: p.line.groupBuyId, itemId: p.line.itemId, quantity: p.quantity, totalFen: p.quantity * p.line.unitPriceFen })),
  } });
  return { order: updated, cancelled, parts: done, wasPaid };
}

export interface LeaderCancelInput {
  orderId: string;
  communityId: string;
  leaderId: string;
  /** The lines (and how many of their units) to cancel; none: every line not yet cancelled. */
  lines?: { lineId: string; quantity?: number }[];
  reasonCode: LeaderCancelReason;
  note: string;
  now: Date;
}

/**
 * The leader cancels before the hand-over — whole lines, some units of a line, or the whole order
 * — with his reason. Same core as the resident's cancel; he may do it after the cut-off too (until
 * the units are handed over). Writes one order_line_changes row per part. `inTx` owes the refunds.
 *
 * Lock order: group_buys (key share) → orders → order_lines → group_buy_purchases → group_buy_items → payments.
 */
export async function leaderCancel(db: Db, input: LeaderCancelInput, inTx?: (tx: Tx, result: CancelResult) => Promise<void>): Promise<CancelResult> {
  const note = checkNote(input.note, input.reasonCode === 'other');
  const [peek] = await db.select().from(orders).where(and(eq(orders.id, input.orderId), eq(orders.communityId, input.communityId)));
  if (!peek) throw notFound('order.not_found');
  if (input.lines) {
    if (input.lines.length === 0 || new Set(input.lines.map((l) => l.lineId)).size !== input.lines.length) throw badRequest('order.lines_invalid');
  }
  const peekLines = await db.select({ groupBuyId: orderLines.groupBuyId }).from(orderLines).where(eq(orderLines.orderId, peek.id));
  return inTransaction(db, async (tx) => {
    await groupbuy.lockForOrdering(tx, peekLines.map((l) => l.groupBuyId));
    const [order] = await tx.select().from(orders).where(eq(orders.id, peek.id)).for('update');
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.itemId));
    const byId = new Map(lines.map((l) => [l.id, l]));
    const live = (l: OrderLine) => l.status !== 'cancelled' && l.status !== 'refunded';
    const wanted = input.lines ?? lines.filter(live).map((l) => ({ lineId: l.id, quantity: undefined }));
    if (order.status === 'cancelled' || wanted.length === 0) throw conflict('leader_order.already_cancelled');
    const parts = wanted.map((w) => {
      const line = byId.get(w.lineId);
      if (!line) throw badRequest('order.lines_invalid');
      if (!live(line)) throw conflict('leader_order.already_cancelled');
      if (line.status === 'picked_up' || line.status === 'not_collected') throw conflict('leader_order.handed_over');
      const left = line.quantity - line.refundedQuantity;
      const quantity = w.quantity ?? left;
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > left) throw badRequest('leader_order.quantity_invalid', { max: left });
      return { line, quantity };
    });
    // An unpaid basket is one payment to come: it is cancelled as a whole or not at all.
    if (order.status === 'pending_payment' && (parts.length !== lines.filter(live).length || parts.some((p) => p.quantity !== p.line.quantity))) throw conflict('order.cancel_whole_unpaid');
    const result = await cancelParts(tx, order, lines, parts, { reason: 'leader', actorId: input.leaderId }, input.now);
    await tx.insert(orderLineChanges).values(result.parts.map((p) => ({
      communityId: order.communityId, orderId: order.id, lineId: p.line.id, userId: order.userId, actorId: input.leaderId,
      kind: 'cancel' as const, quantity: p.quantity, amountFen: p.amountFen, reasonCode: input.reasonCode, note, createdAt: input.now,
    })));
    if (inTx) await inTx(tx, result);
    return result;
  });
}

/** The leader's own words with his reason: required (2–200 characters) for "other", else optional. */
export function checkNote(raw: string | undefined, required: boolean) {
  const note = (raw ?? '').trim();
  if (note.length > LEADER_NOTE_MAX) throw badRequest('leader_order.note_too_long', { max: LEADER_NOTE_MAX });
  if (required && note.length < 2) throw badRequest('leader_order.note_required');
  return note;
}
export const LEADER_NOTE_MAX = 200;

/** Locks an order and one of its lines (the hand-over's order: orders → order_lines) for a refund after the hand-over. */
export async function lockOrderLine(tx: Tx, orderId: string, lineId: string) {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  const [line] = await tx.select().from(orderLines).where(and(eq(orderLines.id, lineId), eq(orderLines.orderId, orderId))).for('update');
  return { order, line };
}

/** An order line of the leader's community, or not found (another community's line looks like no line). */
export async function lineInCommunity(db: DbOrTx, lineId: string, communityId: string) {
  const [row] = await db.select().from(orderLines).where(and(eq(orderLines.id, lineId), eq(orderLines.communityId, communityId)));
  if (!row) throw notFound('order.not_found');
  return row;
}

/** Records a refund he made after the hand-over (its claim row holds the money side). */
export async function recordLeaderRefund(tx: Tx, input: { line: OrderLine; actorId: string; amountFen: number; reasonCode: LeaderRefundReason; note: string; claimId: string; now: Date }) {
  await tx.insert(orderLineChanges).values({
    communityId: input.line.communityId, orderId: input.line.orderId, lineId: input.line.id, userId: input.line.userId, actorId: input.actorId,
    kind: 'refund', quantity: 0, amountFen: input.amountFen, reasonCode: input.reasonCode, note: input.note, claimId: input.claimId, createdAt: input.now,
  });
}

/** What leaders did to an order's lines, oldest first, with the leader's name as his community knows him. */
export async function lineChangesOf(db: DbOrTx, orderIds: string[]) {
  if (orderIds.length === 0) return new Map<string, LineChange[]>();
  const rows = await db.select({
    id: orderLineChanges.id, orderId: orderLineChanges.orderId, lineId: orderLineChanges.lineId, kind: orderLineChanges.kind, quantity: orderLineChanges.quantity,
    amountFen: orderLineChanges.amountFen, reasonCode: orderLineChanges.reasonCode, note: orderLineChanges.note, createdAt: orderLineChanges.createdAt,
    leaderName: sql<string>`coalesce(nullif((select m.display_name from memberships m where m.community_id = ${orderLineChanges.communityId} and m.user_id = ${orderLineChanges.actorId}), ''), ${users.name})`,
  }).from(orderLineChanges).innerJoin(users, eq(users.id, orderLineChanges.actorId))
    .where(inArray(orderLineChanges.orderId, orderIds)).orderBy(asc(orderLineChanges.createdAt), asc(orderLineChanges.id));
  const out = new Map<string, LineChange[]>();
  for (const r of rows) {
    const { orderId, ...rest } = r;
    out.set(orderId, [...(out.get(orderId) ?? []), rest]);
  }
  return out;
}
export interface LineChange { id: string; lineId: string; kind: 'cancel' | 'refund'; quantity: number; amountFen: number; reasonCode: string; note: string; createdAt: Date; leaderName: string }

/**
 * Cancels unpaid orders as a whole (expiry, a cut-off), giving every line's stock back. Caller holds
 * the locks it needs and chose the orders (the expiry job: those past their payment window).
 */
async function cancelUnpaid(tx: Tx, orderIds: string[], reason: 'payment_timeout' | 'cutoff_unpaid', now: Date): Promise<number> {
  if (orderIds.length === 0) return 0;
  const cancelled = await tx.update(orders).set({ status: 'cancelled', cancelledAt: now, cancelReason: reason })
    .where(and(inArray(orders.id, orderIds), eq(orders.status, 'pending_payment'))).returning();
  if (cancelled.length === 0) return 0;
  const lines = await tx.update(orderLines).set({ status: 'cancelled', cancelledAt: now, cancelReason: reason })
    .where(and(inArray(orderLines.orderId, cancelled.map((o) => o.id)), eq(orderLines.status, 'pending_payment'))).returning();
  lines.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  for (const l of lines) await groupbuy.releaseItemStock(tx, l, l.quantity, 'order_expired', now);
  for (const o of cancelled) {
    const own = lines.filter((l) => l.orderId === o.id);
    await recordEvent(tx, { type: 'order.cancelled', communityId: o.communityId, actorId: null, subjectId: o.id, payload: {
      reason, wasPaid: false, whole: true, quantity: own.reduce((s, l) => s + l.quantity, 0), totalFen: o.totalFen,
      lines: own.map((l) => ({ lineId: l.id, groupBuyId: l.groupBuyId, itemId: l.itemId, quantity: l.quantity, totalFen: l.totalFen })),
    } });
  }
  return cancelled.length;
}

/** Orders left unpaid past their payment window give their stock back. */
export async function expireUnpaidOrders(db: Db, now = new Date(), batch = 100): Promise<number> {
  const due = await db.select({ id: orders.id }).from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lte(orders.paymentDueAt, now))).orderBy(asc(orders.paymentDueAt)).limit(batch);
  let expired = 0;
  for (const d of due) {
    // One small transaction per order, its group buys locked first (the checkout's lock order);
    // the conditional update makes a second instance's attempt a no-op.
    expired += await inTransaction(db, async (tx) => {
      const gbs = await tx.selectDistinct({ id: orderLines.groupBuyId }).from(orderLines).where(eq(orderLines.orderId, d.id));
      await groupbuy.lockForOrdering(tx, gbs.map((g) => g.id));
      return cancelUnpaid(tx, [d.id], 'payment_timeout', now);
    });
  }
  return expired;
}

/**
 * At a cut-off, unpaid orders with a line in the closing group buy are cancelled as a whole (one
 * payment covers the whole basket). Runs in the close's transaction, which holds the group buy FOR UPDATE.
 */
export async function cancelUnpaidAtClose(tx: Tx, groupBuyId: string, now: Date): Promise<number> {
  const touching = await tx.selectDistinct({ id: orderLines.orderId }).from(orderLines)
    .where(and(eq(orderLines.groupBuyId, groupBuyId), eq(orderLines.status, 'pending_payment')));
  return cancelUnpaid(tx, touching.map((t) => t.id).sort(), 'cutoff_unpaid', now);
}

export async function confirmPaidAtClose(tx: Tx, groupBuyId: string): Promise<{ orders: number; quantity: number }> {
  const rows = await tx.update(orderLines).set({ status: 'confirmed' })
    .where(and(eq(orderLines.groupBuyId, groupBuyId), eq(orderLines.status, 'paid'))).returning({ orderId: orderLines.orderId, quantity: orderLines.quantity });
  return { orders: new Set(rows.map((r) => r.orderId)).size, quantity: rows.reduce((s, r) => s + r.quantity, 0) };
}

/**
 * Payment arrived for an order: its lines are paid and get their 跟团号 in each group buy.
 * Returns null when the order can no longer be paid (cancelled meanwhile): the caller refunds.
 *
 * Lock order: group_buys (the number counters, by id) → orders → order_lines, so a payment and
 * a cut-off (group buy first, then the orders it cancels) never wait on each other in a circle.
 */
export async function markPaid(tx: Tx, orderId: string, now: Date): Promise<{ order: Order; lines: OrderLine[] } | null> {
  const [peek] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  if (!peek || peek.status !== 'pending_payment') return null;
  const gbs = await tx.selectDistinct({ id: orderLines.groupBuyId }).from(orderLines).where(eq(orderLines.orderId, orderId));
  const numbers = await groupbuy.nextNumbers(tx, gbs.map((g) => g.id));
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order || order.status !== 'pending_payment') return null;
  const cases = sql.join([...numbers].map(([gb, n]) => sql`when ${gb}::uuid then ${n}::int`), sql` `);
  const lines = await tx.update(orderLines).set({ status: 'paid', paidAt: now, groupNumber: sql`case ${orderLines.groupBuyId} ${cases} end` })
    .where(and(eq(orderLines.orderId, orderId), eq(orderLines.status, 'pending_payment'))).returning();
  const [paid] = await tx.update(orders).set({ status: 'paid', paidAt: now }).where(eq(orders.id, orderId)).returning();
  await recordEvent(tx, { type: 'order.paid', communityId: paid.communityId, actorId: paid.userId, subjectId: paid.id, payload: {
    totalFen: paid.totalFen, quantity: lines.reduce((s, l) => s + l.quantity, 0),
    // The first line's group buy, as one-product orders always carried it.
    groupBuyId: lines[0]?.groupBuyId,
    lines: lines.map((l) => ({ lineId: l.id, groupBuyId: l.groupBuyId, itemId: l.itemId, quantity: l.quantity, totalFen: l.totalFen, groupNumber: l.groupNumber })),
  } });
  return { order: paid, lines };
}

/** The orders of a group buy for its leader: 跟团号, masked names, her note, this group buy's lines. */
export async function listForGroupBuy(db: Db, groupBuyId: string) {
  const rows = await db.select({
    orderId: orderLines.orderId, lineId: orderLines.id, itemId: orderLines.itemId, groupNumber: orderLines.groupNumber, quantity: orderLines.quantity, refundedQuantity: orderLines.refundedQuantity,
    totalFen: orderLines.totalFen, unitPriceFen: orderLines.unitPriceFen, status: orderLines.status, createdAt: orderLines.createdAt, paidAt: orderLines.paidAt, pickedUpAt: orderLines.pickedUpAt,
    productName: products.name, note: orders.note, name: users.name, phone: users.phone,
  }).from(orderLines).innerJoin(orders, eq(orders.id, orderLines.orderId)).innerJoin(users, eq(users.id, orderLines.userId))
    .innerJoin(groupBuyItems, eq(groupBuyItems.id, orderLines.itemId)).innerJoin(products, eq(products.id, groupBuyItems.productId))
    .where(eq(orderLines.groupBuyId, groupBuyId)).orderBy(asc(sql`coalesce(${orderLines.groupNumber}, 2147483647)`), asc(orderLines.createdAt), asc(groupBuyItems.position));
  const byOrder = new Map<string, { orderId: string; groupNumber: number | null; residentName: string; note: string; paidAt: Date | null; createdAt: Date; totalFen: number; lines: { lineId: string; itemId: string; productName: string; quantity: number; refundedQuantity: number; totalFen: number; status: LineStatus; pickedUpAt: Date | null }[] }>();
  for (const r of rows) {
    const o = byOrder.get(r.orderId) ?? { orderId: r.orderId, groupNumber: r.groupNumber, residentName: maskName(r.name, maskPhone(r.phone)), note: r.note, paidAt: r.paidAt, createdAt: r.createdAt, totalFen: 0, lines: [] };
    o.lines.push({ lineId: r.lineId, itemId: r.itemId, productName: r.productName, quantity: r.quantity, refundedQuantity: r.refundedQuantity, totalFen: r.totalFen, status: r.status, pickedUpAt: r.pickedUpAt });
    // What the order is worth now: partial refunds taken off.
    if (r.status !== 'cancelled') o.totalFen += (r.quantity - r.refundedQuantity) * r.unitPriceFen;
    byOrder.set(r.orderId, o);
  }
  return [...byOrder.values()];
}

/** 接龙: real orders only (paid, not wholly refunded), by 跟团号, names masked, current quantities. */
export async function rollCall(db: DbOrTx, groupBuyId: string): Promise<groupbuy.RollEntry[]> {
  // Her name here (display name) when she gave one, masked: neighbours read this list.
  const rows = await db.select({ orderId: orderLines.orderId, n: orderLines.groupNumber, name: sql<string | null>`coalesce(nullif(${memberships.displayName}, ''), ${users.name})`, phone: users.phone, product: products.name, q: sql<number>`${orderLines.quantity} - ${orderLines.refundedQuantity}` })
    .from(orderLines).innerJoin(users, eq(users.id, orderLines.userId))
    .leftJoin(memberships, and(eq(memberships.communityId, orderLines.communityId), eq(memberships.userId, orderLines.userId))).innerJoin(groupBuyItems, eq(groupBuyItems.id, orderLines.itemId)).innerJoin(products, eq(products.id, groupBuyItems.productId))
    .where(and(eq(orderLines.groupBuyId, groupBuyId), inArray(orderLines.status, SOLD_LINE_STATUSES), sql`${orderLines.quantity} > ${orderLines.refundedQuantity}`, sql`${orderLines.groupNumber} is not null`))
    .orderBy(asc(orderLines.groupNumber), asc(groupBuyItems.position));
  const out: groupbuy.RollEntry[] = [];
  for (const r of rows) {
    let e = out[out.length - 1];
    if (!e || e.number !== r.n) { e = { number: r.n!, name: maskName(r.name, maskPhone(r.phone)), items: [] }; out.push(e); }
    e.items.push({ name: r.product, quantity: r.q });
  }
  return out;
}
