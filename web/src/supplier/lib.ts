import type { Me } from '../shared/types';

/** The supplier this account works for: its open application or admitted company, else the latest one. */
export function currentSupplier(me: Me): Me['suppliers'][number] | null {
  return me.suppliers.find((s) => s.status !== 'rejected') ?? me.suppliers.at(-1) ?? null;
}

const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
const DOCUMENT_EXT = /\.(pdf|jpe?g|png|webp)$/i;
export const DOCUMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp';

/**
 * Why a chosen file would be refused (by its declared type, name and size against the server's
 * `maxBytes`), or null. The server sniffs the bytes; this only spares the wait for a refused file.
 */
export function documentProblem(file: { name: string; type: string; size: number }, maxBytes: number): 'badType' | 'tooLarge' | 'empty' | null {
  if (file.size === 0) return 'empty';
  if (!DOCUMENT_EXT.test(file.name) || (file.type && !DOCUMENT_TYPES.includes(file.type))) return 'badType';
  if (file.size > maxBytes) return 'tooLarge';
  return null;
}

// Unified social credit code (GB 32100-2015): the same check the server makes, so typos show at once.
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
export const normalizeCreditCode = (s: string) => s.replace(/\s+/g, '').toUpperCase();
export function isValidCreditCode(input: string): boolean {
  const code = normalizeCreditCode(input);
  if (!CREDIT_RE.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(code[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

export const CONTACT_PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
export const isValidContactPhone = (s: string) => CONTACT_PHONE_RE.test(s.replace(/\s+/g, '').replace(/^\+?86(?=1)/, ''));

/** Date and time in China time, e.g. 2026/05/14 09:30. */
export const formatDateTime = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

/** Whole days typed in a box (no floats), or null. */
export function parseDays(input: string | number | null | undefined): number | null {
  const s = String(input ?? '').trim();
  if (!/^\d{1,4}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 3650 ? n : null;
}

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default', submitted: 'processing', more_info_requested: 'warning', approved: 'success', rejected: 'error', suspended: 'error',
};

export const STANDARD_SUGGESTIONS = ['0防腐剂', '0添加剂', '0人工色素', '0味精', '非转基因', '有机', '绿色食品', '无抗生素', '可溯源'];

export { postForm, formatBytes } from '../shared/api';
