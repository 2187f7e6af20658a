import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { basketBundles, basketItems } from './schema.js';
import { badRequest, notFound } from '../../platform/errors.js';
import * as groupbuy from '../groupbuy/index.js';
import { MAX_LINES, MAX_QUANTITY, precheck } from './service.js';

/**
 * A resident's basket in one community, kept on the server (it survives a reload and a new
 * device). Each line says what is wrong with it now (closed, sold out, over her limit) and what
 * she could still take, so the page can offer a one-tap fix before checkout.
 */
export async function getBasket(db: DbOrTx, userId: string, communityId: string, now = new Date()) {
  const rows = await db.select().from(basketItems).where(and(eq(basketItems.userId, userId), eq(basketItems.communityId, communityId))).orderBy(asc(basketItems.updatedAt));
  const items = await groupbuy.itemsForOrdering(db, rows.map((r) => r.itemId), userId);
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const lines = rows.filter((r) => byId.has(r.itemId)).map((r) => {
    const it = byId.get(r.itemId)!;
    const [short] = precheck([{ itemId: r.itemId, quantity: r.quantity }], [it], now);
    const limitLeft = Math.max(0, it.perPersonLimit - it.held);
    const available = short && (short.reason === 'closed' || short.reason === 'not_open' || short.reason === 'inactive') ? 0 : Math.min(limitLeft, it.stockAvailable);
    const problem = !short ? null : short.reason === 'sold_out' && it.stockAvailable > 0 ? 'short' as const : short.reason;
    return {
      itemId: it.itemId, groupBuyId: it.groupBuyId, quantity: r.quantity, priceFen: it.priceFen, lineTotalFen: it.priceFen * r.quantity,
      title: it.title, cutoffAt: it.cutoffAt, pickupStartAt: it.pickupStartAt, pickupEndAt: it.pickupEndAt,
      product: { name: it.productName, spec: it.spec, unit: it.unit, imageUrls: it.imageUrls },
      stockAvailable: it.stockAvailable, perPersonLimit: it.perPersonLimit, heldQuantity: it.held, available, problem,
    };
  });
  const bundles = await basketBundlesOf(db, userId, communityId, now);
  return {
    lines, bundles,
    totalFen: lines.reduce((s, l) => s + l.lineTotalFen, 0) + bundles.reduce((s, b) => s + b.lineTotalFen, 0),
    count: lines.reduce((s, l) => s + l.quantity, 0) + bundles.reduce((s, b) => s + b.quantity, 0),
  };
}

/**
 * Her basket's bundles: one line each with its parts. Sold out when any part cannot cover its
 * units (the part that runs out first decides); closed with its group buy.
 */
async function basketBundlesOf(db: DbOrTx, userId: string, communityId: string, now: Date) {
  const rows = await db.select().from(basketBundles).where(and(eq(basketBundles.userId, userId), eq(basketBundles.communityId, communityId))).orderBy(asc(basketBundles.updatedAt));
  if (!rows.length) return [];
  const offers = new Map((await groupbuy.bundleOffers(db, { offerIds: rows.map((r) => r.offerId) })).map((o) => [o.offerId, o]));
  const items = new Map((await groupbuy.itemsForOrdering(db, [...offers.values()].flatMap((o) => o.parts.map((p) => p.itemId)), userId)).map((i) => [i.itemId, i]));
  return rows.filter((r) => offers.has(r.offerId)).map((r) => {
    const o = offers.get(r.offerId)!;
    const short = precheck(o.parts.map((p) => ({ itemId: p.itemId, quantity: p.units * r.quantity })), o.parts.map((p) => items.get(p.itemId)!), now);
    const closed = short.find((x) => x.reason === 'closed' || x.reason === 'not_open' || x.reason === 'inactive');
    const byLimit = Math.min(...o.parts.map((p) => { const it = items.get(p.itemId)!; return Math.floor(Math.max(0, it.perPersonLimit - it.held) / p.units); }));
    const available = closed ? 0 : Math.min(o.available, byLimit);
    const problem = closed ? closed.reason : !short.length ? null : available > 0 ? 'short' as const : 'sold_out' as const;
    const first = items.get(o.parts[0].itemId)!;
    return {
      offerId: o.offerId, groupBuyId: o.groupBuyId, quantity: r.quantity, priceFen: o.priceFen, lineTotalFen: o.priceFen * r.quantity,
      nameZh: o.nameZh, nameEn: o.nameEn, separateFen: o.separateFen, savingFen: o.savingFen,
      title: first.title, cutoffAt: first.cutoffAt, pickupStartAt: first.pickupStartAt, pickupEndAt: first.pickupEndAt,
      parts: o.parts.map((p) => ({ itemId: p.itemId, units: p.units, name: p.name, spec: p.spec, unit: p.unit, imageUrl: p.imageUrls[0] ?? null })),
      available, problem,
    };
  });
}

