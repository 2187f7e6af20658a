import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commissionRate, DEFAULT_TIER_SETTINGS as S, nextTier, tierFor, validateTierSettings } from './tiers.js';

describe('leader tiers with hysteresis', () => {
  it('maps indices to tiers', () => {
    expect(tierFor(88.5, S).key).toBe('gold');
    expect(tierFor(80, S).key).toBe('silver');
    expect(tierFor(58.2, S).key).toBe('watch');
    expect(tierFor(10, S).key).toBe('rectify');
  });

  it('each threshold: on it, one hundredth below, one above (85, 75, 60, 45; below 0 still 整改)', () => {
    expect(S.tiers.map((x) => [x.key, x.min, x.commissionDeltaPp, x.firstLaunch])).toEqual([
      ['gold', 85, 2, true], ['silver', 75, 1, false], ['standard', 60, 0, false], ['watch', 45, -1, false], ['rectify', 0, -2, false]]);
    expect({ margin: S.demotionMargin, readings: S.readingsToChange, minOrders: S.minOrdersForTier, base: S.baseCommissionRate }).toEqual({ margin: 3, readings: 2, minOrders: 50, base: 0.08 });
    const at = (x: number) => tierFor(x, S).key;
    expect([84.99, 85, 85.01].map(at)).toEqual(['silver', 'gold', 'gold']);
    expect([74.99, 75, 75.01].map(at)).toEqual(['standard', 'silver', 'silver']);
    expect([59.99, 60, 60.01].map(at)).toEqual(['watch', 'standard', 'standard']);
    expect([44.99, 45, 45.01].map(at)).toEqual(['rectify', 'watch', 'watch']);
    expect([0, -1].map(at)).toEqual(['rectify', 'rectify']);
  });

  it('needs 50 orders in the window: 49 is provisional, 50 and 51 are ranked', () => {
    expect(nextTier(null, [88], 49, S)).toEqual({ tier: 'standard', changed: true, reason: 'provisional' });
    expect(nextTier('standard', [88], 49, S)).toEqual({ tier: 'standard', changed: false, reason: 'provisional' });
    expect(nextTier(null, [88], 50, S)).toEqual({ tier: 'gold', changed: true, reason: 'initial' });
    expect(nextTier(null, [70], 51, S)).toEqual({ tier: 'standard', changed: true, reason: 'initial' });
    // Without a tier of delta 0, the middle tier is the provisional one.
    const noZero = { ...S, tiers: S.tiers.map((x) => ({ ...x, commissionDeltaPp: x.commissionDeltaPp === 0 ? 0.5 : x.commissionDeltaPp })) };
    expect(nextTier(null, [88], 10, noZero).tier).toBe('standard');
    const four = { ...S, tiers: S.tiers.filter((x) => x.key !== 'standard') };
    expect(nextTier(null, [88], 10, four).tier).toBe('watch');
    // The tier at the base rate is the provisional one, wherever it stands in the list.
    const noSilver = { ...S, tiers: S.tiers.filter((x) => x.key !== 'silver') };
    expect(nextTier(null, [88], 10, noSilver).tier).toBe('standard');
  });

  it('promotes on exactly the threshold twice, demotes at exactly threshold − 3 only when below it', () => {
    expect(nextTier('silver', [85, 85], 100, S)).toEqual({ tier: 'gold', changed: true, reason: 'promoted' });
    expect(nextTier('silver', [84.99, 85], 100, S)).toEqual({ tier: 'silver', changed: false, reason: 'unchanged' });
    expect(nextTier('gold', [82, 82], 100, S)).toEqual({ tier: 'gold', changed: false, reason: 'unchanged' });
    expect(nextTier('gold', [81.99, 81.99], 100, S)).toEqual({ tier: 'silver', changed: true, reason: 'demoted' });
    expect(nextTier('gold', [81.99, 82], 100, S)).toMatchObject({ tier: 'gold', changed: false });
    // One reading is not enough either way.
    expect(nextTier('silver', [99], 100, S)).toEqual({ tier: 'silver', changed: false, reason: 'unchanged' });
    expect(nextTier('gold', [10], 100, S)).toEqual({ tier: 'gold', changed: false, reason: 'unchanged' });
    // Several tiers at once: to the lower of the two readings' tiers when promoting, the higher when demoting.
    expect(nextTier('standard', [90, 80], 100, S)).toMatchObject({ tier: 'silver', reason: 'promoted' });
    expect(nextTier('gold', [50, 40], 100, S)).toMatchObject({ tier: 'watch', reason: 'demoted' });
    expect(nextTier('gold', [81, 40], 100, S)).toMatchObject({ tier: 'silver', reason: 'demoted' });
    // With one reading to change, the last one decides alone.
    expect(nextTier('silver', [10, 90], 100, { ...S, readingsToChange: 1 })).toMatchObject({ tier: 'gold', reason: 'promoted' });
  });

  it('is provisional (standard, base rate) with fewer than 50 orders', () => {
    expect(nextTier(null, [95], 20, S)).toEqual({ tier: 'standard', changed: true, reason: 'provisional' });
    expect(commissionRate('standard', S)).toBeCloseTo(0.08, 10);
    expect(commissionRate('gold', S)).toBeCloseTo(0.1, 10);
  });

  it('promotes after two readings above, demotes after two readings below threshold − 3', () => {
    expect(nextTier('silver', [80, 86], 100, S)).toMatchObject({ tier: 'silver', changed: false });
    expect(nextTier('silver', [86, 87], 100, S)).toMatchObject({ tier: 'gold', reason: 'promoted' });
    // 83 is below gold's 85 but not below 85 − 3: stays gold.
    expect(nextTier('gold', [83, 83], 100, S)).toMatchObject({ tier: 'gold', changed: false });
    expect(nextTier('gold', [81, 80], 100, S)).toMatchObject({ tier: 'silver', reason: 'demoted' });
  });

  it('never flaps at a threshold: readings oscillating around it change the tier at most once', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 83, max: 87, noNaN: true }), { minLength: 2, maxLength: 40 }), (readings) => {
      let tier = 'silver';
      let changes = 0;
      for (let i = 1; i <= readings.length; i++) {
        const d = nextTier(tier, readings.slice(0, i), 500, S);
        if (d.changed) changes++;
        tier = d.tier;
      }
      // Once gold, readings ≥ 83 (above 85 − 3) can never demote it.
      expect(changes).toBeLessThanOrEqual(1);
    }));
  });

  it('refuses thresholds that overlap or leave a gap at the bottom', () => {
    expect(validateTierSettings(S)).toBeNull();
    expect(validateTierSettings({ ...S, tiers: [{ ...S.tiers[0], min: 70 }, { ...S.tiers[1], min: 75 }, ...S.tiers.slice(2)] })).toBe('tiers.overlap');
    expect(validateTierSettings({ ...S, tiers: S.tiers.slice(0, 4) })).toBe('tiers.no_floor');
    expect(validateTierSettings({ ...S, tiers: S.tiers.slice(4) })).toBe('tiers.too_few');
    expect(validateTierSettings({ ...S, tiers: S.tiers.slice(3) })).toBeNull();
    expect(validateTierSettings({ ...S, tiers: [{ ...S.tiers[0], min: 75 }, ...S.tiers.slice(1)] })).toBe('tiers.overlap');
    expect(validateTierSettings({ ...S, tiers: [{ ...S.tiers[0], min: 100 }, ...S.tiers.slice(1)] })).toBeNull();
    expect(validateTierSettings({ ...S, tiers: [{ ...S.tiers[0], min: 100.5 }, ...S.tiers.slice(1)] })).toBe('tiers.out_of_range');
    expect(validateTierSettings({ ...S, demotionMargin: 0, readingsToChange: 1 })).toBeNull();
    expect(validateTierSettings({ ...S, demotionMargin: -0.5 })).toBe('tiers.bad_hysteresis');
    expect(validateTierSettings({ ...S, readingsToChange: 0 })).toBe('tiers.bad_hysteresis');
  });

  it('commission: base ± points, never below zero; an unknown tier earns the base', () => {
    expect(commissionRate('silver', S)).toBeCloseTo(0.09, 10);
    expect(commissionRate('rectify', S)).toBeCloseTo(0.06, 10);
    expect(commissionRate('nobody', S)).toBeCloseTo(0.08, 10);
    expect(commissionRate('rectify', { ...S, baseCommissionRate: 0.01 })).toBe(0);
    expect(commissionRate('watch', { ...S, baseCommissionRate: 0.01 })).toBe(0);
  });
});
