import { Button, DotLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { GroupBuyItemView } from '../../../shared/types';
import { useItemReviewSummaries, useItemReviews } from '../../lib/reviews';
import { ReviewSummaryBars } from './ReviewSummaryBars';
import { ReviewCard } from './ReviewCard';

/** 邻居评价 on a group buy page: one item at a time (a chip per item), its distribution and reviews, ten at a time. */
export function ItemReviews({ groupBuyId, items, time, chosen, onChoose }: { groupBuyId: string; items: GroupBuyItemView[]; time: (iso: string) => string; chosen: string | undefined; onChoose: (itemId: string) => void }) {
  const { t } = useTranslation('reviews');
  const summaries = useItemReviewSummaries(groupBuyId, items.length > 0);
  const item = items.find((i) => i.id === chosen) ?? items[0];
  if (!item) return null;
  const countOf = (id: string) => summaries.data?.find((s) => s.itemId === id)?.summary.count;
  return (
    <section className="r-card rv-section" id="item-reviews" data-testid="item-reviews">
      <h2 className="r-card-title">{t('product.title')}</h2>
      {items.length > 1 && (
        <div className="rv-chips" role="tablist">
          {items.map((i) => (
            <button key={i.id} type="button" role="tab" aria-selected={i.id === item.id} className={`rv-chip${i.id === item.id ? ' rv-chip-on' : ''}`} onClick={() => onChoose(i.id)}>
              <span translate="no">{i.product.name}</span>{countOf(i.id) !== undefined && <span className="rv-chip-n">{countOf(i.id)}</span>}
            </button>
          ))}
        </div>
      )}
      <ReviewsOfItem key={item.id} groupBuyId={groupBuyId} itemId={item.id} time={time} />
    </section>
  );
}

function ReviewsOfItem({ groupBuyId, itemId, time }: { groupBuyId: string; itemId: string; time: (iso: string) => string }) {
  const { t } = useTranslation('reviews');
  const q = useItemReviews(groupBuyId, itemId);
  const first = q.data?.pages[0];
  if (!first) return <div className="r-muted rv-loading"><DotLoading /></div>;
  const all = (q.data?.pages ?? []).flatMap((p) => p.items);
  if (first.summary.count === 0) return <p className="rv-empty" data-testid="reviews-empty">{t('product.empty')}</p>;
  return (
    <>
      <ReviewSummaryBars summary={first.summary} />
      <div className="rv-all-verified r-small">✓ {t('product.allVerified')}</div>
      <div className="rv-list">{all.map((r) => <ReviewCard key={r.id} review={r} when={time(r.createdAt)} />)}</div>
      {q.hasNextPage ? (
        <Button block fill="outline" shape="rounded" className="rv-more" loading={q.isFetchingNextPage} onClick={() => { void q.fetchNextPage(); }} data-testid="reviews-more">{t('product.loadMore')}</Button>
      ) : all.length > 3 ? <div className="r-muted r-center r-small rv-end">{t('product.noMore')}</div> : null}
    </>
  );
}

/** On an item card: 「★ 3.7 · 3 条评价」 (or 「暂无评价」), opening that item's reviews below. */
export function ItemReviewsLink({ groupBuyId, itemId, onOpen }: { groupBuyId: string; itemId: string; onOpen: () => void }) {
  const { t } = useTranslation('reviews');
  const summaries = useItemReviewSummaries(groupBuyId, true);
  const s = summaries.data?.find((x) => x.itemId === itemId)?.summary;
  if (!s) return null;
  return (
    <button type="button" className="rv-item-link" onClick={onOpen} data-testid="item-reviews-link">
      {s.count > 0 ? <><span className="rv-item-link-star">★ {s.average?.toFixed(1)}</span> · {t('product.count', { n: s.count })}</> : t('product.none')} ›
    </button>
  );
}
