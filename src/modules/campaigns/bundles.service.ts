import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { products } from '../catalog/index.js';
import { campaignBundleProducts, campaignBundles } from './schema.js';
import { enrolledProductIds, getCampaign, missingStandards } from './service.js';

export const BUNDLE_LIMITS = { parts: 8, units: 20, nameZh: 30, nameEn: 60, scenario: 500 } as const;

export interface BundleInput {
  nameZh: string; nameEn: string; scenarioZh?: string; scenarioEn?: string;
  priceFen: number;
  parts: { productId: string; units: number }[];
}

export type CampaignBundle = typeof campaignBundles.$inferSelect & { parts: { productId: string; units: number; name: string; listPriceFen: number }[] };

/**
 * An operator defines a scenario bundle. Every product must be enrolled in the campaign and prove
 * its standards now (refused naming the first that does not), and the price must be below what its
 * parts cost at list price: a bundle is a saving or it is nothing. The first fault is answered and
 * nothing is written.
 */
export async function defineBundle(db: Db, operatorId: string, campaignId: string, input: BundleInput, now = new Date()): Promise<CampaignBundle> {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status === 'closed') throw conflict('campaign.closed');
  const nameZh = input.nameZh?.trim() ?? '';
  const nameEn = input.nameEn?.trim() ?? '';
  if (!nameZh || !nameEn || nameZh.length > BUNDLE_LIMITS.nameZh || nameEn.length > BUNDLE_LIMITS.nameEn) throw badRequest('campaign.bundle_name_required', { max: BUNDLE_LIMITS.nameZh });
  const scenarioZh = input.scenarioZh?.trim() ?? '';
  const scenarioEn = input.scenarioEn?.trim() ?? '';
  if (scenarioZh.length > BUNDLE_LIMITS.scenario || scenarioEn.length > BUNDLE_LIMITS.scenario * 2) throw badRequest('campaign.bundle_scenario_too_long', { max: BUNDLE_LIMITS.scenario });
  const parts = input.parts ?? [];
  if (parts.length < 2 || parts.length > BUNDLE_LIMITS.parts) throw badRequest('campaign.bundle_parts_count', { max: BUNDLE_LIMITS.parts });
  if (new Set(parts.map((p) => p.productId)).size !== parts.length) throw badRequest('campaign.bundle_parts_duplicate');
  for (const p of parts) if (!Number.isInteger(p.units) || p.units < 1 || p.units > BUNDLE_LIMITS.units) throw badRequest('campaign.bundle_units_invalid', { max: BUNDLE_LIMITS.units });
  const rows = await db.select({ id: products.id, name: products.name, listPriceFen: products.listPriceFen }).from(products).where(inArray(products.id, parts.map((p) => p.productId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missingProduct = parts.find((p) => !byId.has(p.productId));
  if (missingProduct) throw notFound('campaign.product_not_found');
  const enrolled = new Set(await enrolledProductIds(db, campaignId));
  const outside = parts.find((p) => !enrolled.has(p.productId));
  if (outside) throw badRequest('campaign.bundle_product_outside', { product: byId.get(outside.productId)!.name });
  const missing = await missingStandards(db, campaignId, parts.map((p) => p.productId), now);
  const notProving = parts.find((p) => (missing.get(p.productId) ?? []).length > 0);
  if (notProving) throw badRequest('campaign.bundle_product_not_proving', { product: byId.get(notProving.productId)!.name, standards: missing.get(notProving.productId)!.map((s) => s.nameZh).join('、') });
  const listSum = parts.reduce((s, p) => s + byId.get(p.productId)!.listPriceFen * p.units, 0);
  if (!Number.isInteger(input.priceFen) || input.priceFen <= 0) throw badRequest('campaign.bundle_price_invalid');
  if (input.priceFen >= listSum) throw badRequest('campaign.bundle_price_not_lower', { sum: (listSum / 100).toFixed(2) });
  const bundle = await inTransaction(db, async (tx) => {
    const [row] = await tx.insert(campaignBundles).values({ campaignId, nameZh, nameEn, scenarioZh, scenarioEn, priceFen: input.priceFen, createdBy: operatorId, createdAt: now }).returning();
    await tx.insert(campaignBundleProducts).values(parts.map((p, i) => ({ bundleId: row.id, productId: p.productId, units: p.units, position: i + 1 })));
    await recordEvent(tx, { type: 'campaign.bundle_defined', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { campaignId, bundleId: row.id, priceFen: row.priceFen, productIds: parts.map((p) => p.productId) } });
    return row;
  });
  return (await bundlesOf(db, [bundle]))[0];
}

async function bundlesOf(db: DbOrTx, rows: (typeof campaignBundles.$inferSelect)[]): Promise<CampaignBundle[]> {
  if (!rows.length) return [];
  const parts = await db.select({ bundleId: campaignBundleProducts.bundleId, productId: campaignBundleProducts.productId, units: campaignBundleProducts.units, name: products.name, listPriceFen: products.listPriceFen })
    .from(campaignBundleProducts).innerJoin(products, eq(products.id, campaignBundleProducts.productId))
    .where(inArray(campaignBundleProducts.bundleId, rows.map((r) => r.id))).orderBy(asc(campaignBundleProducts.position));
  return rows.map((r) => ({ ...r, parts: parts.filter((p) => p.bundleId === r.id).map(({ bundleId: _b, ...p }) => p) }));
}

/** A campaign's bundles, oldest first, with their parts. */
export async function listBundles(db: DbOrTx, campaignId: string): Promise<CampaignBundle[]> {
  return bundlesOf(db, await db.select().from(campaignBundles).where(eq(campaignBundles.campaignId, campaignId)).orderBy(asc(campaignBundles.createdAt)));
}

export async function getBundle(db: DbOrTx, bundleId: string): Promise<CampaignBundle> {
  const rows = await db.select().from(campaignBundles).where(eq(campaignBundles.id, bundleId));
  if (!rows.length) throw notFound('campaign.bundle_not_found');
  return (await bundlesOf(db, rows))[0];
}

/** Bundles by id (names for order and pick-list views). */
export async function bundlesByIds(db: DbOrTx, ids: string[]): Promise<Map<string, CampaignBundle>> {
  if (!ids.length) return new Map();
  const list = await bundlesOf(db, await db.select().from(campaignBundles).where(inArray(campaignBundles.id, [...new Set(ids)])));
  return new Map(list.map((b) => [b.id, b]));
}
