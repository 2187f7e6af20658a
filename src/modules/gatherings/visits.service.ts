import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { gatherings, gatheringReplays } from './schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { inTransaction } from '../../platform/events/service.js';
import * as campaigns from '../campaigns/index.js';
import * as catalog from '../catalog/index.js';
import * as community from '../community/index.js';
import * as files from '../files/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { getGathering, replaysOf, visibleGathering } from './service.js';
import { visitLabels } from './visit-link.js';

type Viewer = { id: string; isOperator: boolean };

/** A replay's summary in characters, its photos, and the replays one event may carry. */
export const REPLAY_LIMITS = { summaryMin: 2, summaryMax: 500, photos: 9, perEvent: 10 } as const;
export const VISITS_PAGE_SIZE = 10;

const httpUrl = (u: string) => /^https?:\/\/[^\s]{3,500}$/.test(u);

/**
 * After the event has ended, its organiser (the community's leader, or an operator) adds a replay:
 * a video link and/or photos, with what was seen. Photos are public: the campaign page shows them.
 */
export async function addReplay(db: Db, storage: FileStorage, viewer: Viewer, id: string,
  input: { videoUrl?: string | null; summary: string; photos: { filename: string; bytes: Buffer }[] }, now = new Date()) {
  const { gathering: g, leader } = await visibleGathering(db, viewer, id);
  if (!leader && !viewer.isOperator) throw forbidden('visit.organiser_only');
  if (g.cancelledAt) throw conflict('gathering.cancelled');
  if (now <= g.endsAt) throw conflict('visit.replay_before_end');
  const summary = input.summary.trim();
  if ([...summary].length < REPLAY_LIMITS.summaryMin || [...summary].length > REPLAY_LIMITS.summaryMax) throw badRequest('visit.replay_summary_length', { min: REPLAY_LIMITS.summaryMin, max: REPLAY_LIMITS.summaryMax });
  const videoUrl = input.videoUrl?.trim() || null;
  if (videoUrl && !httpUrl(videoUrl)) throw badRequest('gathering.url_invalid');
  if (!videoUrl && input.photos.length === 0) throw badRequest('visit.replay_empty');
  if (input.photos.length > REPLAY_LIMITS.photos) throw badRequest('visit.replay_too_many_photos', { max: REPLAY_LIMITS.photos });
  for (const p of input.photos) {
    const sniffed = files.sniffType(p.bytes);
    if (!sniffed || sniffed.kind !== 'image') throw badRequest('file.not_image');
  }
  const staged: { file: files.StagedUpload; name: string }[] = [];
  for (const p of input.photos) staged.push({ file: await files.stageUpload(storage, await files.publicImage(p.bytes), 'images'), name: p.filename });
  await inTransaction(db, async (tx) => {
    // Locking the event makes two replays at once count one after the other against the limit.
    await tx.select({ id: gatherings.id }).from(gatherings).where(eq(gatherings.id, g.id)).for('update');
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(gatheringReplays).where(eq(gatheringReplays.gatheringId, g.id));
    if (n >= REPLAY_LIMITS.perEvent) throw conflict('visit.too_many_replays', { max: REPLAY_LIMITS.perEvent });
    const ids: string[] = [];
    for (const p of staged) ids.push((await files.recordUpload(tx, p.file, { ownerId: viewer.id, scope: `gathering:${g.id}`, originalName: p.name, visibility: 'public' })).id);
    await tx.insert(gatheringReplays).values({ gatheringId: g.id, videoUrl, photoFileIds: ids, summary, addedBy: viewer.id, createdAt: now });
  });
  return getGathering(db, viewer, id, now);
}

/**
 * A campaign's source visits for its page: upcoming ones (the platform's livestreams, and the
 * viewer's own community visits) and past ones that have replays (anyone may see what was seen).
 * A draft campaign's visits are not found except by operators. Anonymous visitors are welcome.
 */
