/** Types, month arithmetic (Asia/Shanghai) and formatting shared by the trust dashboard pieces. */
import type { LeaderDimension, LeaderIndexReading, LeaderTier } from '../shared/types';

export interface MonthRow {
  month: string; buyers: number; orders: number; gmvFen: number; refundsFen: number;
  repeatBuyers: number; previousBuyers: number; readyOrHandedOver: number; pickedUp: number;
  repurchaseRate: number | null; aovFen: number | null; arpuFen: number | null; pickupRate: number | null;
  /** Claims filed, complaints (upheld after a person's review, or left past the leader's deadline) and money refunded on claims. */
  claims: number; complaints: number; claimRefundFen: number;
  /** claims ÷ paid orders and complaints ÷ paid orders; null without orders. */
  claimRate: number | null; complaintRate: number | null;
}

/** What the monthly measures are sliced by: everything, a community, a leader or a product (operators may use any). */
export type DrillKind = 'community' | 'leader' | 'product';

export interface LeaderRow {
  leaderId: string; leaderName: string; title: string; communityId: string; communityName: string;
  indexValue: number | null; tier: LeaderTier | null; reason: string | null; orders: number | null;
  computedAt: string | null; components: Partial<Record<string, number>> | null; commissionRate: number;
}

/** The index's factors: TRUST.md's four, and fulfilment accuracy (履约准确度) as the fifth. */
export type IndexDimension = LeaderDimension | 'fulfilment';
export const DIMENSIONS: IndexDimension[] = ['satisfaction', 'complaintControl', 'responseSpeed', 'activity', 'fulfilment'];
export const DIMENSION_COLORS: Record<IndexDimension, string> = {
  satisfaction: '#e8590c', complaintControl: '#1c7ed6', responseSpeed: '#2f9e44', activity: '#7048e8', fulfilment: '#0c8599',
};
/** The server sends its weights with every history; these are only for readings that lack one. */
export const DEFAULT_WEIGHTS: Record<IndexDimension, number> = {
  satisfaction: 0.3, complaintControl: 0.35, responseSpeed: 0.2, activity: 0.15, fulfilment: 0.1,
};

/**
 * A reading as the server now stores it. Readings from before fulfilment was measured have no
 * `fulfilment` component (it counted as 1 then) and no hand-over inputs.
 */
export interface IndexReading extends Omit<LeaderIndexReading, 'components' | 'inputs'> {
  components: Partial<Record<IndexDimension | `ln_${IndexDimension}`, number>>;
  inputs: {
    goodRatings: number; badRatings: number; orders: number; qualifiedBuyers30d: number; complaints: number;
    claimsOnTime?: number; claimsLate?: number; handedOver?: number; handoverFaults?: number;
  };
}
export interface IndexHistory { weights: Partial<Record<IndexDimension, number>>; readings: IndexReading[] }
/** Tier colours, the same as on the leader's own page. */
export const TIER_COLORS: Record<LeaderTier, string> = {
  gold: '#f59f00', silver: '#868e96', standard: '#1c7ed6', watch: '#e8590c', rectify: '#d93026',
};
export const TIER_FLOORS: { tier: LeaderTier; min: number }[] = [
  { tier: 'gold', min: 85 }, { tier: 'silver', min: 75 }, { tier: 'standard', min: 60 }, { tier: 'watch', min: 45 },
];

const monthFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' });
/** 'YYYY-MM' of an instant in Asia/Shanghai. */
export const shanghaiMonth = (d = new Date()) => monthFmt.format(d).slice(0, 7);

export function addMonths(ym: string, k: number): string {
  const [y, m] = ym.split('-').map(Number);
  const i = y * 12 + (m - 1) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The first instant of a month in Asia/Shanghai, as ISO. */
export const monthStart = (ym: string) => new Date(`${ym}-01T00:00:00+08:00`).toISOString();

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 60; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * Every month of the range, including months without orders (the server lists only months that
 * have some). A month without orders after a month with buyers has a repurchase rate of 0, not
 * "unknown"; before the first known month nothing is claimed.
 */
export function fillMonths(items: MonthRow[], from: string, to: string): MonthRow[] {
  // A server from before claims were measured sends rows without them: count those as none.
  const byMonth = new Map(items.map((r) => [r.month, {
    ...r, claims: r.claims ?? 0, complaints: r.complaints ?? 0, claimRefundFen: r.claimRefundFen ?? 0,
    claimRate: r.claimRate ?? null, complaintRate: r.complaintRate ?? null,
  }]));
  const out: MonthRow[] = [];
  for (const month of monthsBetween(from, to)) {
    const row = byMonth.get(month);
    if (row) { out.push(row); continue; }
    const prev = out.at(-1);
    const previousBuyers = prev ? prev.buyers : 0;
    out.push({
      month, buyers: 0, orders: 0, gmvFen: 0, refundsFen: 0, repeatBuyers: 0, previousBuyers, readyOrHandedOver: 0, pickedUp: 0,
      repurchaseRate: prev && previousBuyers > 0 ? 0 : null, aovFen: null, arpuFen: null, pickupRate: null,
      claims: 0, complaints: 0, claimRefundFen: 0, claimRate: null, complaintRate: null,
    });
  }
  return out;
}

/** 12.3% */
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const round1 = (x: number) => Math.round(x * 10) / 10;

/** Postgres may answer `2026-11-25 14:07:49.18+00`; make it an ISO instant every browser parses. */
export function parseTs(s: string): Date {
  if (s.includes('T')) return new Date(s);
  return new Date(s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

export function formatDateTime(s: string, locale: string) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(parseTs(s));
}
