import i18next from 'i18next';
import zhCN from './locales/zh-CN.js';
import en from './locales/en.js';
import suppliersMessages from '../modules/suppliers/messages.js';
import qualityMessages from '../modules/quality/messages.js';
import leadersMessages from '../modules/leaders/messages.js';
import fulfilmentMessages from '../modules/fulfilment/messages.js';
import filesMessages from '../modules/files/messages.js';
import notificationsMessages from '../modules/notifications/messages.js';
import metricsMessages from '../modules/metrics/messages.js';
import trustMessages from '../modules/trust/messages.js';
import aftersalesMessages from '../modules/aftersales/messages.js';
import trainingMessages from '../modules/training/messages.js';
import feedMessages from '../modules/feed/messages.js';
import gatheringsMessages from '../modules/gatherings/messages.js';
import communityMessages from '../modules/community/messages.js';

type Catalogue = Record<string, unknown>;
const moduleMessages = [suppliersMessages, qualityMessages, leadersMessages, fulfilmentMessages, filesMessages, notificationsMessages, metricsMessages, trustMessages, aftersalesMessages, trainingMessages, feedMessages, gatheringsMessages, communityMessages] as { 'zh-CN': Catalogue; en: Catalogue }[];

/** Shallow-merges each section (errors, notices …) of the module catalogues into the base one. */
function merged(base: Catalogue, locale: 'zh-CN' | 'en'): Catalogue {
  const out: Catalogue = { ...base };
  for (const m of moduleMessages) {
    for (const [section, entries] of Object.entries(m[locale])) {
      out[section] = { ...(out[section] as Catalogue | undefined), ...(entries as Catalogue) };
    }
  }
  return out;
}

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

const i18n = i18next.createInstance();
// initAsync false: resources are in memory, so init completes synchronously.
void i18n.init({
  resources: { 'zh-CN': { translation: merged(zhCN, 'zh-CN') }, en: { translation: merged(en, 'en') } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
});

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
