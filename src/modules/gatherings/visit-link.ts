import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict } from '../../platform/errors.js';
import * as campaigns from '../campaigns/index.js';
import { products } from '../catalog/index.js';
import { suppliers } from '../suppliers/index.js';

/** What a source visit (溯源之旅) is linked to: the campaign, and the enrolled product or supplier it visits. */
export interface VisitLink {
  campaignId: string;
  productId?: string | null;
  supplierId?: string | null;
}

/**
 * A visit belongs to a campaign only if it visits what the campaign vouches for: a product enrolled
 * in it (not withdrawn), or the supplier of one. Leaders link only to published campaigns; an
 * operator may prepare a visit for a draft. A closed campaign takes no new visits.
 */
export async function checkVisitLink(db: DbOrTx, link: VisitLink, byOperator: boolean) {
  const campaign = await campaigns.getCampaign(db, link.campaignId);
  if (campaign.status === 'closed') throw conflict('visit.campaign_closed');
  if (campaign.status === 'draft' && !byOperator) throw conflict('visit.campaign_not_published');
  const productId = link.productId ?? null;
  let supplierId = link.supplierId ?? null;
  if (!productId && !supplierId) throw badRequest('visit.source_required');
  const enrolled = await campaigns.enrolledProductIds(db, campaign.id);
  if (productId) {
    const [p] = await db.select({ id: products.id, supplierId: products.supplierId }).from(products).where(eq(products.id, productId));
    if (!p || !enrolled.includes(p.id)) throw badRequest('visit.product_not_enrolled');
    if (supplierId && p.supplierId !== supplierId) throw badRequest('visit.supplier_mismatch');
    supplierId = p.supplierId;
  } else if (supplierId) {
    const rows = enrolled.length
      ? await db.select({ id: products.id }).from(products).where(and(inArray(products.id, enrolled), eq(products.supplierId, supplierId))).limit(1)
      : [];
    if (!rows.length) throw badRequest('visit.supplier_not_enrolled');
  }
  return { campaignId: campaign.id, visitProductId: productId, visitSupplierId: supplierId };
}

/** Names for a visit's campaign and source, as shown beside the event. */
export async function visitLabels(db: DbOrTx, rows: { campaignId: string | null; visitProductId: string | null; visitSupplierId: string | null }[]) {
  const campaignIds = [...new Set(rows.map((r) => r.campaignId).filter((x): x is string => !!x))];
  const productIds = [...new Set(rows.map((r) => r.visitProductId).filter((x): x is string => !!x))];
  const supplierIds = [...new Set(rows.map((r) => r.visitSupplierId).filter((x): x is string => !!x))];
  const cs = campaignIds.length ? await db.select({ id: campaigns.campaigns.id, slug: campaigns.campaigns.slug, nameZh: campaigns.campaigns.nameZh, nameEn: campaigns.campaigns.nameEn, status: campaigns.campaigns.status })
    .from(campaigns.campaigns).where(inArray(campaigns.campaigns.id, campaignIds)) : [];
  const ps = productIds.length ? await db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, productIds)) : [];
  const ss = supplierIds.length ? await db.select({ id: suppliers.id, name: suppliers.companyName }).from(suppliers).where(inArray(suppliers.id, supplierIds)) : [];
  return {
    campaign: (id: string | null) => cs.find((c) => c.id === id) ?? null,
    product: (id: string | null) => ps.find((p) => p.id === id) ?? null,
    supplier: (id: string | null) => ss.find((s) => s.id === id) ?? null,
  };
}
