import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrderReviewState } from '../../lib/reviews';

/** On an order line: 「评价」 once it is in her hands, 「已评价」 (to edit) after, a hint while a hand-over awaits her confirmation. */
export function LineReviewEntry({ state }: { state: OrderReviewState }) {
  const { t } = useTranslation('reviews');
  if (state.state === 'reviewable') return <Link to={`/reviews/new/${state.orderLineId}`} className="rv-entry" data-testid="line-review">{t('entry')}</Link>;
  if (state.state === 'reviewed' && state.reviewId) return <Link to={`/reviews/${state.reviewId}/edit`} className="rv-entry rv-entry-done" data-testid="line-reviewed">{t('entryDone')}</Link>;
  if (state.state === 'confirm_first') return <span className="rv-entry-wait">{t('entryConfirmFirst')}</span>;
  return null;
}
