import { and, asc, eq, gt, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { groupBuyItems, groupBuys } from '../modules/groupbuy/index.js';
import { campaignBySlug, campaignView, listReadableCampaigns, type Campaign } from '../modules/campaigns/index.js';

/**
 * Where a resident can buy a campaign's products: the group buys of her community open now that
 * sell them (one query for the whole page), soonest cut-off first.
 */
export async function openGroupBuysSelling(db: DbOrTx, communityId: string, productIds: string[], now = new Date()) {
  const out = new Map<string, { groupBuyId: string; title: string; priceFen: number; cutoffAt: Date; soldOut: boolean }[]>(productIds.map((id) => [id, []]));
  if (!productIds.length) return out;
  const rows = await db.select({ productId: groupBuyItems.productId, groupBuyId: groupBuys.id, title: groupBuys.title, priceFen: groupBuyItems.priceFen, cutoffAt: groupBuys.cutoffAt, stock: groupBuyItems.stockAvailable })
    .from(groupBuyItems).innerJoin(groupBuys, eq(groupBuys.id, groupBuyItems.groupBuyId))
    .where(and(eq(groupBuys.communityId, communityId), eq(groupBuys.status, 'open'), lte(groupBuys.opensAt, now), gt(groupBuys.cutoffAt, now), inArray(groupBuyItems.productId, productIds)))
    .orderBy(asc(groupBuys.cutoffAt));
  for (const r of rows) out.get(r.productId)?.push({ groupBuyId: r.groupBuyId, title: r.title, priceFen: r.priceFen, cutoffAt: r.cutoffAt, soldOut: r.stock <= 0 });
  return out;
}

/** The campaign page's data; for a member of `communityId`, each product also says where she can buy it. */
export async function campaignPage(db: DbOrTx, campaign: Campaign, communityId: string | null, now = new Date()) {
  const view = await campaignView(db, campaign, now);
  const selling = communityId ? await openGroupBuysSelling(db, communityId, view.products.map((p) => p.product.id), now) : null;
  return { ...view, products: view.products.map((p) => ({ ...p, openGroupBuys: selling?.get(p.product.id) ?? [] })) };
}

/** A leader's campaigns: those running now (published, within their days), each with the products he can sell under it. */
export async function leaderCampaigns(db: DbOrTx, now = new Date()) {
  const { items } = await listReadableCampaigns(db, 1, 20, now);
  const running = items.filter((c) => c.running);
  return Promise.all(running.map(async (c) => {
    const view = await campaignView(db, await campaignBySlug(db, c.slug), now);
    return { campaign: view.campaign, standards: view.standards.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })), products: view.products.map((p) => p.product) };
  }));
}
