import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { betaBounds, boundsOf, instantRefundQuotaYuan, leaderIndex, LEADER_WEIGHTS, nps, npsChangeSignificant, orderCredibility, residentLevel, residentScore, RESIDENT_EVIDENCE, RESIDENT_LEVELS, RESIDENT_PRIOR, Z90, type Evidence } from './formulas.js';

const clean = (n: number): Evidence[] => Array.from({ length: n }, () => ({ ageDays: 0, credibility: 1, good: true }));
const noDecay = { ...RESIDENT_PRIOR, halfLifeDays: Infinity };

describe('resident trust score (TRUST.md §2 check values, no decay)', () => {
  it.each([[0, 53], [3, 69], [10, 83], [25, 91]])('%i clean orders → %i', (orders, score) => {
    expect(residentScore(clean(orders), noDecay)).toBe(score);
  });

  it('25 clean orders and one severity-5 event → 72.5 (unrounded)', () => {
    const b = betaBounds([...clean(25), { ageDays: 0, credibility: 1, good: false, severity: 5 }], noDecay);
    expect(100 * b.lower).toBeCloseTo(72.5, 1);
  });

  it('more verified good history never lowers the score; a burst of claims lowers it; always 0–100', () => {
    const ev = fc.record({ ageDays: fc.integer({ min: 0, max: 720 }), credibility: fc.double({ min: 0, max: 1, noNaN: true }), good: fc.boolean(), severity: fc.constantFrom(0.5, 3, 5, 10) });
    fc.assert(fc.property(fc.array(ev, { maxLength: 60 }), fc.integer({ min: 0, max: 365 }), (history, age) => {
      const base = residentScore(history);
      expect(base).toBeGreaterThanOrEqual(0);
      expect(base).toBeLessThanOrEqual(100);
      expect(residentScore([...history, { ageDays: age, credibility: 1, good: true }])).toBeGreaterThanOrEqual(base);
      expect(residentScore([...history, ...Array.from({ length: 3 }, () => ({ ageDays: 0, credibility: 1, good: false, severity: 3 }))])).toBeLessThan(base === 0 ? 1 : base);
    }));
  });

  it('old evidence decays: a bad event two years ago weighs less than one today', () => {
    const recent = residentScore([...clean(10), { ageDays: 0, credibility: 1, good: false, severity: 5 }]);
    const old = residentScore([...clean(10), { ageDays: 720, credibility: 1, good: false, severity: 5 }]);
    expect(old).toBeGreaterThan(recent);
  });

  it('levels and the instant-refund quota', () => {
    expect(residentLevel(91, 400, 25)).toBe('A');
    expect(residentLevel(91, 10, 25)).toBe('D');
    expect(residentLevel(72, 400, 10)).toBe('B');
    expect(residentLevel(60, 400, 10)).toBe('C');
    expect(instantRefundQuotaYuan(85, 'A')).toBe(750);
    expect(instantRefundQuotaYuan(100, 'A')).toBe(1200);
    expect(instantRefundQuotaYuan(72, 'B')).toBe(360);
    expect(instantRefundQuotaYuan(65, 'C')).toBe(0);
  });
});

