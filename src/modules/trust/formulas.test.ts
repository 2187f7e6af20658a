import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { betaBounds, instantRefundQuotaYuan, leaderIndex, nps, npsChangeSignificant, residentLevel, residentScore, RESIDENT_PRIOR, type Evidence } from './formulas.js';

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

describe('leader trust index (TRUST.md §4 check values, 1,000 orders in the window)', () => {
  const good = { goodRatings: 190, badRatings: 10, platformGoodShare: 0.9, orders: 1000, complaints: 5, claimsOnTime: 95, claimsLate: 5, qualifiedBuyers30d: 120 };
  it('good leader → 88.5', () => expect(leaderIndex(good).index).toBeCloseTo(88.5, 1));
  it('same with 3% complaints → 58.2', () => expect(leaderIndex({ ...good, complaints: 30 }).index).toBeCloseTo(58.2, 1));
  it('same with 60% on time → 80.8', () => expect(leaderIndex({ ...good, claimsOnTime: 60, claimsLate: 40 }).index).toBeCloseTo(80.8, 1));
  it('+15 bad ratings at once → 86.4', () => expect(leaderIndex({ ...good, badRatings: 25 }).index).toBeCloseTo(86.4, 1));
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
  it('a change is significant only beyond the combined margin', () => {
    expect(npsChangeSignificant(nps(answers(0.5, 0.2, 100)), nps(answers(0.55, 0.2, 100)))).toBe(false);
    expect(npsChangeSignificant(nps(answers(0.5, 0.2, 400)), nps(answers(0.7, 0.1, 400)))).toBe(true);
  });
});
