import { useEffect, useState } from 'react';

/** Community time zone unless told otherwise. */
export const DEFAULT_TZ = 'Asia/Shanghai';

export interface ZonedParts { year: number; month: number; day: number; hour: number; minute: number }

/** The wall-clock reading of an instant in a time zone. */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

function offsetMs(instantMs: number, timeZone: string) {
  const p = zonedParts(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instantMs / 60_000) * 60_000;
}

/** "2026-11-26" + "20:00" read in `timeZone` → the instant. Null when either part is malformed. */
export function zonedToInstant(date: string, time: string, timeZone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const guess = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  let result = guess - offsetMs(guess, timeZone);
  // A second pass settles instants near a daylight-saving change.
  result = guess - offsetMs(result, timeZone);
  return new Date(result);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date ("YYYY-MM-DD") `days` after today in `timeZone`. */
export function zonedDate(now: Date, days: number, timeZone: string): string {
  const p = zonedParts(now, timeZone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Yuan as typed ("36.8", "36.80", "¥36") → integer fen, parsed from the string so no float
 * rounding can creep in. Null when it is not a plain amount with at most two decimals.
 */
export function parseYuanToFen(input: string): number | null {
  const s = input.trim().replace(/^[¥￥]/, '').replace(/[,，]/g, '');
  const m = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen → "36.80" for an input box (no currency sign). */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${pad(fen % 100)}`;
}

/** Positive whole number from a text box, or null. */
export function parsePositiveInt(input: string): number | null {
  const s = input.trim();
  if (!/^\d{1,7}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is missing or refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea way
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.top = '-1000px';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  ta.setSelectionRange(0, text.length);
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(ta);
  return ok;
}

/** The current time, re-read every `intervalMs` so countdowns move. */
export function useNow(intervalMs = 30_000) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Splits a remaining duration into days/hours/minutes for a countdown label. */
export function splitDuration(ms: number) {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/** Pulls the 8-digit code out of what was typed, pasted or scanned (a pickup URL carries ?code=). */
export function extractPickupCode(raw: string): string {
  const fromUrl = raw.match(/[?&]code=(\d{8})/);
  if (fromUrl) return fromUrl[1];
  return raw.replace(/\D/g, '').slice(0, 8);
}

/** "2026-11-23" → "2026-11-24" (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export const isIsoDate = (s: string | null | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The day ("YYYY-MM-DD") an instant falls on in `timeZone`. */
export function dayOf(iso: string, timeZone: string): string {
  return zonedDate(new Date(iso), 0, timeZone);
}

export { postForm } from '../shared/api';

/** "草莓×2 鸡蛋×1" — the items of one household or order in one short line. */
export const itemsLine = (items: { productName?: string; name?: string; quantity: number }[]) =>
  items.map((i) => `${i.productName ?? i.name ?? ''}×${i.quantity}`).join(' ');

/** "#3 #12" from 跟团号 (missing numbers left out). */
export const numbersLine = (numbers: (number | null | undefined)[]) =>
  [...new Set(numbers.filter((n): n is number => typeof n === 'number'))].sort((a, b) => a - b).map((n) => `#${n}`).join(' ');

/**
 * What was typed, pasted or scanned at the hand-over → the code to send: her rotating 8-digit code,
 * or a 代取 pass (8 letters/digits starting with a letter). A scanned pickup URL carries ?code= or ?pass=.
 */
export function extractHandoverCode(raw: string): string {
  const fromUrl = raw.match(/[?&](?:code|pass)=([A-Za-z0-9-]+)/);
  return (fromUrl ? fromUrl[1] : raw).replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 8);
}

export const isHandoverCode = (c: string) => /^\d{8}$/.test(c) || /^[A-HJ-NP-Z][A-HJ-NP-Z2-9]{7}$/.test(c);
