import { describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../platform/events/service.js';
import { evidenceFrom, explain, type EventRow } from './service.js';
import { betaBounds, RESIDENT_PRIOR } from './formulas.js';

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

describe('the weekly cap on good events (TRUST.md §2: at most 5 per 7 days), pure', () => {
  const DAY = 86_400_000;
  // Epoch weeks start on Thursday 00:00 UTC: 2026-01-01 is one.
  const weekStart = Date.UTC(2026, 0, 1);
  let n = 0;
  const row = (at: number, credibility = 1, good = true) => ({
    id: `e${++n}`, userId: 'u1', communityId: null, kind: good ? 'order_picked_up' : 'no_show', good, severity: good ? 1 : 0.5,
    credibility, occurredAt: new Date(at), sourceEventId: n, subjectId: null,
  });
  const created = new Date(weekStart - 400 * DAY);
  const now = new Date(weekStart + 7 * DAY);

  it('counts five good events of a week, caps the sixth; bad events are never capped', () => {
    const five = Array.from({ length: 5 }, (_, i) => row(weekStart + i * DAY));
    expect(explain(five, created, now)).toMatchObject({ goodCounted: 5, goodCapped: 0, paidOrders: 5 });
    const six = [...five, row(weekStart + 6 * DAY)];
    expect(explain(six, created, now)).toMatchObject({ goodCounted: 5, goodCapped: 1, paidOrders: 6 });
    const bad = Array.from({ length: 7 }, (_, i) => row(weekStart + i * DAY, 1, false));
    expect(explain([...six, ...bad], created, now).issues).toHaveLength(7);
  });

  it('keeps the five earliest, whatever order the rows come in', () => {
    // The two latest of seven carry little credibility: dropping them, not the early ones, is what the cap does.
    const week = [0, 1, 2, 3, 4].map((d) => row(weekStart + d * DAY, 1)).concat([5, 6].map((d) => row(weekStart + d * DAY, 0.1)));
    const kept = week.slice(0, 5).map((r) => ({ ageDays: (now.getTime() - r.occurredAt.getTime()) / DAY, credibility: 1, good: true }));
    const expected = betaBounds(kept, RESIDENT_PRIOR);
    for (const rows of [week, [...week].reverse()]) {
      const b = explain(rows, created, now);
      expect(b).toMatchObject({ goodCounted: 5, goodCapped: 2 });
      expect(b.alpha).toBeCloseTo(expected.a, 9);
    }
  });

  it('a week ends at Thursday 00:00 UTC: an event a millisecond before belongs to the week before', () => {
    const full = Array.from({ length: 5 }, (_, i) => row(weekStart + i * DAY));
    expect(explain([...full, row(weekStart - 1)], created, now)).toMatchObject({ goodCounted: 6, goodCapped: 0 });
    expect(explain([...full, row(weekStart + 7 * DAY - 1)], created, now)).toMatchObject({ goodCounted: 5, goodCapped: 1 });
    expect(explain([...full, row(weekStart + 7 * DAY)], created, now)).toMatchObject({ goodCounted: 6, goodCapped: 0 });
  });

  it('tenure in whole days, and the orders still needed to reach level A', () => {
    const fresh = explain([], new Date(now.getTime() - 30 * DAY + 1), now);
    expect(fresh).toMatchObject({ score: 53, level: 'D', tenureDays: 29, paidOrders: 0, instantRefundQuotaYuan: 0 });
    // 85 is first reached at 12 clean orders of ¥30 (Beta(16, 1): 0.941 − 1.645 × 0.0555 = 0.850; 11 give 84).
    expect(fresh.ordersToLevelA).toBe(12);
    expect(explain([], new Date(now.getTime() - 30 * DAY), now).tenureDays).toBe(30);
    expect(explain([], created, now, { outlook: false }).ordersToLevelA).toBeNull();
  });
});
