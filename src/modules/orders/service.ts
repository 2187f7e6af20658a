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

export type Order = typeof orders.$inferSelect;
export const ACTIVE_PAID: OrderStatus[] = ['paid', 'confirmed', 'ready_for_pickup', 'picked_up'];

export interface PlaceOrderInput {
  groupBuyId: string;
  userId: string;
  quantity: number;
  idempotencyKey: string;
}

const UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.cause?.code === UNIQUE_VIOLATION;
};

/**
 * Places an order: in one transaction it records the order, enforces the per-person limit with
 * an atomic upsert and reserves stock with a conditional UPDATE. The hot row is touched last so
 * its lock is held only until commit. A retried request with the same idempotency key returns
 * the first order.
 */
export async function placeOrder(db: Db, input: PlaceOrderInput, paymentWindowMinutes: number, now = new Date()): Promise<{ order: Order; replayed: boolean; title: string }> {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) throw badRequest('order.quantity_invalid');
  const [gb] = await db.select({
    id: groupBuys.id, communityId: groupBuys.communityId, title: groupBuys.title, priceFen: groupBuys.priceFen, perPersonLimit: groupBuys.perPersonLimit,
    status: groupBuys.status, opensAt: groupBuys.opensAt, cutoffAt: groupBuys.cutoffAt, stockAvailable: groupBuys.stockAvailable,
    priorityMinutes: groupBuys.priorityMinutes,
    isMember: sql<boolean>`exists(select 1 from memberships m where m.community_id = group_buys.community_id and m.user_id = ${input.userId})`,
    productActive: products.active,
  }).from(groupBuys).innerJoin(products, eq(products.id, groupBuys.productId)).where(eq(groupBuys.id, input.groupBuyId));
  if (!gb) throw notFound('groupbuy.not_found');
  if (!gb.isMember) throw forbidden('community.not_member');
  // A suspended supplier's products are off sale at once, open group buys included.
  if (!gb.productActive) throw conflict('product.inactive');
  // Priority window: trusted residents (level A/B) order first. Only read on such buys.
  const priorityUntil = gb.opensAt.getTime() + gb.priorityMinutes * 60_000;
  if (gb.priorityMinutes > 0 && now.getTime() < priorityUntil) {
    const level = (await levelsOf(db, [input.userId])).get(input.userId) ?? 'D';
    if (level !== 'A' && level !== 'B') throw conflict('groupbuy.priority_window', { minutes: Math.ceil((priorityUntil - now.getTime()) / 60_000) });
  }
  if (input.quantity > gb.perPersonLimit) {
    if (!(await replayIfExists(db, input))) throw badRequest('order.over_limit', { limit: gb.perPersonLimit, remaining: gb.perPersonLimit });
  }
  // Fast refusal in a rush once stock is gone; the conditional UPDATE below stays the authority.
  if (gb.stockAvailable < input.quantity && groupbuy.effectiveStatus(gb as never, now) === 'open') {
    if (!(await replayIfExists(db, input))) throw conflict('order.sold_out', { available: gb.stockAvailable });
  }

  try {
    return await inTransaction(db, async (tx) => {
      const [order] = await tx.insert(orders).values({
        communityId: gb.communityId, groupBuyId: gb.id, userId: input.userId, idempotencyKey: input.idempotencyKey,
        quantity: input.quantity, unitPriceFen: gb.priceFen, totalFen: gb.priceFen * input.quantity,
        paymentDueAt: new Date(now.getTime() + paymentWindowMinutes * 60_000), createdAt: now,
      }).onConflictDoNothing({ target: [orders.userId, orders.idempotencyKey] }).returning();
      if (!order) return { order: await replay(tx, input), replayed: true, title: gb.title };

      checkWindow(gb, now);
      if (input.quantity > gb.perPersonLimit) throw badRequest('order.over_limit', { limit: gb.perPersonLimit, remaining: gb.perPersonLimit });
      const [held] = await tx.insert(groupBuyPurchases).values({ groupBuyId: gb.id, userId: input.userId, communityId: gb.communityId, quantity: input.quantity })
        .onConflictDoUpdate({
          target: [groupBuyPurchases.groupBuyId, groupBuyPurchases.userId],
          set: { quantity: sql`${groupBuyPurchases.quantity} + excluded.quantity` },
          setWhere: sql`${groupBuyPurchases.quantity} + excluded.quantity <= ${gb.perPersonLimit}`,
        }).returning({ quantity: groupBuyPurchases.quantity });
      if (!held) {
        const [cur] = await tx.select({ q: groupBuyPurchases.quantity }).from(groupBuyPurchases)
          .where(and(eq(groupBuyPurchases.groupBuyId, gb.id), eq(groupBuyPurchases.userId, input.userId)));
        throw badRequest('order.over_limit', { limit: gb.perPersonLimit, remaining: Math.max(0, gb.perPersonLimit - (cur?.q ?? 0)) });
      }
      await tx.insert(stockMovements).values({ communityId: gb.communityId, groupBuyId: gb.id, orderId: order.id, delta: -input.quantity, reason: 'order_placed' });
      await recordEvent(tx, { type: 'order.placed', communityId: gb.communityId, actorId: input.userId, subjectId: order.id, payload: { groupBuyId: gb.id, quantity: input.quantity, totalFen: order.totalFen } });
      const left = await groupbuy.reserveStock(tx, gb.id, input.quantity, now);
      if (left === null) {
        const fresh = await groupbuy.getGroupBuy(tx, gb.id);
        checkWindow(fresh, now);
        throw conflict('order.sold_out', { available: fresh.stockAvailable });
      }
      return { order, replayed: false, title: gb.title };
    });
  } catch (err) {
    // Two requests with one key raced: the loser's insert conflicted after the winner committed.
    if (isUniqueViolation(err)) return { order: await replay(db, input), replayed: true, title: gb.title };
    throw err;
  }
}

