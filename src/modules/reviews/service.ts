import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/service.js';
import { translate, type Locale } from '../../platform/i18n.js';
import * as files from '../files/index.js';
import { maskName } from '../identity/index.js';
import { blockedWordIn, cleanText } from '../feed/index.js';
import { reviewModeration, reviews, reviewVersions } from './schema.js';

export type Review = typeof reviews.$inferSelect;
type Viewer = { id: string; isOperator: boolean };

/** Limits (*ours*): words are optional and short, a few photos, a moderation reason, a page of reviews. */
export const REVIEW_LIMITS = { body: 500, photos: 6, reasonMin: 2, reasonMax: 200, pageSize: 10 } as const;

/** Hand-overs that count as "she has it": made with her code or pass, or confirmed (by her or after 72 h). */
export const VERIFIED_HANDOVER_STATUSES = ['done', 'confirmed', 'auto_confirmed'] as const;

/**
 * Where one order line stands for a review. A line is reviewable once it was handed over and the
 * hand-over is verified. A line refunded or cancelled before the hand-over, not collected, or whose
 * hand-over she disputed never reached her: 'not_received'. A line refunded AFTER the hand-over
 * (an after-sales claim) stays 'picked_up' and stays reviewable: she had the goods, and her
 * (often critical) review is exactly what neighbours need.
 */
export type ReviewState = 'reviewable' | 'reviewed' | 'not_yet' | 'confirm_first' | 'not_received';
export function reviewState(lineStatus: string, handoverStatus: string | null, reviewId: string | null): ReviewState {
  if (reviewId) return 'reviewed';
  if (lineStatus === 'refunded' || lineStatus === 'cancelled' || lineStatus === 'not_collected') return 'not_received';
  if (lineStatus !== 'picked_up') return 'not_yet';
  if (handoverStatus === 'disputed') return 'not_received';
  if (handoverStatus === 'awaiting_confirmation') return 'confirm_first';
  return 'reviewable';
}

const STATE_ERRORS: Record<Exclude<ReviewState, 'reviewable'>, () => Error> = {
  reviewed: () => conflict('review.already_reviewed'),
  not_yet: () => conflict('review.not_handed_over'),
  confirm_first: () => conflict('review.confirm_first'),
  not_received: () => conflict('review.line_not_received'),
};

export interface LineForReview {
  lineId: string; orderId: string; communityId: string; groupBuyId: string; itemId: string; productId: string;
  userId: string; status: string; handoverStatus: string | null; reviewId: string | null;
}

async function linesForReview(db: DbOrTx, where: ReturnType<typeof sql>): Promise<LineForReview[]> {
  const res = await db.execute(sql`
    select l.id as "lineId", l.order_id as "orderId", l.community_id as "communityId", l.group_buy_id as "groupBuyId",
      l.item_id as "itemId", i.product_id as "productId", l.user_id as "userId", l.status, h.status as "handoverStatus", r.id as "reviewId"
    from order_lines l
    join group_buy_items i on i.id = l.item_id
    left join handovers h on h.id = l.handover_id
    left join reviews r on r.order_line_id = l.id
    where ${where}`);
  return (res as unknown as { rows: LineForReview[] }).rows;
}

/**
 * The line she wants to review, if she may: only her own line (anyone else's, or no line at all,
 * is answered the same: not found), handed over and verified, not yet reviewed.
 */
export async function reviewableLine(db: DbOrTx, userId: string, lineId: string): Promise<LineForReview> {
  const [line] = await linesForReview(db, sql`l.id = ${lineId}`);
  if (!line || line.userId !== userId) throw notFound('review.line_not_found');
  const state = reviewState(line.status, line.handoverStatus, line.reviewId);
  if (state !== 'reviewable') throw STATE_ERRORS[state]();
  return line;
}

/** Stars and words as stored: 1–5 whole stars; words optional, trimmed, at most REVIEW_LIMITS.body, no blocked words. */
export function checkContent(input: { stars: number; body?: string }) {
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5) throw badRequest('review.stars_invalid');
  const body = cleanText(input.body ?? '', REVIEW_LIMITS.body, 'review.body_length', 0);
  const word = blockedWordIn(body);
  if (word) throw badRequest('review.blocked_word', { word });
  return { stars: input.stars, body };
}

