import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DateTimeValue } from './DateTimeInput';
import { fenToYuanInput, parsePositiveInt, parseYuanToFen, zonedDate, zonedToInstant } from './lib';
import { useLimits, type Limits } from '../shared/limits';

/** The server's limits for opening a group buy (GET /api/limits → groupBuys). */
export type OpenLimits = Limits['groupBuys'];
export const PRIORITY_CHOICES = [0, 10, 30, 60] as const;

export interface DraftItem { key: string; productId: string; price: string; stock: string; limit: string; batchId?: string | null }
export interface Draft {
  items: DraftItem[];
  title: string; note: string; priorityMinutes: number;
  cutoff: DateTimeValue; pickupStart: DateTimeValue; pickupEnd: DateTimeValue;
}

/** i18n keys (under leader:new.errors) with their values. */
export interface FieldError { key: string; values?: Record<string, string | number> }
export type ItemErrors = Partial<Record<'price' | 'stock' | 'limit', FieldError>>;
export interface DraftErrors {
  items: Record<string, ItemErrors>;
  noItems?: FieldError; tooMany?: FieldError;
  cutoff?: FieldError; pickupStart?: FieldError; pickupEnd?: FieldError; title?: FieldError; note?: FieldError;
}

let seq = 0;
const newKey = () => `i${Date.now().toString(36)}${(seq++).toString(36)}`;

function freshDraft(timeZone: string): Draft {
  const now = new Date();
  return {
    items: [], title: '', note: '', priorityMinutes: 0,
    cutoff: { date: zonedDate(now, 1, timeZone), time: '20:00' },
    pickupStart: { date: zonedDate(now, 2, timeZone), time: '09:00' },
    pickupEnd: { date: zonedDate(now, 2, timeZone), time: '19:00' },
  };
}

const storageKey = (communityId: string) => `linli.leader.newGroupBuy.${communityId}`;

/** A draft kept for the session, so a detour to record a trial does not lose what he typed. */
function loadDraft(communityId: string, timeZone: string): Draft {
  try {
    const raw = sessionStorage.getItem(storageKey(communityId));
    if (raw) {
      const d = JSON.parse(raw) as Draft;
      if (Array.isArray(d.items) && d.cutoff && d.pickupStart && d.pickupEnd) return d;
    }
  } catch {
    // a broken or missing store starts a fresh draft
  }
  return freshDraft(timeZone);
}

export function validateDraft(d: Draft, timeZone: string, limits: OpenLimits, now = Date.now()): DraftErrors {
  const errors: DraftErrors = { items: {} };
  if (d.items.length === 0) errors.noItems = { key: 'noItems' };
  if (d.items.length > limits.items) errors.tooMany = { key: 'tooManyItems', values: { max: limits.items } };
  for (const item of d.items) {
    const e: ItemErrors = {};
    const fen = parseYuanToFen(item.price);
    if (!item.price.trim()) e.price = { key: 'priceRequired' };
    else if (fen === null) e.price = { key: 'priceFormat' };
    else if (fen < 1) e.price = { key: 'pricePositive' };
    else if (fen > limits.priceFen) e.price = { key: 'priceTooHigh' };
    const stock = parsePositiveInt(item.stock);
    if (stock === null) e.stock = { key: 'stock' };
    else if (stock > limits.stock) e.stock = { key: 'stockTooHigh' };
    const limit = parsePositiveInt(item.limit);
    if (limit === null) e.limit = { key: 'limit' };
    else if (limit > limits.perPersonLimit) e.limit = { key: 'limitTooHigh' };
    else if (stock !== null && limit > stock) e.limit = { key: 'limitOverStock' };
    if (Object.keys(e).length > 0) errors.items[item.key] = e;
  }
  const at = (v: DateTimeValue) => zonedToInstant(v.date, v.time, timeZone);
  const cutoff = at(d.cutoff);
  const start = at(d.pickupStart);
  const end = at(d.pickupEnd);
  if (!cutoff) errors.cutoff = { key: 'timeRequired' };
  else if (cutoff.getTime() <= now) errors.cutoff = { key: 'cutoffPast' };
  if (!start) errors.pickupStart = { key: 'timeRequired' };
  else if (cutoff && start.getTime() < cutoff.getTime()) errors.pickupStart = { key: 'pickupBeforeCutoff' };
  if (!end) errors.pickupEnd = { key: 'timeRequired' };
  else if (start && end.getTime() <= start.getTime()) errors.pickupEnd = { key: 'pickupEndBeforeStart' };
  if (d.title.trim().length > limits.title) errors.title = { key: 'titleTooLong' };
  if (d.note.trim().length > limits.note) errors.note = { key: 'noteTooLong' };
  return errors;
}

export const errorCount = (e: DraftErrors) =>
  Object.values(e.items).reduce((s, x) => s + Object.keys(x).length, 0)
  + (['noItems', 'tooMany', 'cutoff', 'pickupStart', 'pickupEnd', 'title', 'note'] as const).filter((k) => e[k]).length;