function checkWindow(gb: { status: string; opensAt: Date; cutoffAt: Date }, now: Date) {
  const status = groupbuy.effectiveStatus(gb as never, now);
  if (status === 'scheduled') throw conflict('groupbuy.not_open');
  if (status !== 'open') throw conflict('groupbuy.closed');
}

async function replayIfExists(db: DbOrTx, input: PlaceOrderInput): Promise<boolean> {
  const [existing] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.userId, input.userId), eq(orders.idempotencyKey, input.idempotencyKey)));
  return Boolean(existing);
}

async function replay(db: DbOrTx, input: PlaceOrderInput): Promise<Order> {
  const [existing] = await db.select().from(orders).where(and(eq(orders.userId, input.userId), eq(orders.idempotencyKey, input.idempotencyKey)));
  if (!existing) throw conflict('order.idempotency_key_reused');
  if (existing.groupBuyId !== input.groupBuyId || existing.quantity !== input.quantity) throw conflict('order.idempotency_key_reused');
  return existing;
}

const orderView = {
  id: orders.id, communityId: orders.communityId, groupBuyId: orders.groupBuyId, quantity: orders.quantity, refundedQuantity: orders.refundedQuantity,
  unitPriceFen: orders.unitPriceFen, totalFen: orders.totalFen, status: orders.status, pickupCode: orders.pickupCode,
  paymentDueAt: orders.paymentDueAt, paidAt: orders.paidAt, cancelledAt: orders.cancelledAt, cancelReason: orders.cancelReason,
  pickedUpAt: orders.pickedUpAt, createdAt: orders.createdAt,
  groupBuy: {
    title: groupBuys.title, status: groupBuys.status, cutoffAt: groupBuys.cutoffAt, pickupStartAt: groupBuys.pickupStartAt,
    pickupEndAt: groupBuys.pickupEndAt, productName: products.name, spec: products.spec, unit: products.unit, imageUrls: products.imageUrls,
    productId: products.id, category: products.category, batchId: groupBuys.batchId,
  },
};

/** A resident's own orders, newest first. */
export async function listMyOrders(db: Db, userId: string, page = 1, pageSize = 20, now = new Date()) {
  const rows = await db.select(orderView).from(orders)
    .innerJoin(groupBuys, eq(groupBuys.id, orders.groupBuyId)).innerJoin(products, eq(products.id, groupBuys.productId))
    .where(eq(orders.userId, userId)).orderBy(desc(orders.createdAt)).limit(pageSize + 1).offset((page - 1) * pageSize);
  return { items: rows.slice(0, pageSize).map((r) => withEffectiveStatus(r, now)), hasMore: rows.length > pageSize };
}

