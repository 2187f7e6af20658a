import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import { DEFAULT_TIME_ZONE, localDate } from '../../platform/time.js';
import { products } from '../catalog/index.js';
import { listStandards, standardsProvenBy } from '../quality/index.js';
import { campaignProducts, campaignPurchases, campaigns, campaignStandards } from './schema.js';

export type Campaign = typeof campaigns.$inferSelect;

export interface CampaignInput {
  slug: string; nameZh: string; nameEn: string; storyZh?: string; storyEn?: string;
  startsOn: string; endsOn: string; badgeZh: string; badgeEn: string; standardIds: string[];
}

const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{1,46}[a-z0-9])$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Checks a campaign's fields; the first fault is answered, nothing is written. */
export async function validateCampaign(db: DbOrTx, input: CampaignInput) {
  const slug = input.slug?.trim().toLowerCase() ?? '';
  if (!SLUG_RE.test(slug)) throw badRequest('campaign.slug_invalid');
  const nameZh = input.nameZh?.trim() ?? '';
  const nameEn = input.nameEn?.trim() ?? '';
  if (!nameZh || !nameEn || nameZh.length > 40 || nameEn.length > 80) throw badRequest('campaign.name_required');
  const storyZh = input.storyZh?.trim() ?? '';
  const storyEn = input.storyEn?.trim() ?? '';
  if (storyZh.length > 5000 || storyEn.length > 10000) throw badRequest('campaign.story_too_long', { max: 5000 });
  if (!isDay(input.startsOn ?? '') || !isDay(input.endsOn ?? '')) throw badRequest('campaign.period_invalid');
  if (input.startsOn > input.endsOn) throw badRequest('campaign.period_reversed');
  const badgeZh = input.badgeZh?.trim() ?? '';
  const badgeEn = input.badgeEn?.trim() ?? '';
  if (!badgeZh || !badgeEn || badgeZh.length > 12 || badgeEn.length > 32) throw badRequest('campaign.badge_required');
  const standardIds = [...new Set(input.standardIds ?? [])];
  if (!standardIds.length) throw badRequest('campaign.standards_required');
  const known = new Map((await listStandards(db)).map((s) => [s.id, s]));
  for (const id of standardIds) {
    const s = known.get(id);
    if (!s) throw badRequest('campaign.standard_unknown');
    if (!s.active) throw badRequest('campaign.standard_inactive', { name: s.nameZh });
  }
  return { slug, nameZh, nameEn, storyZh, storyEn, startsOn: input.startsOn, endsOn: input.endsOn, badgeZh, badgeEn, standardIds };
}

/** An operator creates a campaign (a draft until published). */
export async function createCampaign(db: Db, operatorId: string, input: CampaignInput, now = new Date()): Promise<Campaign> {
  const clean = await validateCampaign(db, input);
  const [same] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, clean.slug));
  if (same) throw conflict('campaign.slug_taken');
  return inTransaction(db, async (tx) => {
    const { standardIds, ...fields } = clean;
    const [row] = await tx.insert(campaigns).values({ ...fields, createdBy: operatorId, createdAt: now, updatedAt: now }).returning();
    await tx.insert(campaignStandards).values(standardIds.map((standardId) => ({ campaignId: row.id, standardId })));
    await recordEvent(tx, { type: 'campaign.created', communityId: null, actorId: operatorId, subjectId: row.id, payload: { slug: row.slug, nameZh: row.nameZh } });
    return row;
  });
}

export async function getCampaign(db: DbOrTx, id: string): Promise<Campaign> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw notFound('campaign.not_found');
  return row;
}

export async function campaignBySlug(db: DbOrTx, slug: string): Promise<Campaign> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.slug, slug));
  if (!row) throw notFound('campaign.not_found');
  return row;
}

export async function requiredStandardIds(db: DbOrTx, campaignId: string): Promise<string[]> {
  return (await db.select({ id: campaignStandards.standardId }).from(campaignStandards).where(eq(campaignStandards.campaignId, campaignId))).map((r) => r.id);
}

/** Whether a campaign is running on the day `now` falls on in the community's time zone. */
export function campaignRunning(c: Pick<Campaign, 'status' | 'startsOn' | 'endsOn'>, now = new Date(), timeZone = DEFAULT_TIME_ZONE): boolean {
  const day = localDate(now, timeZone);
  return c.status === 'published' && c.startsOn <= day && day <= c.endsOn;
}

/** For each product, the required standards it does not prove now (empty: it proves them all). */
export async function missingStandards(db: DbOrTx, campaignId: string, productIds: string[], now = new Date()) {
  const required = await requiredStandardIds(db, campaignId);
  const proven = await standardsProvenBy(db, productIds, now);
  const all = required.length ? await listStandards(db) : [];
  return new Map(proven.map((p) => {
    const have = new Set(p.standards.map((s) => s.standardId));
    return [p.productId, all.filter((s) => required.includes(s.id) && !have.has(s.id))];
  }));
}

/**
 * Enrols a product. Refused, naming the standards it lacks, unless its current batch proves every
 * standard the campaign requires.
 */