/**
 * Writes the review of a reviewable line (checked by the caller in this transaction). Two
 * requests for the same line at once: the unique line key lets one through, the other is told.
 */
export async function insertReview(tx: Tx, input: { id: string; line: LineForReview; stars: number; body: string; photoFileIds: string[]; now: Date }): Promise<Review> {
  const { line } = input;
  const [row] = await tx.insert(reviews).values({
    id: input.id, communityId: line.communityId, userId: line.userId, orderId: line.orderId, orderLineId: line.lineId,
    groupBuyId: line.groupBuyId, itemId: line.itemId, productId: line.productId, stars: input.stars, body: input.body,
    photoFileIds: input.photoFileIds, createdAt: input.now,
  }).onConflictDoNothing({ target: reviews.orderLineId }).returning();
  if (!row) throw conflict('review.already_reviewed');
  return row;
}

export const reviewPhotoScope = (reviewId: string) => `review:${reviewId}`;

async function getReview(db: DbOrTx, id: string): Promise<Review | null> {
  const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
  return row ?? null;
}

/** The author's own review (for editing), or not found; someone else's is refused as not hers. */
export async function ownReview(db: DbOrTx, viewer: Viewer, id: string): Promise<Review> {
  const r = await getReview(db, id);
  if (!r || (r.hiddenAt && r.userId !== viewer.id && !viewer.isOperator)) throw notFound('review.not_found');
  if (r.userId !== viewer.id) throw forbidden('review.not_author');
  return r;
}

/**
 * The author edits her review: new stars, words and photos (kept ones among her own plus new
 * uploads). The previous version is kept; the review shows 「已修改」. Nobody else can edit it.
 */
export async function editReview(tx: Tx, input: { viewer: Viewer; reviewId: string; stars: number; body: string; keepPhotoIds: string[]; newPhotoIds: string[]; now: Date }): Promise<Review> {
  const [current] = await tx.select().from(reviews).where(eq(reviews.id, input.reviewId)).for('update');
  if (!current || (current.hiddenAt && current.userId !== input.viewer.id && !input.viewer.isOperator)) throw notFound('review.not_found');
  if (current.userId !== input.viewer.id) throw forbidden('review.not_author');
  await tx.insert(reviewVersions).values({
    reviewId: current.id, communityId: current.communityId, version: current.version, stars: current.stars, body: current.body,
    photoFileIds: current.photoFileIds, writtenAt: current.editedAt ?? current.createdAt, replacedAt: input.now,
  });
  const [updated] = await tx.update(reviews).set({
    stars: input.stars, body: input.body, photoFileIds: [...input.keepPhotoIds, ...input.newPhotoIds], version: current.version + 1, editedAt: input.now,
  }).where(eq(reviews.id, current.id)).returning();
  await recordEvent(tx, { type: 'review.edited', communityId: current.communityId, actorId: input.viewer.id, subjectId: current.id, payload: { reviewId: current.id, userId: current.userId, version: updated.version, stars: updated.stars } });
  return updated;
}

/** Checks the photos an edit keeps (hers, on this review) and how many there will be; before anything is written. */
export function checkEditPhotos(review: Review, keepPhotoIds: string[], newCount: number) {
  const keep = [...new Set(keepPhotoIds)];
  if (keep.some((id) => !review.photoFileIds.includes(id))) throw badRequest('review.photo_unknown');
  if (keep.length + newCount > REVIEW_LIMITS.photos) throw badRequest('review.too_many_photos', { max: REVIEW_LIMITS.photos });
  return keep;
}

/**
 * An operator hides a review for abuse (or shows it again), with a reason kept in the audit.
 * Leaders and residents cannot: a review is never hidden for being negative by those it criticises.
 */
