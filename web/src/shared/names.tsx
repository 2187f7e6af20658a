import type { ReactNode } from 'react';
import i18n from '../i18n';

/**
 * Names and people's own words (a community, a product, a neighbour, a group buy's title, a note)
 * shown as written in any language: `translate="no"` tells translation tools to leave them alone,
 * and the English-page check (e2e/english.test.ts) skips them — any other Chinese is a leak.
 */
export function Name({ children, className }: { children: ReactNode; className?: string }) {
  return <bdi translate="no" className={className}>{children}</bdi>;
}

const ISOLATED = /\u2068([^\u2069]*)\u2069/;

/**
 * A sentence whose names are marked with Unicode isolates (U+2068 … U+2069), as the server marks
 * them in notices and claim reasons and `named()` does here: each marked part becomes a <Name>.
 */
export function Marked({ text }: { text: string }) {
  const parts = text.split(ISOLATED);
  if (parts.length === 1) return <>{text}</>;
  // split() with a group puts the marked parts at the odd places.
  return <>{parts.map((p, i) => (i % 2 ? <Name key={i}>{p}</Name> : p))}</>;
}

/** Marks a name put into a sentence (Unicode's first-strong isolate), for <Marked> to show as a name. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** The marks taken out, for places that need plain text (an aria-label, a share text, a title). */
export function plain(text: string): string {
  return text.replace(/[\u2068\u2069]/g, '');
}

/**
 * A translated sentence with names put in: `named(t, 'says', { name })` renders "王叔 says:" with
 * 王叔 as a <Name>. String params are names; numbers (counts for plurals) are left as they are.
 */
export function named(t: (key: string, params?: Record<string, unknown>) => string, key: string, params: Record<string, unknown>): ReactNode {
  const marked = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? isolate(v) : v]));
  return <Marked text={t(key, marked)} />;
}

/** A list of names in the reader's language: 「草莓、鸡蛋」 or "strawberries, eggs and milk". */
export function NameList({ names, type = 'conjunction' }: { names: string[]; type?: 'conjunction' | 'disjunction' | 'unit' }) {
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const parts = new Intl.ListFormat(lang, { style: 'long', type }).formatToParts(names);
  return <>{parts.map((p, i) => (p.type === 'element' ? <Name key={i}>{p.value}</Name> : lang === 'zh-CN' && type === 'conjunction' ? '、' : p.value))}</>;
}

/** Words in the reader's brackets: （…） in Chinese, (…) in English. */
export function Bracketed({ children }: { children: ReactNode }) {
  return i18n.language === 'en' ? <> ({children})</> : <>（{children}）</>;
}
