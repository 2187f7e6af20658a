import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { products } from '../catalog/index.js';
import { campaignRunning, getBundle, getCampaign, provingProductIds } from '../campaigns/index.js';
import { groupBuyBundleParts, groupBuyBundles, groupBuyItems, groupBuys } from './schema.js';
import { requireOwnGroupBuy } from './service.js';
import { requireLive } from './changes.service.js';

/**
 * Splits a bundle price over its parts' units, pro rata to each part's own price: whole fen per
 * unit, so a refund of any units of a part is exact. The fen the floors leave go to the last part
 * whose units divide them (a part of one unit always does). `null` when no whole-fen split exists
 * (every part has several units and the remainder is not divisible): the price must move by a fen.
 * When not null, Σ units × unitShareFen = priceFen exactly.
 */
export function allocateBundlePrice(priceFen: number, parts: { priceFen: number; units: number }[]): number[] | null {
  const listFen = parts.reduce((s, p) => s + p.priceFen * p.units, 0);
  if (listFen <= 0 || priceFen < 0 || priceFen > listFen) return null;
  // BigInt: price × part price can pass 2^53 for the largest allowed prices.
  const shares = parts.map((p) => Number((BigInt(priceFen) * BigInt(p.priceFen)) / BigInt(listFen)));
  let rest = priceFen - parts.reduce((s, p, i) => s + shares[i] * p.units, 0);
  for (let i = parts.length - 1; i >= 0 && rest > 0; i--) {
    const add = Math.floor(rest / parts[i].units);
    shares[i] += add;
    rest -= add * parts[i].units;
  }
  return rest === 0 ? shares : null;
}

export interface BundleOfferInput { campaignBundleId: string; priceFen: number }

/**
 * A leader sells a campaign bundle in his group buy: each of its products must be an item of this
 * group buy and prove the campaign's standards now, and his price may not pass what the parts cost
 * separately here. The first fault is answered, naming the product; nothing is written.
 */
export async function addBundleOffer(db: Db, leaderId: string, groupBuyId: string, input: BundleOfferInput, now = new Date()) {
  const gb = await requireOwnGroupBuy(db, groupBuyId, leaderId);
  requireLive(gb, now);
  const bundle = await getBundle(db, input.campaignBundleId).catch(() => { throw notFound('groupbuy.bundle_not_found'); });
  const campaign = await getCampaign(db, bundle.campaignId);
  if (campaign.status !== 'published' || !campaignRunning(campaign, now)) throw conflict('groupbuy.bundle_campaign_not_running');
  const proving = new Set(await provingProductIds(db, campaign.id, now));
  const notProving = bundle.parts.find((p) => !proving.has(p.productId));
  if (notProving) throw badRequest('groupbuy.bundle_product_not_proving', { product: notProving.name });
  const items = await db.select().from(groupBuyItems).where(eq(groupBuyItems.groupBuyId, gb.id));
  const byProduct = new Map(items.map((i) => [i.productId, i]));
  const absent = bundle.parts.find((p) => !byProduct.has(p.productId));
  if (absent) throw badRequest('groupbuy.bundle_part_missing', { product: absent.name });
  const parts = bundle.parts.map((p) => ({ ...p, item: byProduct.get(p.productId)! }));
  const separateFen = parts.reduce((s, p) => s + p.item.priceFen * p.units, 0);
  if (!Number.isInteger(input.priceFen) || input.priceFen <= 0) throw badRequest('groupbuy.bundle_price_invalid');
  if (input.priceFen > separateFen) throw badRequest('groupbuy.bundle_price_too_high', { sum: (separateFen / 100).toFixed(2) });
  const shares = allocateBundlePrice(input.priceFen, parts.map((p) => ({ priceFen: p.item.priceFen, units: p.units })));
  if (!shares) throw badRequest('groupbuy.bundle_price_indivisible');
  const offerId = await inTransaction(db, async (tx) => {
    const [offer] = await tx.insert(groupBuyBundles).values({ communityId: gb.communityId, groupBuyId: gb.id, campaignBundleId: bundle.id, priceFen: input.priceFen, createdBy: leaderId, createdAt: now })
      .onConflictDoNothing().returning();
    if (!offer) throw conflict('groupbuy.bundle_already_offered');
    await tx.insert(groupBuyBundleParts).values(parts.map((p, i) => ({ offerId: offer.id, itemId: p.item.id, position: i + 1, units: p.units, unitShareFen: shares[i] })));
    await recordEvent(tx, { type: 'groupbuy.bundle_offered', communityId: gb.communityId, actorId: leaderId, subjectId: gb.id, payload: { offerId: offer.id, campaignBundleId: bundle.id, priceFen: offer.priceFen } });
    return offer.id;
  });
  return (await bundleOffers(db, { offerIds: [offerId] }))[0];
}

