/** The reviews module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { reviews, reviewVersions, reviewModeration } from './schema.js';
export {
  REVIEW_LIMITS, VERIFIED_HANDOVER_STATUSES, checkContent, checkEditPhotos, editReview, getReview, insertReview, moderateReview, moderationQueue,
  myReview, myReviews, orderReviewStates, ownReview, productReviews, productSummaries, reviewPhotoScope, reviewPhotosVisible, reviewState,
  reviewableLine, reviewableLines, versionsOf,
} from './service.js';
export type { LineForReview, Review, ReviewState, ReviewSummary } from './service.js';
