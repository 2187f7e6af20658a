// Confidence intervals for the campaign results (docs/campaign-results.md): a difference of two
// proportions (Newcombe's hybrid score interval, method 10, from two Wilson intervals) and a
// difference of two means (Welch's t interval). Pure functions: no I/O, no randomness.

export const Z95 = 1.959963984540054;

export interface Interval { low: number; high: number }

/** Wilson score interval of x successes in n (n ≥ 1). */
export function wilson(x: number, n: number, z = Z95): Interval {
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ProportionDiff { p1: number | null; p2: number | null; diff: number | null; ci: Interval | null; n1: number; n2: number }

/**
 * p₁ − p₂ with Newcombe's hybrid score 95% interval (Newcombe 1998, method 10): from the Wilson
 * intervals (l₁,u₁), (l₂,u₂): [d − √((p₁−l₁)² + (u₂−p₂)²), d + √((u₁−p₁)² + (p₂−l₂)²)].
 * A group with n = 0 has no rate: everything that needs it is null, never NaN.
 */
export function proportionDiff(x1: number, n1: number, x2: number, n2: number): ProportionDiff {
  const p1 = n1 > 0 ? x1 / n1 : null;
  const p2 = n2 > 0 ? x2 / n2 : null;
  if (p1 === null || p2 === null) return { p1, p2, diff: null, ci: null, n1, n2 };
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  const d = p1 - p2;
  return {
    p1, p2, diff: d, n1, n2,
    ci: { low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2), high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2) },
  };
}

/** ln Γ(x) (Lanczos, g = 7): enough for the incomplete beta below. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the regularised incomplete beta (Numerical Recipes, betacf). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with df degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p, by bisection (monotone, 100 halvings). */
export function studentTQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanDiff { mean1: number | null; mean2: number | null; diff: number | null; ci: Interval | null; n1: number; n2: number; df: number | null }

const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const varianceOf = (xs: number[], m: number) => xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);

/**
 * mean₁ − mean₂ with Welch's 95% t interval: se = √(s₁²/n₁ + s₂²/n₂), Welch–Satterthwaite df.
 * Each group needs two values for a variance; with fewer, the interval is null (never NaN).
 * When both groups are constant the interval is the difference itself.
 */
export function meanDiff(xs1: number[], xs2: number[]): MeanDiff {
  const n1 = xs1.length;
  const n2 = xs2.length;
  const mean1 = n1 ? meanOf(xs1) : null;
  const mean2 = n2 ? meanOf(xs2) : null;
  const diff = mean1 !== null && mean2 !== null ? mean1 - mean2 : null;
  if (diff === null || n1 < 2 || n2 < 2) return { mean1, mean2, diff, ci: null, n1, n2, df: null };
  const a = varianceOf(xs1, mean1!) / n1;
  const b = varianceOf(xs2, mean2!) / n2;
  const se = Math.sqrt(a + b);
  if (se === 0) return { mean1, mean2, diff, ci: { low: diff, high: diff }, n1, n2, df: null };
  const df = (a + b) ** 2 / ((a * a) / (n1 - 1) + (b * b) / (n2 - 1));
  const q = studentTQuantile(0.975, df);
  return { mean1, mean2, diff, ci: { low: diff - q * se, high: diff + q * se }, n1, n2, df };
}

/**
 * NPS₁ − NPS₂ with the interval TRUST.md §5 uses for a change between periods:
 * ±196·√(Var₁/n₁ + Var₂/n₂) (NPS in points, Var of the +1/0/−1 scores).
 */
export function npsDiff(a: { nps: number; variance: number; n: number }, b: { nps: number; variance: number; n: number }) {
  if (a.n === 0 || b.n === 0) return { diff: null, ci: null };
  const d = a.nps - b.nps;
  const half = 196 * Math.sqrt(a.variance / a.n + b.variance / b.n);
  return { diff: d, ci: { low: d - half, high: d + half } };
}
