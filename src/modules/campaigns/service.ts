import { and, asc, count, desc, eq, gte, ilike, inArray, isNull } from 'drizzle-orm';
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

/**
 * The published, not yet ended campaigns whose badge each product carries now (enrolled and proving
 * every required standard). One batch of queries for a whole page of products.
 */
export async function campaignBadges(db: DbOrTx, productIds: string[], now = new Date()) {
  const ids = [...new Set(productIds)];
  const out = new Map<string, { campaignId: string; slug: string; badgeZh: string; badgeEn: string }[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const today = localDate(now, DEFAULT_TIME_ZONE);
  const rows = await db.select({ productId: campaignProducts.productId, campaign: campaigns }).from(campaignProducts)
    .innerJoin(campaigns, eq(campaigns.id, campaignProducts.campaignId))
    .where(and(inArray(campaignProducts.productId, ids), isNull(campaignProducts.withdrawnAt), eq(campaigns.status, 'published'), gte(campaigns.endsOn, today)))
    .orderBy(asc(campaigns.startsOn));
  if (!rows.length) return out;
  const campaignIds = [...new Set(rows.map((r) => r.campaign.id))];
  const required = await db.select().from(campaignStandards).where(inArray(campaignStandards.campaignId, campaignIds));
  const proven = new Map((await standardsProvenBy(db, [...new Set(rows.map((r) => r.productId))], now)).map((p) => [p.productId, new Set(p.standards.map((s) => s.standardId))]));
  for (const r of rows) {
    const have = proven.get(r.productId) ?? new Set<string>();
    if (required.filter((q) => q.campaignId === r.campaign.id).every((q) => have.has(q.standardId))) {
      out.get(r.productId)!.push({ campaignId: r.campaign.id, slug: r.campaign.slug, badgeZh: r.campaign.badgeZh, badgeEn: r.campaign.badgeEn });
    }
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

/**
 * An operator edits a campaign. A draft may change anything. Once published its address (slug) is
 * fixed — links were shared — and its promise can only grow: a standard may be added only if every
 * enrolled product already proves it (else refused, naming the products); none may be removed.
 */
export async function updateCampaign(db: Db, operatorId: string, campaignId: string, input: CampaignInput, now = new Date()): Promise<Campaign> {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status === 'closed') throw conflict('campaign.closed_readonly');
  const clean = await validateCampaign(db, input);
  const before = await requiredStandardIds(db, campaignId);
  const added = clean.standardIds.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !clean.standardIds.includes(id));
  if (campaign.status === 'published') {
    if (clean.slug !== campaign.slug) throw conflict('campaign.slug_fixed');
    if (removed.length) throw conflict('campaign.standard_removal_refused');
    if (added.length) {
      const enrolled = await enrolledProductIds(db, campaignId);
      const proven = await standardsProvenBy(db, enrolled, now);
      const lacking = proven.filter((p) => added.some((s) => !p.standards.some((x) => x.standardId === s))).map((p) => p.productId);
      if (lacking.length) {
        const names = await db.select({ name: products.name }).from(products).where(inArray(products.id, lacking));
        throw conflict('campaign.standard_not_proven_by_enrolled', { products: names.map((n) => n.name).join('、') });
      }
    }
  } else if (clean.slug !== campaign.slug) {
    const [same] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, clean.slug));
    if (same) throw conflict('campaign.slug_taken');
  }
  return inTransaction(db, async (tx) => {
    const { standardIds, ...fields } = clean;
    const [row] = await tx.update(campaigns).set({ ...fields, updatedAt: now })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, campaign.status))).returning();
    if (!row) throw conflict('campaign.changed_meanwhile');
    if (removed.length) await tx.delete(campaignStandards).where(and(eq(campaignStandards.campaignId, campaignId), inArray(campaignStandards.standardId, removed)));
    if (added.length) await tx.insert(campaignStandards).values(added.map((standardId) => ({ campaignId, standardId }))).onConflictDoNothing();
    await recordEvent(tx, { type: 'campaign.updated', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { slug: row.slug, addedStandards: added, removedStandards: removed } });
    return row;
  });
}

/** An operator closes a published campaign: its badge leaves every product; its page stays readable. */
export async function closeCampaign(db: Db, operatorId: string, campaignId: string, now = new Date()): Promise<Campaign> {
  const campaign = await getCampaign(db, campaignId);
  if (campaign.status !== 'published') throw conflict('campaign.not_published');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(campaigns).set({ status: 'closed', updatedAt: now })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'published'))).returning();
    if (!row) throw conflict('campaign.not_published');
    await recordEvent(tx, { type: 'campaign.closed', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { slug: row.slug } });
    return row;
  });
}

/** An operator withdraws an enrolled product, saying why; the row is kept with who, when and why. */
export async function withdrawProduct(db: Db, operatorId: string, campaignId: string, productId: string, reason: string, now = new Date()) {
  const why = reason?.trim() ?? '';
  if (!why || why.length > 200) throw badRequest('campaign.withdraw_reason_required', { max: 200 });
  await getCampaign(db, campaignId);
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(campaignProducts).set({ withdrawnBy: operatorId, withdrawnAt: now, withdrawReason: why })
      .where(and(eq(campaignProducts.campaignId, campaignId), eq(campaignProducts.productId, productId), isNull(campaignProducts.withdrawnAt))).returning();
    if (!row) throw notFound('campaign.not_enrolled');
    await recordEvent(tx, { type: 'campaign.product_withdrawn', communityId: null, actorId: operatorId, subjectId: campaignId, payload: { campaignId, productId, reason: why } });
    return row;
  });
}

