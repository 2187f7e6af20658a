/**
 * The trust formulas of ../shared/TRUST.md as pure functions. Every score is computed from
 * listable evidence and can be shown with its inputs; parameters come from configuration.
 */

export interface Evidence {
  /** Days since the event. */
  ageDays: number;
  /** Credibility c ∈ [0,1]. */
  credibility: number;
  good: boolean;
  /** Severity k of a bad event (1 when omitted). */
  severity?: number;
}

export interface BetaPrior {
  alpha0: number;
  beta0: number;
  /** Half-life H in days; Infinity for no decay. */
  halfLifeDays: number;
}

export interface BetaBounds {
  a: number;
  b: number;
  mean: number;
  lower: number;
  upper: number;
}

/** z of the one-sided 95% bound. */
export const Z90 = 1.645;

/** Decayed-evidence Beta with a one-sided 95% (z = 1.645) lower and upper bound (TRUST.md §1). */
export function betaBounds(evidence: Evidence[], prior: BetaPrior): BetaBounds {
  let a = prior.alpha0;
  let b = prior.beta0;
  for (const e of evidence) {
    const decay = Number.isFinite(prior.halfLifeDays) ? 2 ** (-Math.max(0, e.ageDays) / prior.halfLifeDays) : 1;
    const w = decay * Math.min(1, Math.max(0, e.credibility));
    if (e.good) a += w;
    else b += (e.severity ?? 1) * w;
  }
  return boundsOf(a, b);
}

/** Mean and bounds of Beta(a, b). */
export function boundsOf(a: number, b: number): BetaBounds {
  const n = a + b;
  const mean = a / n;
  const sd = Math.sqrt((a * b) / (n * n * (n + 1)));
  return { a, b, mean, lower: Math.max(0, mean - Z90 * sd), upper: Math.min(1, mean + Z90 * sd) };
}

export const RESIDENT_PRIOR: BetaPrior = { alpha0: 4, beta0: 1, halfLifeDays: 180 };

/**
 * TRUST.md §2's evidence rules: the amount at which an order counts fully, the weekly cap on good
 * events and the severity k of each bad kind. The SQL recomputation takes them from here too.
 */
export const RESIDENT_EVIDENCE = {
  fullCredibilityFen: 3000,
  goodPerWeek: 5,
  severity: { claimRejected: 3, claimFraud: 10, noShow: 0.5 },
} as const;

/** Credibility of a clean order: tiny orders count little (c = min(1, amount / ¥30)). */
export const orderCredibility = (amountFen: number) => Math.min(1, amountFen / RESIDENT_EVIDENCE.fullCredibilityFen);

/** Resident trust score T, 0–100 (TRUST.md §2). */
export function residentScore(evidence: Evidence[], prior: BetaPrior = RESIDENT_PRIOR): number {
  return Math.round(100 * betaBounds(evidence, prior).lower);
}

export type ResidentLevel = 'A' | 'B' | 'C' | 'D';

/** TRUST.md §2's level thresholds (the SQL recomputation takes them from here too). */
export const RESIDENT_LEVELS = { A: 85, B: 70, C: 50, minTenureDays: 30, minPaidOrders: 3 } as const;

/** Levels: A ≥ 85, B 70–85, C 50–70, D below 50 or a new account (< 30 days or < 3 orders). */
export function residentLevel(score: number, accountAgeDays: number, paidOrders: number): ResidentLevel {
  const t = RESIDENT_LEVELS;
  if (score < t.C || accountAgeDays < t.minTenureDays || paidOrders < t.minPaidOrders) return 'D';
  if (score >= t.A) return 'A';
  if (score >= t.B) return 'B';
  return 'C';
}

/** Rolling 30-day instant-refund quota in yuan (TRUST.md §3): A/B only. */
export function instantRefundQuotaYuan(score: number, level: ResidentLevel): number {
  if (level !== 'A' && level !== 'B') return 0;
  return 300 + 900 * Math.min(1, Math.max(0, (score - 70) / 30));
}