export async function campaignVisits(db: Db, viewer: Viewer | null, slug: string, scope: 'upcoming' | 'past', page: number, now = new Date()) {
  const c = await campaigns.campaignBySlug(db, slug);
  if (c.status === 'draft' && !viewer?.isOperator) throw notFound('campaign.not_found');
  const mine = viewer ? (await community.listMyCommunities(db, viewer.id)).map((m) => m.id) : [];
  const own: SQL = viewer?.isOperator ? sql`true` : or(isNull(gatherings.communityId), mine.length ? inArray(gatherings.communityId, mine) : sql`false`)!;
  const where = and(eq(gatherings.campaignId, c.id), isNull(gatherings.cancelledAt),
    // Operators also see past visits still without a replay: they are the ones to add it.
    scope === 'upcoming' ? and(gte(gatherings.endsAt, now), own)
      : and(lt(gatherings.endsAt, now), viewer?.isOperator ? sql`true` : sql`exists (select 1 from gathering_replays r where r.gathering_id = ${gatherings.id})`));
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(gatherings).where(where);
  const rows = await db.select().from(gatherings).where(where)
    .orderBy(scope === 'upcoming' ? asc(gatherings.startsAt) : desc(gatherings.startsAt), asc(gatherings.id))
    .limit(VISITS_PAGE_SIZE).offset((page - 1) * VISITS_PAGE_SIZE);
  const labels = await visitLabels(db, rows);
  const replays = await replaysOf(db, rows.map((r) => r.id));
  const communityIds = [...new Set(rows.map((r) => r.communityId).filter((x): x is string => !!x))];
  const names = new Map<string, string>();
  for (const id of communityIds) names.set(id, (await community.getCommunity(db, id)).name);
  const items = rows.map((g) => {
    // Only who may open the event sees where and how to join it.
    const canOpen = Boolean(viewer) && (g.communityId === null || viewer!.isOperator || mine.includes(g.communityId));
    const product = labels.product(g.visitProductId);
    const supplier = labels.supplier(g.visitSupplierId);
    return {
      id: g.id, kind: g.kind, title: g.title, description: g.description, startsAt: g.startsAt, endsAt: g.endsAt,
      state: (now > g.endsAt ? 'ended' : now >= g.startsAt ? 'running' : 'upcoming') as 'ended' | 'running' | 'upcoming',
      platformWide: g.communityId === null, communityName: g.communityId ? names.get(g.communityId) ?? null : null,
      place: canOpen ? g.place : null, streamUrl: canOpen ? g.streamUrl : null, canOpen,
      productName: product?.name ?? null, supplierName: supplier?.name ?? null,
      spotsLeft: Math.max(0, g.capacity - g.confirmedCount),
      replays: replays.get(g.id) ?? [],
    };
  });
  return { campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn }, items, total, page, pageSize: VISITS_PAGE_SIZE };
}

/**
 * What a leader (or operator) may link a visit to: campaigns open for visits (published; operators
 * also drafts), each with its enrolled products and their suppliers.
 */
export async function visitOptions(db: Db, viewer: Viewer) {
  const rows = await db.select().from(campaigns.campaigns)
    .where(viewer.isOperator ? inArray(campaigns.campaigns.status, ['draft', 'published']) : eq(campaigns.campaigns.status, 'published'))
    .orderBy(desc(campaigns.campaigns.startsOn)).limit(50);
  const items = [];
  for (const c of rows) {
    const enrolled = await campaigns.enrolledProductIds(db, c.id);
    const products = [];
    for (const id of enrolled) {
      const p = await catalog.getProduct(db, id);
      products.push({ id: p.id, name: p.name, supplierId: p.supplierId });
    }
    const labels = await visitLabels(db, products.map((p) => ({ campaignId: null, visitProductId: null, visitSupplierId: p.supplierId })));
    const suppliers = [...new Set(products.map((p) => p.supplierId).filter((x): x is string => !!x))].map((id) => ({ id, name: labels.supplier(id)?.name ?? '' }));
    items.push({ id: c.id, slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status as 'draft' | 'published', products: products.map((p) => ({ id: p.id, name: p.name, supplierId: p.supplierId })), suppliers });
  }
  return { items };
}