/** The group buy's status as residents experience it (a passed cut-off reads as closed at once). */
function withEffectiveStatus<T extends { groupBuy: { status: GroupBuyStatus; cutoffAt: Date } & Record<string, unknown> }>(row: T, now: Date): T {
  return { ...row, groupBuy: { ...row.groupBuy, status: groupbuy.effectiveStatus({ status: row.groupBuy.status, cutoffAt: row.groupBuy.cutoffAt, opensAt: new Date(0) }, now) } };
}

/** One order, only for its owner: another resident gets 404, never a hint that it exists. */
export async function getMyOrder(db: DbOrTx, orderId: string, userId: string, now = new Date()) {
  const [row] = await db.select(orderView).from(orders)
    .innerJoin(groupBuys, eq(groupBuys.id, orders.groupBuyId)).innerJoin(products, eq(products.id, groupBuys.productId))
    .where(and(eq(orders.id, orderId), eq(orders.userId, userId)));
  if (!row) throw notFound('order.not_found');
  return withEffectiveStatus(row, now);
}

export async function getOrder(db: DbOrTx, orderId: string): Promise<Order> {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw notFound('order.not_found');
  return row;
}

/**
 * The resident cancels before the cut-off; stock goes back. `inTx` runs in the cancel's
 * transaction: the caller owes the refund of a paid order there, and sends it after commit.
 */
export async function cancelOrder(db: Db, orderId: string, userId: string, now = new Date(), inTx?: (tx: Tx, order: Order) => Promise<void>) {
  const mine = await getMyOrder(db, orderId, userId);
  return inTransaction(db, async (tx) => {
    // Lock order: group buy row first, then the order, as the cut-off does; only while the buy
    // is still open, so cancel and close cannot both win.
    const [gb] = await tx.select().from(groupBuys).where(and(eq(groupBuys.id, mine.groupBuyId), inArray(groupBuys.status, ['scheduled', 'open']), sql`${groupBuys.cutoffAt} > ${now}`)).for('update');
    if (!gb) throw conflict('order.cannot_cancel');
    const [order] = await tx.update(orders).set({ status: 'cancelled', cancelledAt: now, cancelReason: 'resident' })
      .where(and(eq(orders.id, orderId), eq(orders.userId, userId), inArray(orders.status, ['pending_payment', 'paid']))).returning();
    if (!order) throw conflict('order.cannot_cancel');
    await groupbuy.releaseStock(tx, gb, order.id, order.quantity, 'order_cancelled', userId);
    await recordEvent(tx, { type: 'order.cancelled', communityId: order.communityId, actorId: userId, subjectId: order.id, payload: { reason: 'resident', wasPaid: order.paidAt !== null, quantity: order.quantity, totalFen: order.totalFen } });
    // The caller's part of the cancel (the refund owed) commits with it, or neither does.
    if (inTx) await inTx(tx, order);
    return order;
  });
}

