import { useTranslation } from 'react-i18next';
import type { EventKind, PostKind } from '../../lib/life';

/** 「知识」「提问」「投票」…: what a post is, in a colour per kind so the feed reads at a glance. */
export function KindTag({ kind }: { kind: PostKind }) {
  const { t } = useTranslation('resident');
  return <span className={`r-kind r-kind-${kind}`} data-testid="post-kind">{t(`feed.kinds.${kind}`)}</span>;
}

export function EventKindTag({ kind }: { kind: EventKind }) {
  const { t } = useTranslation('resident');
  return <span className={`r-kind r-ev-kind-${kind}`}>{t(`events.kinds.${kind}`)}</span>;
}
