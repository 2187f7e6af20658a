import { useTranslation } from 'react-i18next';
import type { PublicReview } from '../../lib/reviews';
import { Stars } from './Stars';

/** One neighbour's review: masked name, 已购买认证, stars, words, photos, 已修改 when edited. */
export function ReviewCard({ review, when }: { review: PublicReview; when: string }) {
  const { t } = useTranslation('reviews');
  return (
    <article className="rv-card" data-testid="review-card">
      <div className="rv-card-head">
        <span className="rv-author" translate="no">{review.author}</span>
        {review.mine && <span className="rv-mine">{t('product.mine')}</span>}
        <span className="rv-verified" data-testid="verified-mark">✓ {t('verified')}</span>
      </div>
      <div className="rv-card-meta">
        <Stars n={review.stars} />
        <span className="r-muted r-small">{when}</span>
        {review.edited && <span className="rv-edited" data-testid="review-edited">{t('edited')}</span>}
      </div>
      {review.body && <p className="rv-body" translate="no">{review.body}</p>}
      {review.photos.length > 0 && (
        <div className="rv-photos">
          {review.photos.map((url, i) => (
            <a key={url} href={url} target="_blank" rel="noreferrer" className="rv-photo"><img src={url} alt={`${i + 1}`} loading="lazy" /></a>
          ))}
        </div>
      )}
    </article>
  );
}