export interface LeaderInputs {
  goodRatings: number;
  badRatings: number;
  /** Share of good ratings platform-wide (p0). */
  platformGoodShare: number;
  orders: number;
  complaints: number;
  claimsOnTime: number;
  claimsLate: number;
  qualifiedBuyers30d: number;
  /** Orders handed over, and hand-overs that went wrong (missing items upheld). Absent: F = 1. */
  handedOver?: number;
  handoverFaults?: number;
}

export interface LeaderIndex {
  satisfaction: number;
  complaintControl: number;
  responseSpeed: number;
  activity: number;
  fulfilment: number;
  index: number;
  /** ln L = Σ w·ln d, one term per dimension, for the bar chart. */
  logContributions: { satisfaction: number; complaintControl: number; responseSpeed: number; activity: number; fulfilment: number };
}

/**
 * TRUST.md §4's weights, plus fulfilment accuracy as an extra factor F^0.10 (docs/decisions.md):
 * perfect hand-over (F = 1) leaves TRUST.md's check values exactly as they are.
 */
export const LEADER_WEIGHTS = { satisfaction: 0.3, complaintControl: 0.35, responseSpeed: 0.2, activity: 0.15, fulfilment: 0.1 } as const;

/**
 * Leader trust index L (TRUST.md §4): a weighted geometric mean, so activity cannot buy back
 * complaints. Inputs are already decayed/credibility-weighted counts.
 */
export function leaderIndex(x: LeaderInputs): LeaderIndex {
  const s = boundsOf(20 * x.platformGoodShare + x.goodRatings, 20 * (1 - x.platformGoodShare) + x.badRatings).lower;
  const rate = boundsOf(0.5 + x.complaints, 49.5 + (x.orders - x.complaints)).upper;
  const c = Math.max(0, 1 - rate / 0.05);
  const r = boundsOf(17 + x.claimsOnTime, 3 + x.claimsLate).lower;
  const a = Math.min(1, Math.log(1 + x.qualifiedBuyers30d) / Math.log(1 + 150));
  // Fulfilment: hand-overs without a fault, LB with prior (19, 1) like the other Beta components.
  const f = x.handedOver === undefined ? 1 : boundsOf(19 + x.handedOver - (x.handoverFaults ?? 0), 1 + (x.handoverFaults ?? 0)).lower;
  const floor = (d: number) => Math.max(0.001, d);
  const logContributions = {
    satisfaction: LEADER_WEIGHTS.satisfaction * Math.log(floor(s)),
    complaintControl: LEADER_WEIGHTS.complaintControl * Math.log(floor(c)),
    responseSpeed: LEADER_WEIGHTS.responseSpeed * Math.log(floor(r)),
    activity: LEADER_WEIGHTS.activity * Math.log(floor(a)),
    fulfilment: LEADER_WEIGHTS.fulfilment * Math.log(floor(f)),
  };
  const index = 100 * Math.exp(Object.values(logContributions).reduce((x1, y) => x1 + y, 0));
  return { satisfaction: s, complaintControl: c, responseSpeed: r, activity: a, fulfilment: f, index, logContributions };
}

export interface NpsResult {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number;
  variance: number;
  marginOfError95: number;
}

/** NPS with its 95% margin of error (TRUST.md §5). Scores must be integers 0–10. */
export function nps(scores: number[]): NpsResult {
  const n = scores.length;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const passives = n - promoters - detractors;
  if (n === 0) return { n, promoters, passives, detractors, nps: 0, variance: 0, marginOfError95: Infinity };
  const pp = promoters / n;
  const pd = detractors / n;
  const variance = pp + pd - (pp - pd) ** 2;
  return { n, promoters, passives, detractors, nps: 100 * (pp - pd), variance, marginOfError95: 100 * 1.96 * Math.sqrt(variance / n) };
}

/** Whether an NPS change between two periods is beyond noise: |Δ| > 196·√(Var₁/n₁ + Var₂/n₂). */
export function npsChangeSignificant(a: NpsResult, b: NpsResult): boolean {
  if (a.n === 0 || b.n === 0) return false;
  return Math.abs(b.nps - a.nps) > 196 * Math.sqrt(a.variance / a.n + b.variance / b.n);
}
