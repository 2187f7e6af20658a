import type { TFunction } from 'i18next';
import { parseYuanToFen } from '../leader/lib';

/** A list price typed in yuan: a valid amount, at least one fen, at most ¥1,000,000. */
export const yuanPriceValidator = (t: TFunction) => async (_: unknown, v: string) => {
  if (!v?.trim()) return;
  const fen = parseYuanToFen(v);
  if (fen === null) throw new Error(t('products.priceFormat'));
  if (fen < 1) throw new Error(t('products.pricePositive'));
  if (fen > 100_000_000) throw new Error(t('products.priceTooHigh'));
};

/** Image URLs, one per line: at most 9, each an http(s) or site-relative link under 500 characters. */
export const imageUrlsValidator = (t: TFunction) => async (_: unknown, v: string) => {
  const urls = (v ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
  if (urls.length > 9) throw new Error(t('products.imagesTooMany'));
  if (urls.some((u) => u.length > 500 || !/^(https?:\/\/|\/)\S+$/.test(u))) throw new Error(t('products.imageInvalid'));
};
