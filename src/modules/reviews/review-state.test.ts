import { describe, expect, it } from 'vitest';
import { reviewState } from './service.js';

describe('where an order line stands for a review', () => {
  it('is reviewable only once handed over with a verified hand-over', () => {
    for (const h of ['done', 'confirmed', 'auto_confirmed']) expect(reviewState('picked_up', h, null)).toBe('reviewable');
    expect(reviewState('picked_up', 'awaiting_confirmation', null)).toBe('confirm_first');
    expect(reviewState('picked_up', 'disputed', null)).toBe('not_received');
  });
  it('is not yet reviewable while paid, confirmed or ready for pickup', () => {
    for (const s of ['pending_payment', 'paid', 'confirmed', 'ready_for_pickup']) expect(reviewState(s, null, null)).toBe('not_yet');
  });
  it('never reached her when refunded before the hand-over, cancelled or not collected', () => {
    for (const s of ['refunded', 'cancelled', 'not_collected']) expect(reviewState(s, null, null)).toBe('not_received');
  });
  it('is reviewed once a review exists, whatever else holds', () => {
    expect(reviewState('picked_up', 'done', 'some-review')).toBe('reviewed');
  });
});
