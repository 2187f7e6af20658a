import i18next from 'i18next';
import zhCN from './locales/zh-CN.js';
import en from './locales/en.js';
type Catalogue = Record<string, unknown>;
/** A module's texts, by language; modules hand them over through `registerMessages`. */
export type Messages = { 'zh-CN': Catalogue; en: Catalogue };

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

const i18n = i18next.createInstance();
// initAsync false: resources are in memory, so init completes synchronously.
void i18n.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
});

/**
 * Adds modules' texts to the catalogue (the composition registers every module's messages at
 * start-up, so the platform never imports a module). Sections (errors, notices …) merge deeply.
 */
export function registerMessages(...catalogues: Messages[]): void {
  for (const m of catalogues) {
    for (const locale of LOCALES) i18n.addResourceBundle(locale, 'translation', m[locale], true, true);
  }
}

export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  return i18n.t(key, { lng: locale, ...params });
}

/** zh-CN first: English only when the caller asks for it. */
export function pickLocale(input: { query?: string; cookie?: string; acceptLanguage?: string }): Locale {
  const explicit = input.query ?? input.cookie;
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  if (input.acceptLanguage && /^en\b/i.test(input.acceptLanguage.trim())) return 'en';
  return 'zh-CN';
}

/**
 * A list in the reader's language: 「草莓、鸡蛋」 in Chinese, "strawberries, eggs and milk" in
 * English (Intl.ListFormat), so no language borrows the other's separators.
 */
export function listOf(locale: Locale, items: string[], type: 'conjunction' | 'disjunction' | 'unit' = 'conjunction'): string {
  if (locale === 'zh-CN') return items.join(type === 'unit' ? ' ' : '、');
  return new Intl.ListFormat('en', { style: 'long', type }).format(items);
}

/** Words in brackets as the reader's language writes them: （…） in Chinese, (…) in English. */
export function bracketed(locale: Locale, text: string): string {
  return locale === 'zh-CN' ? `（${text}）` : `(${text})`;
}

/**
 * Marks a name or a person's own words inside a generated sentence with Unicode's first-strong
 * isolate (U+2068 … U+2069): invisible, and the web shows the part as a name (translate="no").
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
