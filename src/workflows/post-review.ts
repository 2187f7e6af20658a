// Posting and editing a review: the photos are checked and written before the transaction (see
// files.stageUpload), then one transaction re-checks the line, writes the review and its event.
// A verified-purchase review earns points whatever its stars (never pay for praise), under the code's daily cap.
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db/client.js';
import { badRequest } from '../platform/errors.js';
import { inTransaction, recordEvent } from '../platform/events/service.js';
import type { FileStorage } from '../platform/files/storage.js';
import { recordImages, stageImages, type ImageUpload } from '../modules/feed/index.js';
import * as reviews from '../modules/reviews/index.js';
import { earnPoints } from '../modules/points/index.js';

type Viewer = { id: string; isOperator: boolean };

export interface PostReviewInput { orderLineId: string; stars: number; body?: string; images?: ImageUpload[] }

/**
 * The buyer reviews one line she was handed: once per line, after a verified hand-over. Everything
 * is checked before anything is written; a refused review leaves nothing behind.
 */
export async function postReview(db: Db, storage: FileStorage, viewer: Viewer, input: PostReviewInput, now: Date) {
  const content = reviews.checkContent(input);
  const images = input.images ?? [];
  if (images.length > reviews.REVIEW_LIMITS.photos) throw badRequest('review.too_many_photos', { max: reviews.REVIEW_LIMITS.photos });
  // Checked before any bytes are written, so a refused review stores nothing.
  await reviews.reviewableLine(db, viewer.id, input.orderLineId);
  const staged = await stageImages(storage, images, reviews.REVIEW_LIMITS.photos);
  const id = randomUUID();
  return inTransaction(db, async (tx) => {
    const line = await reviews.reviewableLine(tx, viewer.id, input.orderLineId);
    const photoFileIds = await recordImages(tx, staged, viewer.id, reviews.reviewPhotoScope(id));
    const review = await reviews.insertReview(tx, { id, line, stars: content.stars, body: content.body, photoFileIds, now });
    await recordEvent(tx, {
      type: 'review.posted', communityId: line.communityId, actorId: viewer.id, subjectId: review.id,
      payload: { reviewId: review.id, userId: viewer.id, communityId: line.communityId, orderLineId: line.lineId, productId: line.productId, stars: review.stars },
    });
    const earned = await earnPoints(tx, { userId: viewer.id, communityId: line.communityId, code: 'review', refId: `review:${review.id}`, idempotencyKey: `review:${review.id}`, now });
    return { ...review, pointsEarned: 'amount' in earned ? earned.amount : 0 };
  });
}

export interface EditReviewInput { stars: number; body?: string; keepPhotoIds?: string[]; images?: ImageUpload[] }

/** The author edits her review; the previous version is kept. Anyone else is refused, nothing changed. */
export async function editReview(db: Db, storage: FileStorage, viewer: Viewer, reviewId: string, input: EditReviewInput, now: Date) {
  const content = reviews.checkContent(input);
  const current = await reviews.ownReview(db, viewer, reviewId);
  const images = input.images ?? [];
  const keep = reviews.checkEditPhotos(current, input.keepPhotoIds ?? [], images.length);
  const staged = await stageImages(storage, images, reviews.REVIEW_LIMITS.photos);
  return inTransaction(db, async (tx) => {
    const newPhotoIds = await recordImages(tx, staged, viewer.id, reviews.reviewPhotoScope(reviewId));
    return reviews.editReview(tx, { viewer, reviewId, stars: content.stars, body: content.body, keepPhotoIds: keep, newPhotoIds, now });
  });
}

/** An operator hides (or shows again) a review, the reason kept. */
export async function moderateReview(db: Db, viewer: Viewer, reviewId: string, action: 'hide' | 'unhide', reason: string, now: Date) {
  return inTransaction(db, (tx) => reviews.moderateReview(tx, { viewer, reviewId, action, reason, now }));
}
