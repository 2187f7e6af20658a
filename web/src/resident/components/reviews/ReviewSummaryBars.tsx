import { useTranslation } from 'react-i18next';
import type { ReviewSummary } from '../../lib/reviews';
import { Stars } from './Stars';

/** The average, the count and one bar per star level (5★ first), counted from every shown review. */
export function ReviewSummaryBars({ summary }: { summary: ReviewSummary }) {
  const { t } = useTranslation('reviews');
  const max = Math.max(1, ...summary.distribution.map((d) => d.count));
  return (
    <div className="rv-summary" data-testid="review-summary">
      <div className="rv-summary-head">
        <span className="rv-avg" data-testid="review-average">{summary.average?.toFixed(1) ?? '–'}</span>
        <span className="rv-summary-side">
          <Stars n={Math.round(summary.average ?? 0)} size={20} />
          <span className="r-muted" data-testid="review-count">{t('product.count', { n: summary.count })}</span>
        </span>
      </div>
      <ul className="rv-bars">
        {summary.distribution.map((d) => (
          <li key={d.stars} className="rv-bar-row" aria-label={t('product.bar', { stars: d.stars, n: d.count })} data-testid={`bar-${d.stars}`}>
            <span className="rv-bar-label">{d.stars}★</span>
            <span className="rv-bar-track"><span className="rv-bar-fill" style={{ width: `${(d.count / max) * 100}%` }} /></span>
            <span className="rv-bar-count">{d.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