describe('the §1 primitive and §2 parameters, at their limits', () => {
  const one = (e: Partial<Evidence>): Evidence => ({ ageDays: 0, credibility: 1, good: true, ...e });

  it('runs on the resident prior α0 = 4, β0 = 1, half-life 180 days, z = 1.645', () => {
    expect(RESIDENT_PRIOR).toEqual({ alpha0: 4, beta0: 1, halfLifeDays: 180 });
    expect(Z90).toBe(1.645);
    // Beta(4, 1): mean 0.8, sd √(4/150); the bounds are mean ∓ 1.645·sd, the upper one capped at 1.
    expect(boundsOf(4, 1)).toEqual({ a: 4, b: 1, mean: 0.8, lower: 0.8 - 1.645 * Math.sqrt(4 / 150), upper: 1 });
    expect(boundsOf(1, 100).lower).toBe(0);
    expect(boundsOf(1, 100).upper).toBeCloseTo(0.0260277, 6);
  });

  it('halves a good event at exactly one half-life (180 days) and quarters it at two', () => {
    expect(betaBounds([one({ ageDays: 180 })], RESIDENT_PRIOR).a).toBeCloseTo(4.5, 12);
    expect(betaBounds([one({ ageDays: 360 })], RESIDENT_PRIOR).a).toBeCloseTo(4.25, 12);
    expect(betaBounds([one({ ageDays: 179 })], RESIDENT_PRIOR).a).toBeGreaterThan(4.5);
    expect(betaBounds([one({ ageDays: 181 })], RESIDENT_PRIOR).a).toBeLessThan(4.5);
    // A bad event decays the same way, times its severity.
    expect(betaBounds([one({ ageDays: 180, good: false, severity: 5 })], RESIDENT_PRIOR).b).toBeCloseTo(1 + 2.5, 12);
    // Ten clean orders half a year old score as five fresh ones would.
    expect(residentScore(clean(10).map((e) => ({ ...e, ageDays: 180 })))).toBe(residentScore(clean(5), noDecay));
  });

  it('clamps age at 0 and credibility to [0, 1]; a bad event without severity counts k = 1', () => {
    expect(betaBounds([one({ ageDays: -30 })], RESIDENT_PRIOR).a).toBe(5);
    expect(betaBounds([one({ credibility: 2 })], RESIDENT_PRIOR).a).toBe(5);
    expect(betaBounds([one({ credibility: -1 })], RESIDENT_PRIOR).a).toBe(4);
    expect(betaBounds([one({ credibility: 0.4 })], noDecay).a).toBeCloseTo(4.4, 12);
    expect(betaBounds([one({ good: false })], noDecay)).toMatchObject({ a: 4, b: 2 });
    expect(betaBounds([one({ good: false, severity: 0.5 })], noDecay)).toMatchObject({ a: 4, b: 1.5 });
  });

  it('an order counts fully from ¥30: ¥29.99 counts a little less, ¥30.01 no more', () => {
    expect(RESIDENT_EVIDENCE).toEqual({ fullCredibilityFen: 3000, goodPerWeek: 5, severity: { claimRejected: 3, claimFraud: 10, noShow: 0.5 } });
    expect(orderCredibility(3000)).toBe(1);
    expect(orderCredibility(2999)).toBeCloseTo(0.99967, 5);
    expect(orderCredibility(3001)).toBe(1);
    expect(orderCredibility(1500)).toBe(0.5);
  });

  it('levels at each threshold: on it, one below, one above (A 85, B 70, C 50, 30 days, 3 orders)', () => {
    expect(RESIDENT_LEVELS).toEqual({ A: 85, B: 70, C: 50, minTenureDays: 30, minPaidOrders: 3 });
    expect([84, 85, 86].map((s) => residentLevel(s, 400, 10))).toEqual(['B', 'A', 'A']);
    expect([69, 70, 71].map((s) => residentLevel(s, 400, 10))).toEqual(['C', 'B', 'B']);
    expect([49, 50, 51].map((s) => residentLevel(s, 400, 10))).toEqual(['D', 'C', 'C']);
    expect([29, 30, 31].map((d) => residentLevel(91, d, 10))).toEqual(['D', 'A', 'A']);
    expect([2, 3, 4].map((n) => residentLevel(91, 400, n))).toEqual(['D', 'A', 'A']);
  });

  it('the quota runs from ¥300 at score 70 to ¥1,200 at 100, clamped outside; C and D get none', () => {
    expect([69, 70, 71].map((s) => instantRefundQuotaYuan(s, 'B'))).toEqual([300, 300, 330]);
    expect([99, 100, 101].map((s) => instantRefundQuotaYuan(s, 'A'))).toEqual([1170, 1200, 1200]);
    expect(instantRefundQuotaYuan(95, 'C')).toBe(0);
    expect(instantRefundQuotaYuan(95, 'D')).toBe(0);
  });
});

describe('leader trust index (TRUST.md §4 check values, 1,000 orders in the window)', () => {
  const good = { goodRatings: 190, badRatings: 10, platformGoodShare: 0.9, orders: 1000, complaints: 5, claimsOnTime: 95, claimsLate: 5, qualifiedBuyers30d: 120 };
  it('good leader → 88.5', () => expect(leaderIndex(good).index).toBeCloseTo(88.5, 1));
  it('same with 3% complaints → 58.2', () => expect(leaderIndex({ ...good, complaints: 30 }).index).toBeCloseTo(58.2, 1));
  it('same with 60% on time → 80.8', () => expect(leaderIndex({ ...good, claimsOnTime: 60, claimsLate: 40 }).index).toBeCloseTo(80.8, 1));
  it('+15 bad ratings at once → 86.4', () => expect(leaderIndex({ ...good, badRatings: 25 }).index).toBeCloseTo(86.4, 1));
  it('fulfilment is the lower bound with prior (19, 1): Beta(19 + handed − faults, 1 + faults)', () => {
    expect(LEADER_WEIGHTS).toEqual({ satisfaction: 0.3, complaintControl: 0.35, responseSpeed: 0.2, activity: 0.15, fulfilment: 0.1 });
    expect(leaderIndex(good).fulfilment).toBe(1);
    expect(leaderIndex({ ...good, handedOver: 0 }).fulfilment).toBeCloseTo(0.8717646, 6);
    expect(leaderIndex({ ...good, handedOver: 100, handoverFaults: 5 }).fulfilment).toBeCloseTo(0.9174073, 6);
    expect(leaderIndex({ ...good, handedOver: 100 }).fulfilment).toBe(boundsOf(119, 1).lower);
    const f = leaderIndex({ ...good, handedOver: 100, handoverFaults: 5 });
    expect(f.logContributions.fulfilment).toBeCloseTo(0.1 * Math.log(0.9174073), 6);
    expect(f.index).toBeCloseTo(leaderIndex(good).index * 0.9174073 ** 0.1, 4);
  });

  it('each dimension at its limit: activity full at 150 buyers, complaint control 0 at a 5% upper bound, floored at 0.001', () => {
    expect(leaderIndex({ ...good, qualifiedBuyers30d: 150 }).activity).toBe(1);
    expect(leaderIndex({ ...good, qualifiedBuyers30d: 149 }).activity).toBeCloseTo(Math.log(150) / Math.log(151), 12);
    expect(leaderIndex({ ...good, qualifiedBuyers30d: 151 }).activity).toBe(1);
    expect(leaderIndex({ ...good, qualifiedBuyers30d: 0 }).logContributions.activity).toBeCloseTo(0.15 * Math.log(0.001), 12);
    const flooded = leaderIndex({ ...good, complaints: 200 });
    expect(flooded.complaintControl).toBe(0);
    expect(flooded.logContributions.complaintControl).toBeCloseTo(0.35 * Math.log(0.001), 12);
    const g = leaderIndex(good);
    expect(g.complaintControl).toBeCloseTo(1 - boundsOf(5.5, 1044.5).upper / 0.05, 12);
    expect(g.satisfaction).toBe(boundsOf(18 + 190, 2 + 10).lower);
    expect(g.responseSpeed).toBe(boundsOf(17 + 95, 3 + 5).lower);
    expect(g.logContributions).toEqual({
      satisfaction: 0.3 * Math.log(g.satisfaction), complaintControl: 0.35 * Math.log(g.complaintControl), responseSpeed: 0.2 * Math.log(g.responseSpeed),
      activity: 0.15 * Math.log(g.activity), fulfilment: 0,
    });
  });

  it('activity cannot buy back complaints', () => {
    const complaining = leaderIndex({ ...good, complaints: 100, qualifiedBuyers30d: 10_000 });
    const quiet = leaderIndex({ ...good, qualifiedBuyers30d: 15 });
    expect(complaining.index).toBeLessThan(quiet.index / 5);
    const sum = Object.values(complaining.logContributions).reduce((a, b) => a + b, 0);
    expect(100 * Math.exp(sum)).toBeCloseTo(complaining.index, 6);
  });
});

