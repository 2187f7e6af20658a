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
  });
});
