import type { Db } from '../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/errors.js';
import * as groupbuy from '../modules/groupbuy/index.js';
import * as orders from '../modules/orders/index.js';
import * as basket from '../modules/orders/index.js';
import * as payments from '../modules/payments/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import { checkoutOptions, membershipOf, pickupPointsByIds, resolveFulfilment, type FulfilmentChoice } from '../modules/community/index.js';
import { levelsOf } from '../modules/trust/index.js';
import * as points from '../modules/points/index.js';
import { inTransaction } from '../platform/events/service.js';

export interface CheckoutInput {
  userId: string;
  communityId: string;
  /** The lines to buy; without them, her basket in this community. */
  lines?: orders.BasketLineInput[];
  /** Bundles to buy with the lines (each one basket line; its parts are taken from their items). */
  bundles?: orders.BundleLineInput[];
  note?: string;
  idempotencyKey: string;
  /** Her pickup point, or door delivery (area, 门牌, slot); without either, her usual point. */
  choice?: FulfilmentChoice;
  /** Points she wants to pay with (1 point = 1 fen), at most CHECKOUT_POINTS' share of the order; more than she has is refused. */
  points?: number;
}

/**
 * Checkout: one order for the whole basket, one payment. The order (stock, limits, lines) is
 * placed in one transaction by the orders module; the payment is opened with the provider after
 * that commit, and what was bought leaves the basket. A retried request with the same key gets
 * the first order and resumes its open payment instead of starting another.
 */
export async function checkout(db: Db, provider: PaymentProvider, input: CheckoutInput, paymentWindowMinutes: number, now = new Date()) {
  let wanted = input.lines;
  let bundles = input.bundles ?? [];
  if (wanted && bundles.length === 0) await refuseIfKnownSoldOut(db, { ...input, lines: wanted, choseFulfilment: chose(input.choice) }, now);
  if (!wanted) {
    // A retry of a basket checkout finds the basket already emptied: the first order's lines stand in.
    if (!(await membershipOf(db, input.communityId, input.userId))) throw forbidden('community.not_member');
    const earlier = await orders.partsOfKey(db, input.userId, input.idempotencyKey);
    if (earlier.length) {
      wanted = earlier.filter((l) => !l.bundleOfferId).map(({ itemId, quantity }) => ({ itemId, quantity }));
      bundles = await bundlesOfParts(db, earlier);
    } else {
      const b = await basket.getBasket(db, input.userId, input.communityId, now);
      wanted = b.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity }));
      bundles = b.bundles.map((l) => ({ offerId: l.offerId, quantity: l.quantity }));
    }
  }
  if (bundles.length === 0) {
    const lines = orders.normaliseLines(wanted);
    const items = await groupbuy.itemsForOrdering(db, lines.map((l) => l.itemId), input.userId);
    return place(db, provider, { ...input, lines }, items, paymentWindowMinutes, now, { fromBasket: true });
  }
  const nb = orders.normaliseBundles(bundles);
  const lines = wanted.length ? orders.normaliseLines(wanted) : [];
  const offers = await groupbuy.bundleOffers(db, { offerIds: nb.map((b) => b.offerId) });
  const itemIds = [...new Set([...lines.map((l) => l.itemId), ...offers.flatMap((o) => o.parts.map((p) => p.itemId))])];
  const items = await groupbuy.itemsForOrdering(db, itemIds, input.userId);
  return place(db, provider, { ...input, lines, bundles: nb }, items, paymentWindowMinutes, now, { fromBasket: true }, offers);
}

/** The bundles an earlier order holds, from its part lines (bundles = a part's units ÷ its units per bundle). */
async function bundlesOfParts(db: Db, parts: { itemId: string; quantity: number; bundleOfferId: string | null }[]): Promise<orders.BundleLineInput[]> {
  const ids = [...new Set(parts.map((p) => p.bundleOfferId).filter((x): x is string => !!x))];
  const offers = await groupbuy.bundleOffers(db, { offerIds: ids });
  return offers.map((o) => {
    const first = parts.find((p) => p.bundleOfferId === o.offerId && p.itemId === o.parts[0].itemId)!;
    return { offerId: o.offerId, quantity: first.quantity / o.parts[0].units };
  });
}

/** 立即购买: one item of a group buy (the only one, or the one named), through the same checkout. */
export async function buyNow(db: Db, provider: PaymentProvider, input: { userId: string; groupBuyId: string; itemId?: string; quantity: number; note?: string; idempotencyKey: string; choice?: FulfilmentChoice; points?: number }, paymentWindowMinutes: number, now = new Date()) {
  const known = orders.soldOutItemOf(input.groupBuyId, input.itemId);
  if (known) await refuseIfKnownSoldOut(db, { ...input, lines: [{ itemId: known, quantity: input.quantity }], choseFulfilment: chose(input.choice) }, now);
  const all = await groupbuy.itemsForOrdering(db, [], input.userId, { groupBuyId: input.groupBuyId });
  if (all.length === 0) throw notFound('groupbuy.not_found');
  const item = input.itemId ? all.find((i) => i.itemId === input.itemId) : all.length === 1 ? all[0] : undefined;
  if (!item) throw input.itemId ? notFound('order.item_not_found') : badRequest('order.item_required');
  const lines = orders.normaliseLines([{ itemId: item.itemId, quantity: input.quantity }]);
  // 立即购买 leaves her basket as it is.
  return place(db, provider, { userId: input.userId, communityId: item.communityId, lines, note: input.note, idempotencyKey: input.idempotencyKey, choice: input.choice, points: input.points }, [item], paymentWindowMinutes, now, { fromBasket: false });
}

