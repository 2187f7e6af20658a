import { bracketed, listOf, translate, type Locale } from '../i18n.js';
import type { Wording } from './expression.js';

/**
 * A rule's connectives in the reader's language, read from `<words>.and|or|not|in|yes|no|eq|ne`;
 * the caller says how its own facts and values read.
 */
export function ruleWording(locale: Locale, words: string, own: Pick<Wording, 'fact' | 'value'> & Partial<Pick<Wording, 'notFact' | 'always'>>): Wording {
  const t = (key: string) => translate(locale, `${words}.${key}`);
  return {
    ...own,
    and: t('and'), or: t('or'), not: t('not'), in: t('in'), yes: t('yes'), no: t('no'),
    list: (items) => listOf(locale, items, 'disjunction'), group: (text) => bracketed(locale, text),
    ops: { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': t('eq'), '!=': t('ne') },
  };
}
