import dayjs, { type Dayjs } from 'dayjs';
import type { BatchItem, Inspection, PurchaseOrderLine } from './supply-types';

/**
 * Times are shown and entered in China time (Asia/Shanghai, UTC+8 all year, no daylight saving),
 * whatever the browser's own zone. A "wall" Dayjs carries Shanghai's clock fields in its local fields,
 * which is what antd's pickers display and edit.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const TIME_ZONE = 'Asia/Shanghai';

export function toWall(instant: Date | string | number): Dayjs {
  const s = new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS);
  return dayjs(new Date(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes(), s.getUTCSeconds()));
}
export const wallNow = () => toWall(Date.now());
/** The instant a Shanghai wall-clock value stands for. */
export function fromWall(d: Dayjs): Date {
  return new Date(Date.UTC(d.year(), d.month(), d.date(), d.hour(), d.minute(), d.second()) - SHANGHAI_OFFSET_MS);
}
/** Today's date in China, YYYY-MM-DD. */
export const shanghaiToday = () => wallNow().format('YYYY-MM-DD');

const fmt = (locale: string, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TIME_ZONE, hour12: false, ...opts });

/** 2026/11/25 09:30 */
export const formatDateTime = (iso: string, locale: string) =>
  fmt(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
/** 2026/11/25 */
export const formatDate = (iso: string, locale: string) =>
  fmt(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
/** 11/25 09:30 — for dense timelines. */
export const formatShort = (iso: string, locale: string) =>
  fmt(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** A calendar date (YYYY-MM-DD, already a China date) with its weekday: 11月26日 周四 / Thu 26 Nov. */
export function formatDeliveryDate(date: string, locale: string) {
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(Date.UTC(y, m - 1, d, 12));
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', ...o }).format(at);
  const sameYear = y === wallNow().year();
  return locale === 'en'
    ? f({ weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })
    : `${f({ ...(sameYear ? {} : { year: 'numeric' }), month: 'long', day: 'numeric' })} ${f({ weekday: 'short' })}`;
}

/** Days from today (China) to a YYYY-MM-DD date: 0 today, 1 tomorrow, -1 yesterday. */
export function daysFromToday(date: string) {
  const [y, m, d] = date.split('-').map(Number);
  const t = wallNow();
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(t.year(), t.month(), t.date())) / 86_400_000);
}

/** The inspection that decides a batch: the latest by inspection date (as the server decides). */
export function latestInspection(b: Pick<BatchItem, 'inspections'>): Inspection | null {
  let latest: Inspection | null = null;
  for (const i of b.inspections) if (!latest || new Date(i.inspectedAt) >= new Date(latest.inspectedAt)) latest = i;
  return latest;
}

// Inspection reports: the server accepts PDF, JPEG, PNG and WebP up to its files.documentBytes and
// sniffs the bytes; checking here only spares the wait for a file that would be refused.
const REPORT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
const REPORT_EXT = /\.(pdf|jpe?g|png|webp)$/i;
export const REPORT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp';

export function reportProblem(file: { name: string; type: string; size: number }, maxBytes: number): 'badType' | 'tooLarge' | 'empty' | null {
  if (!REPORT_EXT.test(file.name) || (file.type && !REPORT_TYPES.includes(file.type))) return 'badType';
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'tooLarge';
  return null;
}

export interface PickupGroup {
  communityId: string; communityName: string; pickupPoint: string; lines: PurchaseOrderLine[];
}

/** Purchase-order lines per pickup point, in community-name order. */
export function groupByPickup(lines: PurchaseOrderLine[]): PickupGroup[] {
  const map = new Map<string, PickupGroup>();
  for (const l of lines) {
    const g = map.get(l.communityId) ?? { communityId: l.communityId, communityName: l.communityName, pickupPoint: l.pickupPoint, lines: [] };
    g.lines.push(l);
    map.set(l.communityId, g);
  }
  return [...map.values()].sort((a, b) => a.communityName.localeCompare(b.communityName, 'zh-CN'));
}

/** "3 号楼门口王叔便民驿站（锦绣苑 3 号楼 1 层）" → name and address. */
export function splitPickupPoint(s: string): { name: string; address: string } {
  const m = /^(.*?)[（(](.*)[）)]$/.exec(s ?? '');
  return m ? { name: m[1].trim(), address: m[2].trim() } : { name: s ?? '', address: '' };
}

export interface ShortageRefund { orderId: string; residentName: string; units: number; amountFen: number }

/** A whole number typed in a box, or null. */
export function toWholeNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  const s = String(v ?? '').trim();
  return /^\d+$/.test(s) ? Number(s) : null;
}

export { postForm, formatBytes } from '../shared/api';