/** A rush's late arrivals: refused from memory when every item is known sold out (orders/sold-out-answer). */
async function refuseIfKnownSoldOut(db: Db, q: Parameters<typeof orders.soldOutFromMemory>[1], now: Date) {
  const short = await orders.soldOutFromMemory(db, q, now);
  if (short) throw orders.linesShort(short);
}
const chose = (c: FulfilmentChoice | undefined) => !!(c?.pickupPointId || c?.delivery);

/** The common part: membership, priority window, the order, its payment; one statement each where it can. */
async function place(db: Db, provider: PaymentProvider, input: CheckoutInput & { lines: orders.BasketLineInput[] }, items: groupbuy.OrderingItem[], paymentWindowMinutes: number, now: Date, opts: { fromBasket: boolean }, offers: groupbuy.BundleOffer[] = []) {
  if (items.some((i) => !i.isMember) || (items.length === 0 && !(await membershipOf(db, input.communityId, input.userId)))) throw forbidden('community.not_member');
  await requirePriority(db, items, input.userId, now);
  // Where she gets it, checked before anything is written (a closed or foreign point, delivery outside the areas).
  const fulfilment = await resolveFulfilment(db, input.communityId, await orders.lastPickupPointOf(db, input.communityId, input.userId), input.choice ?? {});
  const wanted = await pointsWanted(db, input);
  const { order, lines: placed, replayed } = await orders.placeOrder(db, { ...input, fulfilment }, items, paymentWindowMinutes, now, offers);
  let payment: { paymentId: string; payUrl: string; amountFen: number } | null = null;
  if (order.status === 'pending_payment') {
    const open = replayed ? await payments.openPaymentOf(db, provider, order.id) : null;
    payment = open ?? await payments.createPayment(db, provider, order, describe(items, placed.length), await spendAtCheckout(db, order, wanted, now));
  }
  if (opts.fromBasket) await basket.removeFromBasket(db, input.userId, placed.filter((l) => !l.bundleOfferId).map((l) => l.itemId));
  if (offers.length) await basket.removeBundlesFromBasket(db, input.userId, offers.map((o) => o.offerId));
  // The answer is built from what the order already holds: no read-back on the hot path.
  const point = order.pickupPointId ? (await pickupPointsByIds(db, [order.pickupPointId])).get(order.pickupPointId) : undefined;
  return { order: orders.viewOfPlaced(order, placed, items, now, point), payment, replayed };
}

/** The points she asked to use, refused before anything is written when she has fewer (a clear reason, nothing changed). */
async function pointsWanted(db: Db, input: CheckoutInput): Promise<number> {
  const wanted = input.points ?? 0;
  if (wanted === 0) return 0;
  if (!Number.isSafeInteger(wanted) || wanted < 0) throw badRequest('points.bad_amount', { max: points.CHECKOUT_POINTS.maxPoints });
  const { available } = await points.pointsBalance(db, { userId: input.userId, communityId: input.communityId });
  if (wanted > available) throw conflict('points.insufficient', { available, amount: wanted });
  return wanted;
}

/** The most points an order of `totalFen` takes: CHECKOUT_POINTS.maxShareBasisPoints of it, in whole points. */
export function pointsCapFor(totalFen: number): number {
  const { fenPerPoint, maxShareBasisPoints, maxPoints } = points.CHECKOUT_POINTS;
  return Math.min(maxPoints, Math.floor((totalFen * maxShareBasisPoints) / 10_000 / fenPerPoint));
}

/**
 * Spends the points for an order (key checkout:<order>, so a retry spends nothing more and finds
 * the first spend) and answers the fen they cover. At most the order's cap: asking for more uses the cap.
 */
async function spendAtCheckout(db: Db, order: { id: string; communityId: string; userId: string; totalFen: number }, wanted: number, now: Date): Promise<number> {
  const earlier = await points.checkoutSpendOf(db, order.id);
  if (earlier) return (earlier.amount - earlier.returned) * points.CHECKOUT_POINTS.fenPerPoint;
  const use = Math.min(wanted, pointsCapFor(order.totalFen));
  if (use <= 0) return 0;
  const spent = await inTransaction(db, (tx) => points.spendPoints(tx, {
    userId: order.userId, communityId: order.communityId, amount: use, code: 'checkout', refId: `order:${order.id}`, idempotencyKey: `checkout:${order.id}`, now,
  }));
  return spent.amount * points.CHECKOUT_POINTS.fenPerPoint;
}

/** What she may choose at checkout: the open points (her usual one first chosen) and door delivery if offered. */
export async function fulfilmentOptions(db: Db, communityId: string, userId: string) {
  if (!(await membershipOf(db, communityId, userId))) throw forbidden('community.not_member');
  return checkoutOptions(db, communityId, await orders.lastPickupPointOf(db, communityId, userId));
}

/** Starts (or resumes) payment of a resident's pending order. */
export async function startPayment(db: Db, provider: PaymentProvider, orderId: string, userId: string, now = new Date()) {
  const order = await orders.getMyOrder(db, orderId, userId, now);
  if (order.status !== 'pending_payment') throw conflict('order.not_payable');
  const open = await payments.openPaymentOf(db, provider, orderId);
  if (open) return open;
  // Points she already paid at checkout still count (spent once, under the order's key).
  const spent = await points.checkoutSpendOf(db, orderId);
  return payments.createPayment(db, provider, { id: order.id, communityId: order.communityId, userId, totalFen: order.totalFen }, order.lines[0]?.groupBuy.title ?? '', spent ? (spent.amount - spent.returned) * points.CHECKOUT_POINTS.fenPerPoint : 0);
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