/** The request body of POST /api/communities/:id/group-buys (call only when the draft is valid). */
export function draftBody(d: Draft, timeZone: string) {
  const iso = (v: DateTimeValue) => zonedToInstant(v.date, v.time, timeZone)!.toISOString();
  return {
    ...(d.title.trim() ? { title: d.title.trim() } : {}),
    ...(d.note.trim() ? { note: d.note.trim() } : {}),
    priorityMinutes: d.priorityMinutes,
    cutoffAt: iso(d.cutoff), pickupStartAt: iso(d.pickupStart), pickupEndAt: iso(d.pickupEnd),
    items: d.items.map((i) => ({
      productId: i.productId, priceFen: parseYuanToFen(i.price)!, stockTotal: parsePositiveInt(i.stock)!, perPersonLimit: parsePositiveInt(i.limit)!,
      // A copied item keeps its batch while that is still the approved one.
      ...(i.batchId ? { batchId: i.batchId } : {}),
    })),
  };
}

/** The new group buy being written: items (add, change, remove, move) and the shared fields. */
export function useGroupBuyDraft(communityId: string, timeZone: string) {
  const limits = useLimits().groupBuys;
  const [draft, setDraft] = useState<Draft>(() => loadDraft(communityId, timeZone));
  useEffect(() => {
    try { sessionStorage.setItem(storageKey(communityId), JSON.stringify(draft)); } catch { /* private mode: keep it in memory */ }
  }, [communityId, draft]);

  const addItem = useCallback((productId: string) => setDraft((d) => (
    d.items.some((i) => i.productId === productId) || d.items.length >= limits.items
      ? d : { ...d, items: [...d.items, { key: newKey(), productId, price: '', stock: '', limit: '5' }] }
  )), [limits.items]);
  const updateItem = useCallback((key: string, patch: Partial<Omit<DraftItem, 'key'>>) => setDraft((d) => ({
    ...d, items: d.items.map((i) => (i.key === key ? { ...i, ...patch } : i)),
  })), []);
  const removeItem = useCallback((key: string) => setDraft((d) => ({ ...d, items: d.items.filter((i) => i.key !== key) })), []);
  const moveItem = useCallback((key: string, by: -1 | 1) => setDraft((d) => {
    const from = d.items.findIndex((i) => i.key === key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= d.items.length) return d;
    const items = [...d.items];
    [items[from], items[to]] = [items[to], items[from]];
    return { ...d, items };
  }), []);
  const set = useCallback(<K extends keyof Draft>(field: K, value: Draft[K]) => setDraft((d) => ({ ...d, [field]: value })), []);
  const clear = useCallback(() => {
    try { sessionStorage.removeItem(storageKey(communityId)); } catch { /* nothing kept */ }
    setDraft(freshDraft(timeZone));
  }, [communityId, timeZone]);

  /** Takes a saved draft (from the server) as the form's content. */
  const replace = useCallback((d: Draft) => setDraft(d), []);
  const errors = useMemo(() => validateDraft(draft, timeZone, limits), [draft, timeZone, limits]);
  return { draft, errors, limits, addItem, updateItem, removeItem, moveItem, set, clear, replace };
}

/** A saved draft's content (server shape) as the form's draft, times in the community's zone. */
export function formOfContent(c: { title: string; note: string; priorityMinutes: number; cutoffAt: string; pickupStartAt: string; pickupEndAt: string; items: { productId: string; batchId?: string | null; priceFen: number; stockTotal: number; perPersonLimit: number }[] }, timeZone: string, toValue: (iso: string, tz: string) => DateTimeValue): Draft {
  return {
    title: c.title, note: c.note, priorityMinutes: c.priorityMinutes,
    cutoff: toValue(c.cutoffAt, timeZone), pickupStart: toValue(c.pickupStartAt, timeZone), pickupEnd: toValue(c.pickupEndAt, timeZone),
    items: c.items.map((i) => ({ key: newKey(), productId: i.productId, batchId: i.batchId ?? null, price: fenToYuanInput(i.priceFen), stock: String(i.stockTotal), limit: String(i.perPersonLimit) })),
  };
}

/** The form as a draft's content for saving; null while an item or a time cannot be read yet. */
export function contentOfForm(d: Draft, timeZone: string) {
  const at = (v: DateTimeValue) => zonedToInstant(v.date, v.time, timeZone)?.toISOString();
  const [cutoffAt, pickupStartAt, pickupEndAt] = [at(d.cutoff), at(d.pickupStart), at(d.pickupEnd)];
  if (!cutoffAt || !pickupStartAt || !pickupEndAt) return null;
  const items = d.items.map((i) => ({ productId: i.productId, batchId: i.batchId ?? null, priceFen: parseYuanToFen(i.price), stockTotal: parsePositiveInt(i.stock), perPersonLimit: parsePositiveInt(i.limit) }));
  if (items.some((i) => !i.priceFen || !i.stockTotal || !i.perPersonLimit)) return null;
  return { title: d.title.trim(), note: d.note.trim(), priorityMinutes: d.priorityMinutes, cutoffAt, pickupStartAt, pickupEndAt, items: items as { productId: string; batchId: string | null; priceFen: number; stockTotal: number; perPersonLimit: number }[] };
}