/** Sets how many of a bundle are in her basket (0 takes it out). Only bundles of this community's group buys. */
export async function setBasketBundle(db: Db, userId: string, communityId: string, offerId: string, quantity: number, now = new Date()) {
  if (!Number.isInteger(quantity) || quantity < 0) throw badRequest('order.quantity_invalid');
  if (quantity > MAX_QUANTITY) throw badRequest('order.quantity_too_large', { max: MAX_QUANTITY });
  if (quantity === 0) {
    await db.delete(basketBundles).where(and(eq(basketBundles.userId, userId), eq(basketBundles.offerId, offerId)));
    return getBasket(db, userId, communityId, now);
  }
  const [offer] = await groupbuy.bundleOffers(db, { offerIds: [offerId] });
  if (!offer) throw notFound('order.bundle_not_found');
  if (offer.communityId !== communityId) throw badRequest('order.item_other_community');
  await db.insert(basketBundles).values({ userId, communityId, offerId, quantity, updatedAt: now })
    .onConflictDoUpdate({ target: [basketBundles.userId, basketBundles.offerId], set: { quantity, updatedAt: now } });
  return getBasket(db, userId, communityId, now);
}

/** After a checkout, the bundles bought leave the basket. */
export async function removeBundlesFromBasket(tx: Tx | Db, userId: string, offerIds: string[]) {
  if (offerIds.length) await tx.delete(basketBundles).where(and(eq(basketBundles.userId, userId), inArray(basketBundles.offerId, offerIds)));
}

/** Sets how many of an item are in her basket (0 takes it out). Only items of this community. */
export async function setBasketItem(db: Db, userId: string, communityId: string, itemId: string, quantity: number, now = new Date()) {
  if (!Number.isInteger(quantity) || quantity < 0) throw badRequest('order.quantity_invalid');
  if (quantity > MAX_QUANTITY) throw badRequest('order.quantity_too_large', { max: MAX_QUANTITY });
  if (quantity === 0) {
    await db.delete(basketItems).where(and(eq(basketItems.userId, userId), eq(basketItems.itemId, itemId)));
    return getBasket(db, userId, communityId, now);
  }
  const [item] = await groupbuy.itemsForOrdering(db, [itemId], userId);
  if (!item) throw notFound('order.item_not_found');
  if (item.communityId !== communityId) throw badRequest('order.item_other_community');
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(basketItems).where(and(eq(basketItems.userId, userId), eq(basketItems.communityId, communityId), sql`${basketItems.itemId} <> ${itemId}`));
  if (n >= MAX_LINES) throw badRequest('order.too_many_lines', { max: MAX_LINES });
  await db.insert(basketItems).values({ userId, communityId, itemId, quantity, updatedAt: now })
    .onConflictDoUpdate({ target: [basketItems.userId, basketItems.itemId], set: { quantity, updatedAt: now } });
  return getBasket(db, userId, communityId, now);
}

export async function clearBasket(db: DbOrTx, userId: string, communityId: string) {
  await db.delete(basketBundles).where(and(eq(basketBundles.userId, userId), eq(basketBundles.communityId, communityId)));
  await db.delete(basketItems).where(and(eq(basketItems.userId, userId), eq(basketItems.communityId, communityId)));
}

/** After a checkout, what was bought leaves the basket. */
export async function removeFromBasket(tx: Tx | Db, userId: string, itemIds: string[]) {
  if (itemIds.length) await tx.delete(basketItems).where(and(eq(basketItems.userId, userId), inArray(basketItems.itemId, itemIds)));
}