/** The standards a campaign requires, with what each means (for its page). */
export async function campaignStandardsOf(db: DbOrTx, campaignId: string) {
  const required = await requiredStandardIds(db, campaignId);
  return (await listStandards(db)).filter((s) => required.includes(s.id))
    .map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn, descriptionZh: s.descriptionZh, descriptionEn: s.descriptionEn, criteria: s.criteria }));
}

type ProductCard = { id: string; name: string; spec: string; unit: string; origin: string; imageUrl: string | null; listPriceFen: number };
async function productCards(db: DbOrTx, ids: string[]): Promise<Map<string, ProductCard>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(products).where(inArray(products.id, ids));
  return new Map(rows.map((p) => [p.id, { id: p.id, name: p.name, spec: p.spec, unit: p.unit, origin: p.origin, imageUrl: p.imageUrls[0] ?? null, listPriceFen: p.listPriceFen }]));
}

/**
 * What readers see of a campaign: its story, period, required standards and badge, and the enrolled
 * products that prove every required standard now, each with the proof of those standards (batch
 * code, report, certificate, trace). A product that lost its proof is simply not among them.
 */
export async function campaignView(db: DbOrTx, campaign: Campaign, now = new Date()) {
  const standardsList = await campaignStandardsOf(db, campaign.id);
  const required = new Set(standardsList.map((s) => s.id));
  const enrolled = await enrolledProductIds(db, campaign.id);
  const proven = new Map((await standardsProvenBy(db, enrolled, now)).map((p) => [p.productId, p.standards.filter((s) => required.has(s.standardId))]));
  const showing = campaign.status === 'published' ? enrolled.filter((id) => (proven.get(id)?.length ?? 0) === required.size) : [];
  const cards = await productCards(db, showing);
  return {
    campaign: publicCampaign(campaign, now),
    standards: standardsList,
    products: showing.filter((id) => cards.has(id)).map((id) => ({ product: cards.get(id)!, standards: proven.get(id)! })),
  };
}

export function publicCampaign(c: Campaign, now = new Date()) {
  return {
    id: c.id, slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, storyZh: c.storyZh, storyEn: c.storyEn, startsOn: c.startsOn, endsOn: c.endsOn,
    badgeZh: c.badgeZh, badgeEn: c.badgeEn, status: c.status, running: campaignRunning(c, now), publishedAt: c.publishedAt,
  };
}

/** Published campaigns running now or still to come, soonest first, a page at a time. */
export async function listReadableCampaigns(db: DbOrTx, page: number, pageSize: number, now = new Date()) {
  const today = localDate(now, DEFAULT_TIME_ZONE);
  const where = and(eq(campaigns.status, 'published'), gte(campaigns.endsOn, today));
  const [{ n }] = await db.select({ n: count() }).from(campaigns).where(where);
  const rows = await db.select().from(campaigns).where(where).orderBy(asc(campaigns.startsOn), asc(campaigns.slug)).limit(pageSize).offset((page - 1) * pageSize);
  return { items: rows.map((c) => publicCampaign(c, now)), total: n };
}

/** Every campaign for the console, newest first, with how many products are enrolled and proving. */
export async function listAllCampaigns(db: DbOrTx, now = new Date()) {
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.createdAt));
  return Promise.all(rows.map(async (c) => {
    const enrolled = await enrolledProductIds(db, c.id);
    const proving = enrolled.length ? await provingProductIds(db, c.id, now) : [];
    return { ...publicCampaign(c, now), standardIds: await requiredStandardIds(db, c.id), enrolledCount: enrolled.length, provingCount: proving.length, createdAt: c.createdAt, updatedAt: c.updatedAt };
  }));
}

/** The console's enrolment list: every enrolment (withdrawn ones too), each with its live proof status. */
export async function enrolments(db: DbOrTx, campaignId: string, now = new Date()) {
  const rows = await db.select().from(campaignProducts).where(eq(campaignProducts.campaignId, campaignId)).orderBy(asc(campaignProducts.enrolledAt));
  const live = rows.filter((r) => !r.withdrawnAt).map((r) => r.productId);
  const missing = await missingStandards(db, campaignId, live, now);
  const cards = await productCards(db, rows.map((r) => r.productId));
  return rows.map((r) => ({
    productId: r.productId, product: cards.get(r.productId)!, enrolledAt: r.enrolledAt, withdrawnAt: r.withdrawnAt, withdrawReason: r.withdrawReason,
    missingStandards: r.withdrawnAt ? [] : (missing.get(r.productId) ?? []).map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
  }));
}

/** Products an operator might enrol (matching a name, not enrolled now), each with the required standards it lacks. */
export async function enrolmentCandidates(db: DbOrTx, campaignId: string, q: string, now = new Date()) {
  const enrolled = new Set(await enrolledProductIds(db, campaignId));
  const term = q.trim();
  const rows = await db.select({ id: products.id }).from(products)
    .where(and(eq(products.active, true), term ? ilike(products.name, `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined))
    .orderBy(asc(products.name)).limit(40);
  const ids = rows.map((r) => r.id).filter((id) => !enrolled.has(id)).slice(0, 20);
  const missing = await missingStandards(db, campaignId, ids, now);
  const cards = await productCards(db, ids);
  return ids.map((id) => ({ product: cards.get(id)!, missingStandards: (missing.get(id) ?? []).map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })) }));
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
