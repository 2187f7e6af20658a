import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReviewableLine } from '../../lib/reviews';
import { ChevronRight } from '../icons';
import { Star } from './Stars';

/** 「我的评价」 row in 我的: how many picked-up items wait for her review. */
export function ReviewsEntry({ toReview }: { toReview: ReviewableLine[] | undefined }) {
  const { t } = useTranslation('reviews');
  const n = toReview?.length ?? 0;
  return (
    <Link to="/me/reviews" className="r-card r-me-link" data-testid="reviews-entry">
      <span className="r-me-link-icon"><Star filled size={20} /></span>
      <span className="r-me-link-text">
        <span className="r-strong">{t('mine.title')}</span>
        <span className="r-small r-muted r-ellipsis">{n > 0 ? t('mine.toReview', { n }) : t('mine.entryHint')}</span>
      </span>
      {n > 0 && <span className="r-count-pill">{n}</span>}
      <ChevronRight size={16} className="r-muted" />
    </Link>
  );
}

/** 「评价」 entries under an order in 我的订单: one per picked-up line not yet reviewed. */
export function OrderReviewEntries({ lines }: { lines: ReviewableLine[] }) {
  const { t } = useTranslation('reviews');
  if (lines.length === 0) return null;
  return (
    <div className="rv-order-entries">
      {lines.map((l) => (
        <Link key={l.orderLineId} to={`/reviews/new/${l.orderLineId}`} className="rv-entry" data-testid="order-review-entry">
          {t('entry')} · <span translate="no">{l.productName}</span>
        </Link>
      ))}
    </div>
  );
}