describe('NPS with its margin (TRUST.md §5)', () => {
  const answers = (p: number, d: number, n: number) => [...Array(Math.round(p * n)).fill(10), ...Array(Math.round(d * n)).fill(3), ...Array(n - Math.round(p * n) - Math.round(d * n)).fill(8)];
  it('p₊ 0.5, p₋ 0.2 → NPS 30, ±15.3 at n = 100 and ±7.7 at n = 400', () => {
    const a = nps(answers(0.5, 0.2, 100));
    expect(a.nps).toBeCloseTo(30, 6);
    expect(a.marginOfError95).toBeCloseTo(15.3, 1);
    expect(nps(answers(0.5, 0.2, 400)).marginOfError95).toBeCloseTo(7.7, 1);
  });
  it('classifies 9–10 / 7–8 / 0–6', () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toMatchObject({ promoters: 2, passives: 2, detractors: 2, nps: 0 });
  });
  it('9 is a promoter, 8 and 7 passives, 6 a detractor; no answers → NPS 0 with no margin', () => {
    expect(nps([9])).toMatchObject({ promoters: 1, passives: 0, detractors: 0, nps: 100, variance: 0, marginOfError95: 0 });
    expect(nps([8, 7])).toMatchObject({ promoters: 0, passives: 2, detractors: 0, nps: 0 });
    expect(nps([6])).toMatchObject({ promoters: 0, passives: 0, detractors: 1, nps: -100 });
    expect(nps([])).toEqual({ n: 0, promoters: 0, passives: 0, detractors: 0, nps: 0, variance: 0, marginOfError95: Infinity });
    // p₊ 0.5, p₋ 0.2: Var = 0.7 − 0.09 = 0.61.
    expect(nps(answers(0.5, 0.2, 100)).variance).toBeCloseTo(0.61, 12);
  });

  it('a change exactly at the margin is not significant; an empty period never is', () => {
    // All promoters both times: no variance, no change — |Δ| = 0 is not beyond a margin of 0.
    expect(npsChangeSignificant(nps([10, 10]), nps([10, 10]))).toBe(false);
    expect(npsChangeSignificant(nps([10, 10]), nps([0, 0]))).toBe(true);
    expect(npsChangeSignificant(nps([]), nps([0, 0]))).toBe(false);
    expect(npsChangeSignificant(nps([10, 10]), nps([]))).toBe(false);
    // Both periods' variances add: NPS 30 (n = 100) → 45 (n = 400) is 15 points, inside 196·√(0.61/100 + 0.6475/400) = 17.2.
    expect(npsChangeSignificant(nps(answers(0.5, 0.2, 100)), nps(answers(0.65, 0.2, 400)))).toBe(false);
    expect(npsChangeSignificant(nps(answers(0.5, 0.2, 100)), nps(answers(0.75, 0.2, 400)))).toBe(true);
  });

  it('a change is significant only beyond the combined margin', () => {
    expect(npsChangeSignificant(nps(answers(0.5, 0.2, 100)), nps(answers(0.55, 0.2, 100)))).toBe(false);
    expect(npsChangeSignificant(nps(answers(0.5, 0.2, 400)), nps(answers(0.7, 0.1, 400)))).toBe(true);
  });
});