export async function enrollProduct(db: Db, operatorId: string, campaignId: string, productId: string, now = new Date()) {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status === 'closed') throw conflict('campaign.closed');
  const [product] = await db.select({ id: products.id }).from(products).where(eq(products.id, productId));
  if (!product) throw notFound('campaign.product_not_found');
  const missing = (await missingStandards(db, campaignId, [productId], now)).get(productId) ?? [];
  if (missing.length) throw badRequest('campaign.product_not_proving', { standards: missing.map((s) => s.nameZh).join('、') });
  return inTransaction(db, async (tx) => {
    const [row] = await tx.insert(campaignProducts).values({ campaignId, productId, enrolledBy: operatorId, enrolledAt: now })
      .onConflictDoNothing().returning();
    if (!row) throw conflict('campaign.already_enrolled');
    await recordEvent(tx, { type: 'campaign.product_enrolled', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { campaignId, productId } });
    return row;
  });
}

/** Products enrolled and not withdrawn, in enrolment order (whether they prove the standards now or not). */
export async function enrolledProductIds(db: DbOrTx, campaignId: string): Promise<string[]> {
  return (await db.select({ id: campaignProducts.productId }).from(campaignProducts)
    .where(and(eq(campaignProducts.campaignId, campaignId), isNull(campaignProducts.withdrawnAt))).orderBy(asc(campaignProducts.enrolledAt))).map((r) => r.id);
}

/**
 * Enrolled products that prove every required standard now: only these carry the badge and are
 * shown to residents. A new batch that fails drops a product from this list at once.
 */
export async function provingProductIds(db: DbOrTx, campaignId: string, now = new Date()): Promise<string[]> {
  const enrolled = await enrolledProductIds(db, campaignId);
  if (!enrolled.length) return [];
  const missing = await missingStandards(db, campaignId, enrolled, now);
  return enrolled.filter((id) => (missing.get(id) ?? []).length === 0);
}

/** The published campaigns whose badge each product carries now (enrolled and proving). */
export async function campaignBadges(db: DbOrTx, productIds: string[], now = new Date()) {
  const ids = [...new Set(productIds)];
  const out = new Map<string, { campaignId: string; slug: string; badgeZh: string; badgeEn: string }[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db.select({ productId: campaignProducts.productId, campaign: campaigns }).from(campaignProducts)
    .innerJoin(campaigns, eq(campaigns.id, campaignProducts.campaignId))
    .where(and(inArray(campaignProducts.productId, ids), isNull(campaignProducts.withdrawnAt), eq(campaigns.status, 'published')));
  for (const r of rows) {
    const missing = (await missingStandards(db, r.campaign.id, [r.productId], now)).get(r.productId) ?? [];
    if (!missing.length) out.get(r.productId)!.push({ campaignId: r.campaign.id, slug: r.campaign.slug, badgeZh: r.campaign.badgeZh, badgeEn: r.campaign.badgeEn });
  }
  return out;
}

/** An operator publishes a draft: its pages open to residents and leaders. */
export async function publishCampaign(db: Db, operatorId: string, campaignId: string, now = new Date()): Promise<Campaign> {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status !== 'draft') throw conflict('campaign.not_draft');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(campaigns).set({ status: 'published', publishedAt: now, updatedAt: now })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'draft'))).returning();
    if (!row) throw conflict('campaign.not_draft');
    await recordEvent(tx, { type: 'campaign.published', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { slug: row.slug } });
    return row;
  });
}

export interface PaidLine { lineId: string; orderId: string; productId: string; userId: string; communityId: string }

/**
 * At payment, records which campaigns each line is bought under: published and running that day,
 * the product enrolled and proving every required standard at this moment. In the payment's
 * transaction, so the record is exactly what she was promised when she paid. Idempotent.
 */
export async function recordCampaignPurchases(tx: DbOrTx, lines: PaidLine[], now: Date, timeZone = DEFAULT_TIME_ZONE) {
  if (!lines.length) return [];
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const enrolled = await tx.select({ productId: campaignProducts.productId, campaign: campaigns }).from(campaignProducts)
    .innerJoin(campaigns, eq(campaigns.id, campaignProducts.campaignId))
    .where(and(inArray(campaignProducts.productId, productIds), isNull(campaignProducts.withdrawnAt), eq(campaigns.status, 'published')));
  const rows: (typeof campaignPurchases.$inferInsert)[] = [];
  const byCampaign = new Map<string, { campaign: Campaign; productIds: string[] }>();
  for (const e of enrolled) {
    if (!campaignRunning(e.campaign, now, timeZone)) continue;
    const entry = byCampaign.get(e.campaign.id) ?? { campaign: e.campaign, productIds: [] };
    entry.productIds.push(e.productId);
    byCampaign.set(e.campaign.id, entry);
  }
  for (const { campaign, productIds: ids } of byCampaign.values()) {
    const missing = await missingStandards(tx, campaign.id, ids, now);
    for (const l of lines) {
      if (!ids.includes(l.productId) || (missing.get(l.productId) ?? []).length) continue;
      rows.push({ campaignId: campaign.id, ...l, paidAt: now });
    }
  }
  if (rows.length) await tx.insert(campaignPurchases).values(rows).onConflictDoNothing();
  return rows;
}

/** The campaigns a line was bought under (see recordCampaignPurchases), oldest campaign first. */
export async function campaignsOfLine(db: DbOrTx, lineId: string): Promise<{ campaignId: string; slug: string; nameZh: string; nameEn: string; paidAt: Date }[]> {
  return db.select({ campaignId: campaigns.id, slug: campaigns.slug, nameZh: campaigns.nameZh, nameEn: campaigns.nameEn, paidAt: campaignPurchases.paidAt })
    .from(campaignPurchases).innerJoin(campaigns, eq(campaigns.id, campaignPurchases.campaignId))
    .where(eq(campaignPurchases.lineId, lineId)).orderBy(asc(campaigns.createdAt));
}