export async function moderateReview(tx: Tx, input: { viewer: Viewer; reviewId: string; action: 'hide' | 'unhide'; reason: string; now: Date }): Promise<Review> {
  if (!input.viewer.isOperator) throw forbidden('review.operator_only');
  const reason = cleanText(input.reason, REVIEW_LIMITS.reasonMax, 'review.reason_length', REVIEW_LIMITS.reasonMin);
  const [current] = await tx.select().from(reviews).where(eq(reviews.id, input.reviewId)).for('update');
  if (!current) throw notFound('review.not_found');
  if (input.action === 'hide' && current.hiddenAt) throw conflict('review.already_hidden');
  if (input.action === 'unhide' && !current.hiddenAt) throw conflict('review.not_hidden');
  const [updated] = await tx.update(reviews).set(input.action === 'hide'
    ? { hiddenAt: input.now, hiddenBy: input.viewer.id, hiddenReason: reason }
    : { hiddenAt: null, hiddenBy: null, hiddenReason: null }).where(eq(reviews.id, current.id)).returning();
  await tx.insert(reviewModeration).values({ reviewId: current.id, communityId: current.communityId, action: input.action, reason, actorId: input.viewer.id, createdAt: input.now });
  await recordEvent(tx, { type: input.action === 'hide' ? 'review.hidden' : 'review.unhidden', communityId: current.communityId, actorId: input.viewer.id, subjectId: current.id, payload: { reviewId: current.id, reason } });
  return updated;
}

export interface ReviewSummary { count: number; average: number | null; distribution: { stars: number; count: number }[] }

const emptySummary = (): ReviewSummary => ({ count: 0, average: null, distribution: [5, 4, 3, 2, 1].map((stars) => ({ stars, count: 0 })) });

/**
 * Counts, average and the distribution (5★ first) of each product's reviews. Only hidden reviews
 * are left out — never by stars.
 */
export async function productSummaries(db: DbOrTx, productIds: string[]): Promise<Map<string, ReviewSummary>> {
  const out = new Map(productIds.map((id) => [id, emptySummary()]));
  if (productIds.length === 0) return out;
  const rows = await db.select({ productId: reviews.productId, stars: reviews.stars, n: sql<number>`count(*)::int` })
    .from(reviews).where(and(inArray(reviews.productId, productIds), isNull(reviews.hiddenAt)))
    .groupBy(reviews.productId, reviews.stars);
  for (const r of rows) {
    const s = out.get(r.productId)!;
    s.count += r.n;
    s.distribution.find((d) => d.stars === r.stars)!.count += r.n;
  }
  for (const s of out.values()) {
    if (s.count > 0) s.average = Math.round((s.distribution.reduce((a, d) => a + d.stars * d.count, 0) / s.count) * 10) / 10;
  }
  return out;
}

const photoUrls = (ids: string[]) => ids.map(files.fileUrl);

/** One page of a product's visible reviews, newest first, each with the verified-purchase mark. */
export async function productReviews(db: DbOrTx, viewerId: string, productId: string, page: number, locale: Locale) {
  const size = REVIEW_LIMITS.pageSize;
  const summary = (await productSummaries(db, [productId])).get(productId)!;
  const rows = await db.execute(sql`
    select r.id, r.user_id as "userId", r.stars, r.body, r.photo_file_ids as "photoFileIds", r.version, r.edited_at as "editedAt",
      r.created_at as "createdAt", u.name as "userName"
    from reviews r join users u on u.id = r.user_id
    where r.product_id = ${productId} and r.hidden_at is null
    order by r.created_at desc, r.id desc limit ${size} offset ${(page - 1) * size}`) as unknown as {
      rows: { id: string; userId: string; stars: number; body: string; photoFileIds: string[]; version: number; editedAt: string | Date | null; createdAt: string | Date; userName: string }[];
    };
  return {
    summary, page, pageSize: size, total: summary.count,
    items: rows.rows.map((r) => ({
      id: r.id, stars: r.stars, body: r.body, photos: photoUrls(r.photoFileIds),
      author: maskName(r.userName, translate(locale, 'people.unnamed')), verifiedPurchase: true as const,
      edited: r.version > 1, editedAt: r.editedAt ? new Date(r.editedAt) : null, createdAt: new Date(r.createdAt), mine: r.userId === viewerId,
    })),
  };
}

