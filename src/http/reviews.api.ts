import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';

/** Response shapes of the review routes, as the reviews module returns them. */

export const reviewSummary = z.object({
  count: z.int(),
  /** Mean of the visible reviews' stars, one decimal; null without reviews. */
  average: z.number().nullable(),
  /** 5★ first; hidden reviews are the only ones left out. */
  distribution: z.array(z.object({ stars: z.int(), count: z.int() })),
}).meta({ id: 'ReviewSummary' });

export const publicReview = z.object({
  id: z.uuid(), stars: z.int(), body: z.string(), photos: z.array(z.string()),
  /** Masked (李**). */
  author: z.string(),
  /** Every review comes from a verified purchase (已购买认证). */
  verifiedPurchase: z.literal(true),
  /** 已修改: the author edited it. */
  edited: z.boolean(), editedAt: instant.nullable(), createdAt: instant, mine: z.boolean(),
}).meta({ id: 'PublicReview' });

export const reviewPage = z.object({
  summary: reviewSummary, page: z.int(), pageSize: z.int(), total: z.int(), items: z.array(publicReview),
}).meta({ id: 'ReviewPage' });

export const itemReviewSummaries = itemsOf(z.object({ itemId: z.uuid(), productId: z.uuid(), summary: reviewSummary })).meta({ id: 'ItemReviewSummaries' });

const reviewVersion = z.object({ version: z.int(), stars: z.int(), body: z.string(), photos: z.array(z.string()), writtenAt: instant, replacedAt: instant });

export const myReview = z.object({
  id: z.uuid(), orderId: z.uuid(), orderLineId: z.uuid(), groupBuyId: z.uuid(), productId: z.uuid(), productName: z.string(), productImage: z.string().nullable(),
  stars: z.int(), body: z.string(), photos: z.array(z.object({ id: z.uuid(), url: z.string() })),
  edited: z.boolean(), version: z.int(), editedAt: instant.nullable(), createdAt: instant,
  /** Hidden by an operator, with the reason she is shown. */
  hidden: z.boolean(), hiddenAt: instant.nullable(), hiddenReason: z.string().nullable(),
}).meta({ id: 'MyReview' });

export const myReviewDetail = myReview.extend({ versions: z.array(reviewVersion) }).meta({ id: 'MyReviewDetail' });
export const myReviewList = itemsOf(myReview).meta({ id: 'MyReviewList' });

export const reviewableLine = z.object({
  orderLineId: z.uuid(), orderId: z.uuid(), groupBuyId: z.uuid(), groupBuyTitle: z.string(), productId: z.uuid(), productName: z.string(),
  spec: z.string(), productImage: z.string().nullable(), quantity: z.int(), pickedUpAt: instant,
}).meta({ id: 'ReviewableLine' });
export const reviewableLineList = itemsOf(reviewableLine).meta({ id: 'ReviewableLineList' });

export const orderReviewStates = itemsOf(z.object({
  orderLineId: z.uuid(), state: z.enum(['reviewable', 'reviewed', 'not_yet', 'confirm_first', 'not_received']), reviewId: z.uuid().nullable(),
})).meta({ id: 'OrderReviewStates' });

export const moderationReview = z.object({
  id: z.uuid(), communityId: z.uuid(), communityName: z.string(), productId: z.uuid(), productName: z.string(), author: z.string(),
  stars: z.int(), body: z.string(), photos: z.array(z.string()), edited: z.boolean(), createdAt: instant, editedAt: instant.nullable(),
  hidden: z.boolean(), hiddenReason: z.string().nullable(),
  history: z.array(z.object({ action: z.enum(['hide', 'unhide']), reason: z.string(), actorId: z.uuid(), at: instant })),
}).meta({ id: 'ModerationReview' });
export const moderationQueue = z.object({ total: z.int(), page: z.int(), pageSize: z.int(), items: z.array(moderationReview) }).meta({ id: 'ReviewModerationQueue' });

export const moderatedReview = z.object({ id: z.uuid(), hidden: z.boolean(), hiddenReason: z.string().nullable() }).meta({ id: 'ModeratedReview' });
