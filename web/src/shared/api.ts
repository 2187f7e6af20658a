import i18n from '../i18n';

/** The app's language, so server texts (errors, reasons, rule readings) match the page. */
const languageHeader = () => ({ 'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN' });

/** Thin fetch wrapper: JSON in and out, errors carry the server's stable code and localized message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, string | number> = {}) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...languageHeader(), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = data?.error ?? {};
    throw new ApiError(res.status, err.code ?? 'internal', err.message ?? res.statusText, err.details);
  }
  return data as T;
}

/** Posts a multipart form (file uploads); errors carry the server's code and localised message. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: languageHeader() });
  const text = await res.text();
  let data: { error?: { code?: string; message?: string } } | null = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? res.statusText, (data?.error as { details?: Record<string, string | number> } | undefined)?.details);
  return data as T;
}

/** 512 KB, 3.4 MB */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** ¥36.80 */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** A time shown in the community's zone (Asia/Shanghai unless the community says otherwise). */
export function formatTime(iso: string | Date, timeZone = 'Asia/Shanghai', locale = 'zh-CN') {
  return new Intl.DateTimeFormat(locale, { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** A fresh key per attempt. randomUUID exists only on https and localhost; a phone on plain http gets random bytes. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