/** Her reviews, hidden ones included with the reason, newest first. */
export async function myReviews(db: DbOrTx, userId: string) {
  const res = await db.execute(sql`
    select r.id, r.order_id as "orderId", r.order_line_id as "orderLineId", r.group_buy_id as "groupBuyId", r.product_id as "productId",
      p.name as "productName", p.image_urls as "imageUrls", r.stars, r.body, r.photo_file_ids as "photoFileIds", r.version,
      r.edited_at as "editedAt", r.created_at as "createdAt", r.hidden_at as "hiddenAt", r.hidden_reason as "hiddenReason"
    from reviews r join products p on p.id = r.product_id
    where r.user_id = ${userId} order by r.created_at desc, r.id desc limit 200`) as unknown as {
      rows: { id: string; orderId: string; orderLineId: string; groupBuyId: string; productId: string; productName: string; imageUrls: string[]; stars: number; body: string; photoFileIds: string[]; version: number; editedAt: string | Date | null; createdAt: string | Date; hiddenAt: string | Date | null; hiddenReason: string | null }[];
    };
  return res.rows.map(ownView);
}

function ownView(r: { id: string; orderId: string; orderLineId: string; groupBuyId: string; productId: string; productName: string; imageUrls: string[]; stars: number; body: string; photoFileIds: string[]; version: number; editedAt: string | Date | null; createdAt: string | Date; hiddenAt: string | Date | null; hiddenReason: string | null }) {
  return {
    id: r.id, orderId: r.orderId, orderLineId: r.orderLineId, groupBuyId: r.groupBuyId, productId: r.productId, productName: r.productName,
    productImage: r.imageUrls[0] ?? null, stars: r.stars, body: r.body, photos: r.photoFileIds.map((id) => ({ id, url: files.fileUrl(id) })),
    edited: r.version > 1, version: r.version, editedAt: r.editedAt ? new Date(r.editedAt) : null, createdAt: new Date(r.createdAt),
    hidden: r.hiddenAt !== null, hiddenAt: r.hiddenAt ? new Date(r.hiddenAt) : null, hiddenReason: r.hiddenReason,
  };
}

/** One of her reviews as she sees it (to edit it), with its earlier versions. */
export async function myReview(db: DbOrTx, viewer: Viewer, id: string) {
  const r = await ownReview(db, viewer, id);
  const [view] = (await myReviews(db, viewer.id)).filter((x) => x.id === r.id);
  return { ...view, versions: await versionsOf(db, r.id) };
}

export async function versionsOf(db: DbOrTx, reviewId: string) {
  const rows = await db.select().from(reviewVersions).where(eq(reviewVersions.reviewId, reviewId)).orderBy(desc(reviewVersions.version));
  return rows.map((v) => ({ version: v.version, stars: v.stars, body: v.body, photos: photoUrls(v.photoFileIds), writtenAt: v.writtenAt, replacedAt: v.replacedAt }));
}

/** Lines she was handed and has not reviewed yet (optionally of one order), newest hand-over first. */
export async function reviewableLines(db: DbOrTx, userId: string, orderId?: string) {
  const res = await db.execute(sql`
    select l.id as "orderLineId", l.order_id as "orderId", l.group_buy_id as "groupBuyId", g.title as "groupBuyTitle", i.product_id as "productId",
      p.name as "productName", p.spec, p.image_urls as "imageUrls", l.quantity, l.picked_up_at as "pickedUpAt"
    from order_lines l
    join handovers h on h.id = l.handover_id
    join group_buy_items i on i.id = l.item_id
    join products p on p.id = i.product_id
    join group_buys g on g.id = l.group_buy_id
    where l.user_id = ${userId} and l.status = 'picked_up' and h.status in ('done', 'confirmed', 'auto_confirmed')
      and not exists (select 1 from reviews r where r.order_line_id = l.id)
      ${orderId ? sql`and l.order_id = ${orderId}` : sql``}
    order by l.picked_up_at desc, l.id limit 200`) as unknown as {
      rows: { orderLineId: string; orderId: string; groupBuyId: string; groupBuyTitle: string; productId: string; productName: string; spec: string; imageUrls: string[]; quantity: number; pickedUpAt: string | Date }[];
    };
  return res.rows.map(({ imageUrls, ...r }) => ({ ...r, productImage: imageUrls[0] ?? null, pickedUpAt: new Date(r.pickedUpAt) }));
}