/** Orders left unpaid past their payment window give their stock back. */
export async function expireUnpaidOrders(db: Db, now = new Date(), batch = 100): Promise<number> {
  const due = await db.select({ id: orders.id, groupBuyId: orders.groupBuyId }).from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lte(orders.paymentDueAt, now))).orderBy(asc(orders.paymentDueAt)).limit(batch);
  let expired = 0;
  for (const d of due) {
    // One small transaction per order, group buy locked first (the cut-off's lock order); the
    // conditional update makes a second instance's attempt a no-op.
    const done = await inTransaction(db, async (tx) => {
      const [gb] = await tx.select({ id: groupBuys.id, communityId: groupBuys.communityId }).from(groupBuys).where(eq(groupBuys.id, d.groupBuyId)).for('update');
      const [order] = await tx.update(orders).set({ status: 'cancelled', cancelledAt: now, cancelReason: 'payment_timeout' })
        .where(and(eq(orders.id, d.id), eq(orders.status, 'pending_payment'), lte(orders.paymentDueAt, now))).returning();
      if (!order) return false;
      await groupbuy.releaseStock(tx, gb, order.id, order.quantity, 'order_expired', order.userId);
      await recordEvent(tx, { type: 'order.cancelled', communityId: order.communityId, actorId: null, subjectId: order.id, payload: { reason: 'payment_timeout', wasPaid: false, quantity: order.quantity, totalFen: order.totalFen } });
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

/** At the cut-off unpaid orders are cancelled; their stock stays unsold. */
export async function cancelUnpaidAtClose(tx: Tx, gb: { id: string; communityId: string }, now: Date): Promise<number> {
  const cancelled = await tx.update(orders).set({ status: 'cancelled', cancelledAt: now, cancelReason: 'cutoff_unpaid' })
    .where(and(eq(orders.groupBuyId, gb.id), eq(orders.status, 'pending_payment'))).returning();
  for (const order of cancelled) {
    // Ordering is over, so the per-person counters are left alone: the order path locks them
    // before the group buy row, and touching them here (after it) could deadlock.
    await groupbuy.releaseStock(tx, gb, order.id, order.quantity, 'order_expired', order.userId, { keepLimit: true });
    await recordEvent(tx, { type: 'order.cancelled', communityId: order.communityId, actorId: null, subjectId: order.id, payload: { reason: 'cutoff_unpaid', wasPaid: false, quantity: order.quantity, totalFen: order.totalFen } });
  }
  return cancelled.length;
}

export async function confirmPaidAtClose(tx: Tx, groupBuyId: string): Promise<{ orders: number; quantity: number }> {
  const rows = await tx.update(orders).set({ status: 'confirmed' })
    .where(and(eq(orders.groupBuyId, groupBuyId), eq(orders.status, 'paid'))).returning({ quantity: orders.quantity });
  return { orders: rows.length, quantity: rows.reduce((s, r) => s + r.quantity, 0) };
}


/**
 * Payment arrived for an order. Gives it a pickup code. Returns false when the order can no
 * longer be paid (cancelled meanwhile): the caller refunds.
 */
export async function markPaid(tx: Tx, orderId: string, now: Date): Promise<Order | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order || order.status !== 'pending_payment') return null;
    const [taken] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.communityId, order.communityId), eq(orders.pickupCode, code)));
    if (taken) continue;
    const [paid] = await tx.update(orders).set({ status: 'paid', paidAt: now, pickupCode: code }).where(eq(orders.id, orderId)).returning();
    await recordEvent(tx, { type: 'order.paid', communityId: paid.communityId, actorId: paid.userId, subjectId: paid.id, payload: { groupBuyId: paid.groupBuyId, quantity: paid.quantity, totalFen: paid.totalFen } });
    return paid;
  }
  throw new Error('could not allocate a pickup code');
}

/** Live orders of a group buy for its leader: names and masked phones, never full numbers. */
export async function listForGroupBuy(db: Db, groupBuyId: string) {
  const rows = await db.select({
    id: orders.id, quantity: orders.quantity, totalFen: orders.totalFen, status: orders.status, createdAt: orders.createdAt,
    paidAt: orders.paidAt, pickedUpAt: orders.pickedUpAt, residentName: users.name, phone: users.phone,
  }).from(orders).innerJoin(users, eq(users.id, orders.userId))
    .where(eq(orders.groupBuyId, groupBuyId)).orderBy(asc(orders.createdAt));
  return rows.map(({ phone, ...r }) => ({ ...r, residentName: r.residentName || maskPhone(phone), phoneMasked: maskPhone(phone) }));
}

/** 接龙 list: who has a paid order, in order of payment. */
export async function rollCall(db: DbOrTx, groupBuyId: string) {
  const rows = await db.select({ name: users.name, phone: users.phone, quantity: orders.quantity }).from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .where(and(eq(orders.groupBuyId, groupBuyId), inArray(orders.status, ACTIVE_PAID))).orderBy(asc(orders.paidAt));
  return rows.map((r) => ({ name: r.name || maskPhone(r.phone), quantity: r.quantity }));
}


