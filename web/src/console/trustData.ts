/** Types, month arithmetic (Asia/Shanghai) and formatting shared by the trust dashboard pieces. */
import type { LeaderDimension, LeaderTier } from '../shared/types';

export interface MonthRow {
  month: string; buyers: number; orders: number; gmvFen: number; refundsFen: number;
  repeatBuyers: number; previousBuyers: number; readyOrHandedOver: number; pickedUp: number;
  repurchaseRate: number | null; aovFen: number | null; arpuFen: number | null; pickupRate: number | null;
}

export interface LeaderRow {
  leaderId: string; leaderName: string; title: string; communityId: string; communityName: string;
  indexValue: number | null; tier: LeaderTier | null; reason: string | null; orders: number | null;
  computedAt: string | null; components: Partial<Record<string, number>> | null; commissionRate: number;
}

export const DIMENSIONS: LeaderDimension[] = ['satisfaction', 'complaintControl', 'responseSpeed', 'activity'];
export const DIMENSION_COLORS: Record<LeaderDimension, string> = {
  satisfaction: '#e8590c', complaintControl: '#1c7ed6', responseSpeed: '#2f9e44', activity: '#7048e8',
};
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
  const byMonth = new Map(items.map((r) => [r.month, r]));
  const out: MonthRow[] = [];
  for (const month of monthsBetween(from, to)) {
    const row = byMonth.get(month);
    if (row) { out.push(row); continue; }
    const prev = out.at(-1);
    const previousBuyers = prev ? prev.buyers : 0;
    out.push({
      month, buyers: 0, orders: 0, gmvFen: 0, refundsFen: 0, repeatBuyers: 0, previousBuyers, readyOrHandedOver: 0, pickedUp: 0,
      repurchaseRate: prev && previousBuyers > 0 ? 0 : null, aovFen: null, arpuFen: null, pickupRate: null,
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
