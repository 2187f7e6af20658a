import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { meanDiff, npsDiff, proportionDiff, studentTQuantile, wilson } from './stats.js';

describe('confidence intervals for campaign results', () => {
  it('matches published values: Wilson, Newcombe and the t quantile', () => {
    // Newcombe (1998) table II example: 56/70 vs 48/80 → d = 0.2, method 10 interval 0.0524 to 0.3339.
    const r = proportionDiff(56, 70, 48, 80);
    expect(r.diff).toBeCloseTo(0.2, 10);
    expect(r.ci!.low).toBeCloseTo(0.0524, 4);
    expect(r.ci!.high).toBeCloseTo(0.3339, 4);
    // Wilson 81/263 (Wikipedia's example): 0.2553 to 0.3662.
    const w = wilson(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 4);
    expect(w.high).toBeCloseTo(0.3662, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
  });

  it('Welch: hand-computed interval', () => {
    // means 3 and 1, s² = 2.5 and 2.5, n = 5 each: se = √(0.5 + 0.5) = 1, df = 8, t = 2.306004.
    const r = meanDiff([1, 2, 3, 4, 5], [-1, 0, 1, 2, 3]);
    expect(r.diff).toBe(2);
    expect(r.df).toBeCloseTo(8, 10);
    expect(r.ci!.low).toBeCloseTo(2 - 2.306004, 5);
    expect(r.ci!.high).toBeCloseTo(2 + 2.306004, 5);
  });

  it('the interval always contains the difference and stays within [-1, 1] for proportions', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n1, n2, f1, f2) => {
      const x1 = Math.round(f1 * n1);
      const x2 = Math.round(f2 * n2);
      const r = proportionDiff(x1, n1, x2, n2);
      expect(r.ci!.low).toBeLessThanOrEqual(r.diff! + 1e-12);
      expect(r.ci!.high).toBeGreaterThanOrEqual(r.diff! - 1e-12);
      expect(r.ci!.low).toBeGreaterThanOrEqual(-1 - 1e-12);
      expect(r.ci!.high).toBeLessThanOrEqual(1 + 1e-12);
    }));
  });

  it('swapping the groups mirrors the interval; equal groups give an interval centred on zero', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (n1, n2, a, b) => {
      const x1 = a % (n1 + 1);
      const x2 = b % (n2 + 1);
      const r = proportionDiff(x1, n1, x2, n2);
      const s = proportionDiff(x2, n2, x1, n1);
      expect(s.ci!.low).toBeCloseTo(-r.ci!.high, 12);
      expect(s.ci!.high).toBeCloseTo(-r.ci!.low, 12);
      const same = proportionDiff(x1, n1, x1, n1);
      expect(same.ci!.low).toBeCloseTo(-same.ci!.high, 12);
    }));
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 2, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 2, maxLength: 40 }), (a, b) => {
      const r = meanDiff(a, b);
      const s = meanDiff(b, a);
      expect(r.ci!.low).toBeLessThanOrEqual(r.diff! + 1e-6);
      expect(r.ci!.high).toBeGreaterThanOrEqual(r.diff! - 1e-6);
      expect(s.ci!.low).toBeCloseTo(-r.ci!.high, 6);
      expect(s.ci!.high).toBeCloseTo(-r.ci!.low, 6);
    }));
  });

  it('n = 0 and n = 1 give no figure (null), never NaN', () => {
    expect(proportionDiff(0, 0, 3, 10)).toMatchObject({ p1: null, diff: null, ci: null });
    expect(proportionDiff(1, 1, 0, 1).ci!.low).not.toBeNaN();
    expect(meanDiff([], [1, 2])).toMatchObject({ mean1: null, diff: null, ci: null });
    expect(meanDiff([5], [1, 2])).toMatchObject({ mean1: 5, diff: 3.5, ci: null });
    expect(meanDiff([4, 4], [4, 4]).ci).toEqual({ low: 0, high: 0 });
    expect(npsDiff({ nps: 10, variance: 0.5, n: 0 }, { nps: 0, variance: 0.5, n: 10 })).toEqual({ diff: null, ci: null });
    // TRUST.md §5 check: Var 0.61 (p₊ .5, p₋ .2) at n = 100 twice → ±196·√(0.0122) = ±21.65.
    const d = npsDiff({ nps: 30, variance: 0.61, n: 100 }, { nps: 30, variance: 0.61, n: 100 });
    expect(d.ci!.high).toBeCloseTo(21.65, 2);
  });
});
