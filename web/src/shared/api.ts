import i18n from '../i18n';

/** The app's language, so server texts (errors, reasons, rule readings) match the page. */
const languageHeader = () => ({ 'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN' });

/** Thin fetch wrapper: JSON in and out, errors carry the server's stable code and localized message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, string | number> = {}) {
    super(message);
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Resends of one state-changing request when the network or the database dropped it. */
const RESENDS = 2;

/**
 * Sends a request; a state-changing one is sent again (at most RESENDS times, after a short wait)
 * when the network failed, the server answered 503, or it said "still working on it" (409 with
 * Retry-After). Every send carries the same Idempotency-Key, so the server does the work once.
 */
async function send(request: () => Promise<Response>, resend: boolean): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await request();
    } catch (err) {
      if (!resend || attempt >= RESENDS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      continue;
    }
    const again = res.status === 503 || (res.status === 409 && res.headers.has('retry-after'));
    if (!resend || !again || attempt >= RESENDS) return res;
    const seconds = Number(res.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, 5000)));
  }
}

/**
 * Headers of one user action: a state-changing request gets an Idempotency-Key (a fresh one unless
 * the caller keeps its own across the user's own retries).
 */
function actionHeaders(method: string, idempotencyKey?: string): Record<string, string> {
  return STATE_CHANGING.has(method.toUpperCase()) ? { 'idempotency-key': idempotencyKey ?? newIdempotencyKey() } : {};
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; idempotencyKey?: string } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const action = actionHeaders(method, init.idempotencyKey);
  const res = await send(() => fetch(path, {
    method,
    headers: { ...languageHeader(), ...action, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  }), 'idempotency-key' in action);
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = data?.error ?? {};
    throw new ApiError(res.status, err.code ?? 'internal', err.message ?? res.statusText, err.details);
  }
  return data as T;
}

/** Posts a multipart form (file uploads); errors carry the server's code and localised message. */
export async function postForm<T>(path: string, form: FormData, opts: { idempotencyKey?: string; method?: 'POST' | 'PUT' } = {}): Promise<T> {
  const action = actionHeaders(opts.method ?? 'POST', opts.idempotencyKey);
  const res = await send(() => fetch(path, { method: opts.method ?? 'POST', body: form, credentials: 'same-origin', headers: { ...languageHeader(), ...action } }), true);
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

/** A fresh key per user action (kept across its resends). randomUUID exists only on https and localhost; a phone on plain http gets random bytes. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