/** Each line of her order and where it stands for a review (the order page's 「评价」 entries). */
export async function orderReviewStates(db: DbOrTx, userId: string, orderId: string) {
  const lines = await linesForReview(db, sql`l.order_id = ${orderId} and l.user_id = ${userId}`);
  return lines.map((l) => ({ orderLineId: l.lineId, state: reviewState(l.status, l.handoverStatus, l.reviewId), reviewId: l.reviewId }));
}

/** The operators' queue: visible or hidden reviews, newest first, with the moderation history of each. */
export async function moderationQueue(db: DbOrTx, input: { status: 'visible' | 'hidden'; page: number; communityId?: string }, locale: Locale) {
  const size = 20;
  const where = sql`${input.status === 'hidden' ? sql`r.hidden_at is not null` : sql`r.hidden_at is null`} ${input.communityId ? sql`and r.community_id = ${input.communityId}` : sql``}`;
  const [{ total }] = (await db.execute(sql`select count(*)::int as total from reviews r where ${where}`) as unknown as { rows: { total: number }[] }).rows;
  const res = await db.execute(sql`
    select r.id, r.community_id as "communityId", c.name as "communityName", r.product_id as "productId", p.name as "productName",
      r.stars, r.body, r.photo_file_ids as "photoFileIds", r.version, r.created_at as "createdAt", r.edited_at as "editedAt",
      r.hidden_at as "hiddenAt", r.hidden_reason as "hiddenReason", u.name as "userName"
    from reviews r join products p on p.id = r.product_id join communities c on c.id = r.community_id join users u on u.id = r.user_id
    where ${where} order by r.created_at desc, r.id desc limit ${size} offset ${(input.page - 1) * size}`) as unknown as {
      rows: { id: string; communityId: string; communityName: string; productId: string; productName: string; stars: number; body: string; photoFileIds: string[]; version: number; createdAt: string | Date; editedAt: string | Date | null; hiddenAt: string | Date | null; hiddenReason: string | null; userName: string }[];
    };
  const ids = res.rows.map((r) => r.id);
  const audit = ids.length ? await db.select().from(reviewModeration).where(inArray(reviewModeration.reviewId, ids)).orderBy(desc(reviewModeration.createdAt)) : [];
  return {
    total, page: input.page, pageSize: size,
    items: res.rows.map((r) => ({
      id: r.id, communityId: r.communityId, communityName: r.communityName, productId: r.productId, productName: r.productName,
      author: maskName(r.userName, translate(locale, 'people.unnamed')), stars: r.stars, body: r.body, photos: photoUrls(r.photoFileIds),
      edited: r.version > 1, createdAt: new Date(r.createdAt), editedAt: r.editedAt ? new Date(r.editedAt) : null,
      hidden: r.hiddenAt !== null, hiddenReason: r.hiddenReason,
      history: audit.filter((a) => a.reviewId === r.id).map((a) => ({ action: a.action, reason: a.reason, actorId: a.actorId, at: a.createdAt })),
    })),
  };
}

/** Who may see a review's photos: its author and operators always; others while it is shown. */
export async function reviewPhotosVisible(db: DbOrTx, scope: string, viewerId: string): Promise<boolean> {
  const m = /^review:([0-9a-f-]{36})$/.exec(scope);
  if (!m) return false;
  const r = await getReview(db, m[1]);
  return Boolean(r) && (!r!.hiddenAt || r!.userId === viewerId);
}

export { getReview };