/**
 * Bundle offers with their parts as they stand now: how many bundles the stock allows (the part
 * that runs out first decides), and what the parts cost separately here.
 */
export async function bundleOffers(db: DbOrTx, where: { groupBuyIds?: string[]; offerIds?: string[] }) {
  const ids = where.offerIds ?? where.groupBuyIds ?? [];
  if (!ids.length) return [];
  const offers = await db.select().from(groupBuyBundles)
    .where(where.offerIds ? inArray(groupBuyBundles.id, ids) : inArray(groupBuyBundles.groupBuyId, ids)).orderBy(asc(groupBuyBundles.createdAt));
  if (!offers.length) return [];
  const parts = await db.select({
    offerId: groupBuyBundleParts.offerId, itemId: groupBuyBundleParts.itemId, units: groupBuyBundleParts.units, unitShareFen: groupBuyBundleParts.unitShareFen,
    productId: groupBuyItems.productId, itemPriceFen: groupBuyItems.priceFen, stockAvailable: groupBuyItems.stockAvailable, perPersonLimit: groupBuyItems.perPersonLimit,
    name: products.name, spec: products.spec, unit: products.unit, imageUrls: products.imageUrls,
  }).from(groupBuyBundleParts).innerJoin(groupBuyItems, eq(groupBuyItems.id, groupBuyBundleParts.itemId)).innerJoin(products, eq(products.id, groupBuyItems.productId))
    .where(inArray(groupBuyBundleParts.offerId, offers.map((o) => o.id))).orderBy(asc(groupBuyBundleParts.position));
  const names = new Map<string, Awaited<ReturnType<typeof getBundle>>>();
  for (const o of offers) if (!names.has(o.campaignBundleId)) names.set(o.campaignBundleId, await getBundle(db, o.campaignBundleId));
  return offers.map((o) => {
    const mine = parts.filter((p) => p.offerId === o.id).map(({ offerId: _o, ...p }) => p);
    const b = names.get(o.campaignBundleId)!;
    const separateFen = mine.reduce((s, p) => s + p.itemPriceFen * p.units, 0);
    return {
      offerId: o.id, groupBuyId: o.groupBuyId, communityId: o.communityId, campaignBundleId: o.campaignBundleId, campaignId: b.campaignId,
      nameZh: b.nameZh, nameEn: b.nameEn, scenarioZh: b.scenarioZh, scenarioEn: b.scenarioEn,
      priceFen: o.priceFen, separateFen, savingFen: separateFen - o.priceFen,
      available: Math.min(...mine.map((p) => Math.floor(p.stockAvailable / p.units))),
      parts: mine,
    };
  });
}
export type BundleOffer = Awaited<ReturnType<typeof bundleOffers>>[number];

/** One offer of a group buy, or 404. */
export async function getBundleOffer(db: DbOrTx, offerId: string): Promise<BundleOffer> {
  const [o] = await bundleOffers(db, { offerIds: [offerId] });
  if (!o) throw notFound('groupbuy.bundle_not_found');
  return o;
}

/** Offers of a campaign's bundles in a community's group buys (where she can buy them). */
/** The offers of these campaign bundles in a community's group buys that are open at `now` (one query). */
export async function offersOfCampaignBundles(db: DbOrTx, campaignBundleIds: string[], communityId: string, now: Date) {
  if (!campaignBundleIds.length) return [];
  const rows = await db.select({ id: groupBuyBundles.id }).from(groupBuyBundles)
    .innerJoin(groupBuys, eq(groupBuys.id, groupBuyBundles.groupBuyId))
    .where(and(inArray(groupBuyBundles.campaignBundleId, campaignBundleIds), eq(groupBuyBundles.communityId, communityId),
      inArray(groupBuys.status, ['scheduled', 'open']), lte(groupBuys.opensAt, now), gt(groupBuys.cutoffAt, now)));
  return bundleOffers(db, { offerIds: rows.map((r) => r.id) });
}
