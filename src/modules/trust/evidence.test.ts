import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../platform/events/service.js';
import { evidenceFrom, type EventRow } from './service.js';

const at = new Date('2026-10-10T02:00:00Z');
let seq = 0;
/** An event as stored. Payloads may lack fields, as events written before baskets do: hence the cast. */
const ev = <T extends EventRow['type']>(type: T, subjectId: string, payload: Partial<EventPayloads[T]>) =>
  ({ id: ++seq, txId: seq, type, communityId: 'c1', actorId: null, subjectId, payload, occurredAt: at }) as unknown as EventRow;

describe('trust evidence from line events (pure)', () => {
  it('one good pickup per order and hand-over, its credibility from the lines together', () => {
    const rows = evidenceFrom([
      // 李阿姨's basket: three lines handed over at once (¥10 + ¥12 + ¥15 = ¥37 ≥ ¥30 → credibility 1).
      ev('order.picked_up', 'line-1', { orderId: 'o1', handoverId: 'h1', residentId: 'u1', totalFen: 1000 }),
      ev('order.picked_up', 'line-2', { orderId: 'o1', handoverId: 'h1', residentId: 'u1', totalFen: 1200 }),
      ev('order.picked_up', 'line-3', { orderId: 'o1', handoverId: 'h1', residentId: 'u1', totalFen: 1500 }),
      // A line of the same basket collected another day: another pickup.
      ev('order.picked_up', 'line-4', { orderId: 'o1', handoverId: 'h2', residentId: 'u1', totalFen: 600 }),
      // Another resident's ¥15 order: credibility 0.5.
      ev('order.picked_up', 'line-5', { orderId: 'o2', handoverId: 'h3', residentId: 'u2', totalFen: 1500 }),
      // From before baskets: no orderId, one event is one order.
      ev('order.picked_up', 'old-order', { residentId: 'u2', totalFen: 3000 }),
      // No resident named: nothing.
      ev('order.picked_up', 'line-x', { orderId: 'o9', handoverId: 'h9', totalFen: 3000 }),
    ]);
    expect(rows.map((r) => ({ userId: r.userId, kind: r.kind, subjectId: r.subjectId, credibility: r.credibility, good: r.good }))).toEqual([
      { userId: 'u1', kind: 'order_picked_up', subjectId: 'line-1', credibility: 1, good: true },
      { userId: 'u1', kind: 'order_picked_up', subjectId: 'line-4', credibility: 0.2, good: true },
      { userId: 'u2', kind: 'order_picked_up', subjectId: 'line-5', credibility: 0.5, good: true },
      { userId: 'u2', kind: 'order_picked_up', subjectId: 'old-order', credibility: 1, good: true },
    ]);
  });

  it('lines of one order left uncollected in one group buy are one no-show (k = 0.5); the leader is not named', () => {
    const rows = evidenceFrom([
      ev('order.not_collected', 'line-1', { orderId: 'o1', groupBuyId: 'g1', residentId: 'u1', totalFen: 1000, leaderId: 'l1' }),
      ev('order.not_collected', 'line-2', { orderId: 'o1', groupBuyId: 'g1', residentId: 'u1', totalFen: 1000, leaderId: 'l1' }),
      ev('order.not_collected', 'line-3', { orderId: 'o1', groupBuyId: 'g2', residentId: 'u1', totalFen: 1000, leaderId: 'l1' }),
    ]);
    expect(rows.map((r) => ({ userId: r.userId, kind: r.kind, good: r.good, severity: r.severity, subjectId: r.subjectId }))).toEqual([
      { userId: 'u1', kind: 'no_show', good: false, severity: 0.5, subjectId: 'line-1' },
      { userId: 'u1', kind: 'no_show', good: false, severity: 0.5, subjectId: 'line-3' },
    ]);
  });

  it('claims still count as before: reviewed outcomes only', () => {
    const rows = evidenceFrom([
      ev('claim.decided', 'c1', { residentId: 'u1', final: true, reviewed: true, upheld: false, fraud: false }),
      ev('claim.decided', 'c2', { residentId: 'u1', final: true, reviewed: false, upheld: true, fraud: false }),
      ev('claim.reviewed', 'c3', { residentId: 'u1', outcome: 'fraud' }),
      ev('handover.disputed', 'h1', { residentId: 'u1', lineIds: ['line-1'] }),
    ]);
    expect(rows.map((r) => [r.kind, r.severity])).toEqual([['claim_rejected', 3], ['claim_fraud', 10]]);
  });
});
