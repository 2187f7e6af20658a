import { describe, expect, it } from 'vitest';
import { orderSteps } from './order-steps';

type Line = Parameters<typeof orderSteps>[0]['lines'][number];
const gb = (status: string) => ({ status }) as Line['groupBuy'];
const line = (status: string, gbStatus = 'closed'): Line => ({ status, groupBuy: gb(gbStatus) }) as Line;
const lit = (o: Parameters<typeof orderSteps>[0]) => orderSteps(o).map((s) => `${s.key}:${s.status}`);
const paidAt = '2026-12-01T10:00:00Z';

describe('the progress steps of her order follow what happened', () => {
  it('does not light 成团 before every group buy of hers has closed', () => {
    expect(lit({ progress: 'waiting', paidAt, lines: [line('paid', 'open')] }))
      .toEqual(['placed:finish', 'paid:finish', 'cutoff:process', 'arrived:wait', 'collected:wait']);
    expect(lit({ progress: 'waiting', paidAt, lines: [line('confirmed'), line('paid', 'open')] })[2]).toBe('cutoff:process');
    // Closed early by the leader: the lines are confirmed, 成团 is lit, arrival is next.
    expect(lit({ progress: 'waiting', paidAt, lines: [line('confirmed')] }))
      .toEqual(['placed:finish', 'paid:finish', 'cutoff:finish', 'arrived:process', 'collected:wait']);
  });

  it('lights arrival and collection as the goods come and go', () => {
    expect(lit({ progress: 'ready', paidAt, lines: [line('ready_for_pickup'), line('confirmed')] }).slice(3)).toEqual(['arrived:process', 'collected:wait']);
    expect(lit({ progress: 'ready', paidAt, lines: [line('ready_for_pickup')] }).slice(3)).toEqual(['arrived:finish', 'collected:process']);
    expect(lit({ progress: 'collected', paidAt, lines: [line('picked_up'), line('refunded')] }).slice(3)).toEqual(['arrived:finish', 'collected:finish']);
  });

  it('ends cancelled, refunded and uncollected orders on that step, never on 成团 or 取货', () => {
    expect(lit({ progress: 'pending_payment', paidAt: null, lines: [line('pending_payment', 'open')] })).toEqual(['placed:finish', 'paid:process', 'cutoff:wait', 'arrived:wait', 'collected:wait']);
    expect(lit({ progress: 'cancelled', paidAt: null, lines: [line('cancelled', 'open')] })).toEqual(['placed:finish', 'cancelled:error']);
    expect(lit({ progress: 'cancelled', paidAt, lines: [line('cancelled', 'open')] })).toEqual(['placed:finish', 'paid:finish', 'cancelled:error']);
    expect(lit({ progress: 'refunded', paidAt, lines: [line('refunded')] })).toEqual(['placed:finish', 'paid:finish', 'refunded:error']);
    expect(lit({ progress: 'not_collected', paidAt, lines: [line('not_collected')] }).at(-1)).toBe('notCollected:error');
  });
});
