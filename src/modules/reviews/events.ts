/** The events of reviews. 'review.posted' is what points earning listens to (whatever the stars). */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'review.posted': { reviewId: string; userId: string; communityId: string; orderLineId: string; productId: string; stars: number };
    'review.edited': { reviewId: string; userId: string; version: number; stars: number };
    'review.hidden': { reviewId: string; reason: string };
    'review.unhidden': { reviewId: string; reason: string };
  }
}
export {};
