import type { Db } from '../db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.js';
import * as groupbuy from '../modules/groupbuy/service.js';
import * as orders from '../modules/orders/service.js';
import * as basket from '../modules/orders/basket.service.js';
import * as payments from '../modules/payments/service.js';
import type { PaymentProvider } from '../modules/payments/provider.js';
import { membershipOf } from '../modules/community/service.js';
import { levelsOf } from '../modules/trust/service.js';

export interface CheckoutInput {
  userId: string;
  communityId: string;
  /** The lines to buy; without them, her basket in this community. */
  lines?: orders.BasketLineInput[];
  note?: string;
  idempotencyKey: string;
}

/**
 * Checkout: one order for the whole basket, one payment. The order (stock, limits, lines) is
 * placed in one transaction by the orders module; the payment is opened with the provider after
 * that commit, and what was bought leaves the basket. A retried request with the same key gets
 * the first order and resumes its open payment instead of starting another.
 */
export async function checkout(db: Db, provider: PaymentProvider, input: CheckoutInput, paymentWindowMinutes: number, now = new Date()) {
  if (!(await membershipOf(db, input.communityId, input.userId))) throw forbidden('community.not_member');
  // A retry of a basket checkout finds the basket already emptied: the first order's lines stand in.
  const wanted = input.lines ?? (await orders.linesOfKey(db, input.userId, input.idempotencyKey))
    ?? (await basket.getBasket(db, input.userId, input.communityId, now)).lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity }));
  const lines = orders.normaliseLines(wanted);
  const items = await groupbuy.itemsForOrdering(db, lines.map((l) => l.itemId), input.userId);
  await requirePriority(db, items, input.userId, now);
  const { order, lines: placed, replayed } = await orders.placeOrder(db, { ...input, lines }, items, paymentWindowMinutes, now);
  let payment: { paymentId: string; payUrl: string; amountFen: number } | null = null;
  if (order.status === 'pending_payment') {
    const open = replayed ? await payments.openPaymentOf(db, provider, order.id) : null;
    payment = open ?? await payments.createPayment(db, provider, order, describe(items, placed.length));
  }
  await basket.removeFromBasket(db, input.userId, placed.map((l) => l.itemId));
  return { order: await orders.getMyOrder(db, order.id, input.userId, now), payment, replayed };
}

/** 立即购买: one item of a group buy (the only one, or the one named), through the same checkout. */
export async function buyNow(db: Db, provider: PaymentProvider, input: { userId: string; groupBuyId: string; itemId?: string; quantity: number; note?: string; idempotencyKey: string }, paymentWindowMinutes: number, now = new Date()) {
  const gb = await groupbuy.getGroupBuyDetail(db, input.groupBuyId, now);
  const item = input.itemId ? gb.items.find((i) => i.id === input.itemId) : gb.items.length === 1 ? gb.items[0] : undefined;
  if (!item) throw input.itemId ? notFound('order.item_not_found') : badRequest('order.item_required');
  return checkout(db, provider, { userId: input.userId, communityId: gb.communityId, lines: [{ itemId: item.id, quantity: input.quantity }], note: input.note, idempotencyKey: input.idempotencyKey }, paymentWindowMinutes, now);
}

/** Starts (or resumes) payment of a resident's pending order. */
export async function startPayment(db: Db, provider: PaymentProvider, orderId: string, userId: string, now = new Date()) {
  const order = await orders.getMyOrder(db, orderId, userId, now);
  if (order.status !== 'pending_payment') throw conflict('order.not_payable');
  const open = await payments.openPaymentOf(db, provider, orderId);
  if (open) return open;
  return payments.createPayment(db, provider, { id: order.id, communityId: order.communityId, userId, totalFen: order.totalFen }, order.lines[0]?.groupBuy.title ?? '');
}

function describe(items: groupbuy.OrderingItem[], count: number) {
  const first = items[0]?.productName ?? '';
  return count > 1 ? `${first} 等 ${count} 件` : first;
}

/** Priority window: trusted residents (level A/B) order first. Read only on such group buys. */
async function requirePriority(db: Db, items: groupbuy.OrderingItem[], userId: string, now: Date) {
  const waits = items.map((i) => i.opensAt.getTime() + i.priorityMinutes * 60_000 - now.getTime()).filter((ms, k) => items[k].priorityMinutes > 0 && ms > 0);
  if (waits.length === 0) return;
  const level = (await levelsOf(db, [userId])).get(userId) ?? 'D';
  if (level !== 'A' && level !== 'B') throw conflict('groupbuy.priority_window', { minutes: Math.ceil(Math.max(...waits) / 60_000) });
}
