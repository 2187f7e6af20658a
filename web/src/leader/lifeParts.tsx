import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ImageViewer, Tag, Toast, type ImageUploadItem } from 'antd-mobile';
import { api, formatTime, yuan } from '../shared/api';
import type { GroupBuyView } from '../shared/types';
import { GroupBuyStatusTag, ProductImage } from './components';
import { useProducts } from './trials/useTrials';
import { IMAGE_TYPES, type PollView, type PostKind, type PostLink } from './life';
import { groupBuyKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

const KIND_COLORS: Record<PostKind, string> = {
  notice: '#d4380d', arrival: '#1f9d55', knowledge: '#1677ff', tip: '#13a8a8', recommendation: '#e8590c',
  topic: '#722ed1', poll: '#c41d7f', question: '#ad6800', topic_entry: '#8c8c8c',
};

/** 「通知」「知识」… as a small coloured tag. */
export function PostKindTag({ kind }: { kind: PostKind }) {
  const { t } = useTranslation('leader');
  return <Tag color={KIND_COLORS[kind]} fill="outline" className="post-kind-tag">{t(`life.kinds.${kind}`)}</Tag>;
}

/** Plain text exactly as typed: line breaks kept, never read as markup. */
export function PlainText({ text, className = 'post-text', clamp }: { text: string; className?: string; clamp?: boolean }) {
  return <p className={`${className}${clamp ? ' clamp' : ''}`}>{text}</p>;
}

/** Thumbnails that open full-screen. */
export function PhotoGrid({ urls, label }: { urls: string[]; label?: (n: number) => string }) {
  if (urls.length === 0) return null;
  return (
    <div className="life-photos">
      {urls.map((url, i) => (
        <button type="button" key={`${url}-${i}`} className="life-photo" onClick={(e) => { e.stopPropagation(); ImageViewer.Multi.show({ images: urls, defaultIndex: i }); }}
          aria-label={label ? label(i + 1) : undefined}>
          <img src={url} alt="" loading="lazy" />
        </button>
      ))}
    </div>
  );
}

/** "¥12.80/盒", or "¥12.80 起 · 3 样" for a group buy of several items. */
export function PriceFrom({ gb }: { gb: GroupBuyView }) {
  const { t } = useTranslation('leader');
  if (gb.items.length === 0) return null;
  if (gb.items.length === 1) return <><span className="link-chip-price">{yuan(gb.items[0].priceFen)}</span>/{gb.items[0].product.unit}</>;
  const min = Math.min(...gb.items.map((i) => i.priceFen));
  return <><span className="link-chip-price">{yuan(min)}</span>{t('card.from')} · {t('card.itemCount', { count: gb.items.length })}</>;
}

/** A linked group buy, as residents will see it: picture, name, price, status. */
export function GroupBuyChip({ id, onClick }: { id: string; onClick?: () => void }) {
  const { t } = useTranslation('leader');
  const gb = useQuery({ queryKey: groupBuyKeys.detail(id), queryFn: () => api<GroupBuyView>(`/api/group-buys/${id}`), staleTime: 60_000 });
  if (!gb.data) return <div className="link-chip muted">{gb.isError ? t('life.linkGone') : t('loadingMore')}</div>;
  return (
    <div className={`link-chip${onClick ? ' clickable' : ''}`} onClick={onClick} role={onClick ? 'link' : undefined} data-testid="group-buy-chip">
      <ProductImage src={gb.data.items[0]?.product.imageUrls[0]} size={40} />
      <div className="link-chip-info">
        <div className="link-chip-name">{gb.data.title}</div>
        <div className="link-chip-sub"><PriceFrom gb={gb.data} /></div>
      </div>
      <GroupBuyStatusTag status={gb.data.status} />
    </div>
  );
}

/** A linked product of the platform's pool. */
export function ProductChip({ id }: { id: string }) {
  const { t } = useTranslation('leader');
  const products = useProducts();
  const p = products.data?.items.find((x) => x.id === id);
  if (!p) return <div className="link-chip muted">{products.isPending ? t('loadingMore') : t('life.linkGone')}</div>;
  return (
    <div className="link-chip" data-testid="product-chip">
      <ProductImage src={p.imageUrls[0]} size={40} />
      <div className="link-chip-info">
        <div className="link-chip-name">{p.name}</div>
        <div className="link-chip-sub">{p.spec} · {t('life.productPool')}</div>
      </div>
    </div>
  );
}

export function LinkChip({ link, onOpenGroupBuy }: { link: PostLink; onOpenGroupBuy?: (id: string) => void }) {
  return link.type === 'group_buy'
    ? <GroupBuyChip id={link.id} onClick={onOpenGroupBuy ? () => onOpenGroupBuy(link.id) : undefined} />
    : <ProductChip id={link.id} />;
}

/** Poll options with the running count (leaders always see it). */
export function PollBlock({ poll, timeZone }: { poll: PollView; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const total = poll.options.reduce((s, o) => s + (o.votes ?? 0), 0);
  return (
    <div className="poll-block" data-testid="poll-block">
      <div className="poll-meta">
        {poll.multiple ? t('life.poll.multiple') : t('life.poll.single')} · {t('life.poll.voters', { n: poll.voters })} ·{' '}
        {poll.closed ? t('life.poll.closed') : poll.closesAt ? t('life.poll.closesAt', { time: formatTime(poll.closesAt, timeZone, locale) }) : ''}
      </div>
      {poll.options.map((o) => {
        const pct = total > 0 && o.votes !== null ? Math.round((o.votes / total) * 100) : 0;
        return (
          <div key={o.id} className="poll-option">
            <div className="poll-option-bar" style={{ width: `${pct}%` }} aria-hidden="true" />
            <span className="poll-option-label">{o.label}</span>
            <span className="poll-option-votes">{o.votes === null ? '' : t('life.poll.votes', { n: o.votes })}</span>
          </div>
        );
      })}
    </div>
  );
}

/** Checks and previews for phone photos going to an ImageUploader; the File rides in `extra`. */
export function usePhotoPicking() {
  const { t } = useTranslation('leader');
  const maxBytes = useLimits().files.imageBytes;
  const previews = useRef<string[]>([]);
  useEffect(() => {
    const urls = previews.current;
    return () => { setTimeout(() => urls.forEach((u) => URL.revokeObjectURL(u)), 5000); };
  }, []);
  const beforeUpload = (file: File) => {
    if (!IMAGE_TYPES.includes(file.type)) {
      Toast.show({ content: t('life.photos.notImage', { name: file.name }) });
      return null;
    }
    if (file.size > maxBytes) {
      Toast.show({ content: t('life.photos.tooLarge', { name: file.name, mb: Math.round(maxBytes / 1024 / 1024) }) });
      return null;
    }
    return file;
  };
  const upload = async (file: File): Promise<ImageUploadItem> => {
    const url = URL.createObjectURL(file);
    previews.current.push(url);
    return { url, extra: file };
  };
  return { beforeUpload, upload };
}

/** "3 分钟前" style relative time for lists, the exact time in the title. */
export function useAgo() {
  const { t } = useTranslation('leader');
  return (iso: string, now = Date.now()) => {
    const min = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
    if (min < 1) return t('life.ago.now');
    if (min < 60) return t('life.ago.minutes', { n: min });
    const h = Math.floor(min / 60);
    if (h < 24) return t('life.ago.hours', { n: h });
    return t('life.ago.days', { n: Math.floor(h / 24) });
  };
}

/** A counter under a text box: 「12/60」, red when over or under the rule. */
export function Counter({ n, max, min = 0 }: { n: number; max: number; min?: number }) {
  const bad = n > max || (min > 0 && n > 0 && n < min);
  return <span className={`text-counter${bad ? ' bad' : ''}`}>{n}/{max}</span>;
}

const line = (path: ReactNode) => (
  <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" className="inline-icon" aria-hidden="true">{path}</svg>
);
/** Line icons of the community-life pages. */
export const LifeIcon = {
  pen: () => line(<><path d="M4 20h4L19 9l-4-4L4 16v4z" /><path d="m13.5 6.5 4 4" /></>),
  feed: () => line(<><rect x="4" y="4" width="16" height="16" rx="2" /><path d="M8 9h8M8 13h8M8 17h5" /></>),
  question: () => line(<><circle cx="12" cy="12" r="9" /><path d="M9.5 9.5a2.6 2.6 0 0 1 5 .8c0 1.7-2.5 2.2-2.5 3.7" /><path d="M12 17.2v.01" /></>),
  flag: () => line(<><path d="M5 21V4" /><path d="M5 4h11l-2 4 2 4H5" /></>),
  calendar: () => line(<><rect x="3.5" y="5" width="17" height="15" rx="2" /><path d="M3.5 10h17M8 3v4M16 3v4" /></>),
  gift: () => line(<><rect x="3.5" y="9" width="17" height="11" rx="1.5" /><path d="M2.5 9h19M12 9v11" /><path d="M12 9c-1.5-3-5-4-5.5-2S9 9 12 9zm0 0c1.5-3 5-4 5.5-2S15 9 12 9z" /></>),
  person: () => line(<><circle cx="12" cy="8" r="4" /><path d="M4 21c1-4.5 4.2-6.5 8-6.5s7 2 8 6.5" /></>),
  book: () => line(<><path d="M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5z" /><path d="M4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5" /></>),
  pinTop: () => line(<><path d="M9 3h6l-1 6 3 3H7l3-3z" /><path d="M12 12v9" /></>),
  eyeOff: () => line(<><path d="M3 3l18 18" /><path d="M10.6 6.1A9.8 9.8 0 0 1 12 6c5 0 8.5 4.5 9.5 6-.5.8-1.6 2.3-3.2 3.6M6.3 7.7C4.5 9 3.2 10.9 2.5 12c1 1.5 4.5 6 9.5 6 1.4 0 2.7-.3 3.9-.9" /><path d="M9.9 9.9a3 3 0 0 0 4.2 4.2" /></>),
  comment: () => line(<><path d="M4 5h16v11H9l-5 4z" /></>),
  heart: () => line(<><path d="M12 20s-7-4.4-8.6-9A4.6 4.6 0 0 1 12 7.6 4.6 4.6 0 0 1 20.6 11C19 15.6 12 20 12 20z" /></>),
  check: () => line(<><path d="m5 12.5 4.5 4.5L19 7.5" /></>),
  qr: () => line(<><rect x="3" y="3" width="7" height="7" rx="1" /><rect x="14" y="3" width="7" height="7" rx="1" /><rect x="3" y="14" width="7" height="7" rx="1" /><path d="M14 14h3v3h-3zM20 14v.01M14 20h.01M17 20h4v-3" /></>),
  link: () => line(<><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" /><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /></>),
  file: () => line(<><path d="M6 3h8l4 4v14H6z" /><path d="M14 3v4h4M9 13h6M9 17h6" /></>),
};
