import type { components } from '../../shared/api-types';

type Schemas = components['schemas'];
/** GET /api/communities/:id/leader-orders */
export type LeaderOrderPage = Schemas['LeaderOrderPage'];
export type LeaderOrder = LeaderOrderPage['items'][number];
export type LeaderOrderFilters = Schemas['LeaderOrderFilters'];
/** GET …/leader-orders/print: bag labels and household slips of a pickup day. */
export type PrintSheets = Schemas['LeaderPrintSheets'];
export type PrintLabel = PrintSheets['labels'][number];
export type PrintSlip = PrintSheets['slips'][number];
/** POST …/leader-orders/arrival */
export type Arrivals = Schemas['GroupBuyArrivals'];
export type LineStatus = LeaderOrder['lines'][number]['status'];

/** The filter of the list as the URL holds it (the print page and exports read the same URL). */
export const FILTER_KEYS = ['groupBuyId', 'status', 'groupNumber', 'name', 'from', 'to', 'pickupDate', 'pickupPointId', 'notCollected', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filter = Partial<Record<FilterKey, string>>;

export function filterOf(params: URLSearchParams): Filter {
  const f: Filter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** "groupBuyId=…&q=…" in a fixed order, so one filter is one cache key. */
export function queryOf(f: Filter, extra: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) p.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** How many filters are set (the search box is counted apart). */
export const activeCount = (f: Filter) => FILTER_KEYS.filter((k) => k !== 'q' && f[k]).length;
