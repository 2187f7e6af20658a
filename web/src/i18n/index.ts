/// <reference types="vite/client" />
import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Lang = 'zh-CN' | 'en';

/**
 * Each language's texts, one chunk per namespace, fetched when first needed: a resident downloads
 * only her language's `common` and `resident` texts — never the console's, the leader's or the
 * other language's. Switching language fetches the other language's copies of what is loaded.
 */
const texts = import.meta.glob<{ default: Record<string, unknown> }>(['./zh-CN/*.ts', './en/*.ts']);

const lazyTexts: BackendModule = {
  type: 'backend',
  callbackApi: true,
  init() {},
  read(lng, ns, done) {
    const load = texts[`./${lng}/${ns}.ts`];
    if (!load) { done(new Error(`no texts for ${lng}/${ns}`), false); return; }
    load().then((m) => done(null, m.default), (err: Error) => done(err, false));
  },
};

const saved = document.cookie.match(/(?:^|; )lang=([^;]+)/)?.[1];

/** Resolves once the current language's common texts are here (the app renders after it). */
export const i18nReady = i18n.use(lazyTexts).use(initReactI18next).init({
  lng: saved === 'en' ? 'en' : 'zh-CN',
  supportedLngs: ['zh-CN', 'en'],
  load: 'currentOnly',
  // Both languages have every key (i18n/parity.test.ts), so no second language is ever fetched.
  fallbackLng: false,
  ns: ['common'],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
});

/** A lazily imported part of the app together with its texts in the current language, fetched side by side. */
export function withTexts<T>(load: () => Promise<T>, namespaces: string[]): () => Promise<T> {
  return () => Promise.all([load(), i18n.loadNamespaces(namespaces)]).then(([m]) => m);
}

/** Switches language; the cookie also tells the server which language to answer errors in. */
export function setLanguage(lng: Lang) {
  document.cookie = `lang=${lng}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}

export default i18n;
