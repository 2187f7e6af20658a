/**
 * Leader tiers from the trust index (TRUST.md §4), with hysteresis so a leader hovering at a
 * threshold does not flap: promotion after two readings above the threshold, demotion after two
 * readings below (threshold − margin). Thresholds and commission offsets are operator settings.
 */
export interface TierDefinition {
  key: string;
  /** Lowest index of the tier. */
  min: number;
  commissionDeltaPp: number;
  firstLaunch: boolean;
}

export interface TierSettings {
  tiers: TierDefinition[];
  demotionMargin: number;
  readingsToChange: number;
  minOrdersForTier: number;
  baseCommissionRate: number;
}

export const DEFAULT_TIER_SETTINGS: TierSettings = {
  tiers: [
    { key: 'gold', min: 85, commissionDeltaPp: 2, firstLaunch: true },
    { key: 'silver', min: 75, commissionDeltaPp: 1, firstLaunch: false },
    { key: 'standard', min: 60, commissionDeltaPp: 0, firstLaunch: false },
    { key: 'watch', min: 45, commissionDeltaPp: -1, firstLaunch: false },
    { key: 'rectify', min: 0, commissionDeltaPp: -2, firstLaunch: false },
  ],
  demotionMargin: 3,
  readingsToChange: 2,
  minOrdersForTier: 50,
  baseCommissionRate: 0.08,
};

/** Refuses settings that cannot work: unordered or overlapping thresholds, a tier without floor 0. */
export function validateTierSettings(s: TierSettings): string | null {
  if (s.tiers.length < 2) return 'tiers.too_few';
  for (let i = 1; i < s.tiers.length; i++) if (!(s.tiers[i].min < s.tiers[i - 1].min)) return 'tiers.overlap';
  if (s.tiers.at(-1)!.min !== 0) return 'tiers.no_floor';
  if (s.tiers.some((t) => t.min < 0 || t.min > 100)) return 'tiers.out_of_range';
  if (s.demotionMargin < 0 || s.readingsToChange < 1) return 'tiers.bad_hysteresis';
  return null;
}

/** The tier an index falls in, ignoring history. */
export function tierFor(index: number, s: TierSettings): TierDefinition {
  return s.tiers.find((t) => index >= t.min) ?? s.tiers.at(-1)!;
}

const rank = (key: string, s: TierSettings) => s.tiers.findIndex((t) => t.key === key);

export interface TierDecision {
  tier: string;
  changed: boolean;
  reason: 'provisional' | 'promoted' | 'demoted' | 'unchanged' | 'initial';
}

/**
 * Decides the tier after a new reading. `recent` holds the latest readings, newest last (this one
 * included). With fewer than `minOrdersForTier` orders in the window the leader is provisional
 * (standard tier, base rate).
 */
export function nextTier(current: string | null, recent: number[], orders: number, s: TierSettings): TierDecision {
  const standard = s.tiers.find((t) => t.commissionDeltaPp === 0)?.key ?? s.tiers[Math.floor(s.tiers.length / 2)].key;
  if (orders < s.minOrdersForTier) return { tier: standard, changed: current !== standard, reason: 'provisional' };
  const latest = recent.at(-1)!;
  if (current === null) return { tier: tierFor(latest, s).key, changed: true, reason: 'initial' };
  const last = recent.slice(-s.readingsToChange);
  if (last.length < s.readingsToChange) return { tier: current, changed: false, reason: 'unchanged' };
  const cur = rank(current, s);
  // Promotion: every one of the last readings reaches a better tier; go to the lowest of them.
  const promoteTo = Math.max(...last.map((x) => rank(tierFor(x, s).key, s)));
  if (promoteTo < cur) return { tier: s.tiers[promoteTo].key, changed: true, reason: 'promoted' };
  // Demotion: every one of the last readings is below the current floor minus the margin.
  const floor = s.tiers[cur].min - s.demotionMargin;
  if (last.every((x) => x < floor)) {
    const demoteTo = Math.min(...last.map((x) => rank(tierFor(x, s).key, s)));
    return { tier: s.tiers[Math.max(demoteTo, cur + 1)].key, changed: true, reason: 'demoted' };
  }
  return { tier: current, changed: false, reason: 'unchanged' };
}

/** Commission rate of a tier: base ± percentage points. */
export function commissionRate(tierKey: string, s: TierSettings): number {
  const t = s.tiers.find((x) => x.key === tierKey);
  return Math.max(0, s.baseCommissionRate + (t?.commissionDeltaPp ?? 0) / 100);
}
