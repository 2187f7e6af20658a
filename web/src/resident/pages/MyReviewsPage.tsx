import { Skeleton } from 'antd-mobile';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { useMyReviews, useReviewableLines } from '../lib/reviews';
import { useTimeFormat } from '../lib/time';
import { MobilePage, useTitle } from '../components/Page';
import { ProductImage } from '../components/ProductImage';
import { Stars } from '../components/reviews/Stars';
import { ErrorView } from '../components/ErrorView';

/** /me/reviews — 我的评价: what she can still review, and what she wrote (hidden ones with the reason). */
export default function MyReviewsPage() {
  return <RequireLogin>{() => <MyReviews />}</RequireLogin>;
}

function MyReviews() {
  const { t } = useTranslation('reviews');
  const [params, setParams] = useSearchParams();
  const lines = useReviewableLines();
  const mine = useMyReviews();
  const fmt = useTimeFormat();
  const tab = params.get('tab') === 'reviewed' ? 'reviewed' : 'toReview';
  useTitle(t('mine.title'));
  const error = lines.error ?? mine.error;
  return (
    <MobilePage title={t('mine.title')} back="/orders">
      <div className="rv-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'toReview'} className={`rv-tab${tab === 'toReview' ? ' rv-tab-on' : ''}`} onClick={() => setParams({}, { replace: true })} data-testid="tab-to-review">
          {t('mine.toReview', { n: lines.data?.length ?? 0 })}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'reviewed'} className={`rv-tab${tab === 'reviewed' ? ' rv-tab-on' : ''}`} onClick={() => setParams({ tab: 'reviewed' }, { replace: true })} data-testid="tab-reviewed">
          {t('mine.reviewed', { n: mine.data?.length ?? 0 })}
        </button>
      </div>
      {error ? <ErrorView error={error} onRetry={() => { void lines.refetch(); void mine.refetch(); }} />
        : !lines.data || !mine.data ? <div className="r-pad" aria-busy="true"><Skeleton.Paragraph lineCount={5} animated /></div>
          : tab === 'toReview' ? (
            lines.data.length === 0 ? <p className="r-pad r-muted" data-testid="nothing-to-review">{t('mine.emptyToReview')}</p> : lines.data.map((l) => (
              <section key={l.orderLineId} className="r-card rv-line" data-testid="reviewable-line">
                <ProductImage src={l.productImage ?? undefined} alt={l.productName} className="r-oline-img" />
                <div className="rv-line-text">
                  <div className="r-strong" translate="no">{l.productName}</div>
                  <div className="r-muted r-small">{t('mine.pickedUpAt', { time: fmt.time(l.pickedUpAt) })}</div>
                </div>
                <Link to={`/reviews/new/${l.orderLineId}`} className="rv-entry rv-line-go" data-testid="review-entry">{t('entry')}</Link>
              </section>
            ))
          ) : mine.data.length === 0 ? <p className="r-pad r-muted">{t('mine.emptyReviewed')}</p> : mine.data.map((r) => (
            <section key={r.id} className="r-card" data-testid="my-review">
              <div className="rv-line">
                <ProductImage src={r.productImage ?? undefined} alt={r.productName} className="r-oline-img" />
                <div className="rv-line-text">
                  <div className="r-strong" translate="no">{r.productName}</div>
                  <div className="rv-card-meta">
                    <Stars n={r.stars} />
                    <span className="r-muted r-small">{fmt.time(r.createdAt)}</span>
                    {r.edited && <span className="rv-edited">{t('edited')}</span>}
                  </div>
                </div>
                <Link to={`/reviews/${r.id}/edit`} className="rv-entry rv-entry-done rv-line-go" data-testid="review-edit">{t('mine.edit')}</Link>
              </div>
              {r.body && <p className="rv-body" translate="no">{r.body}</p>}
              {r.photos.length > 0 && <div className="rv-photos">{r.photos.map((p, i) => <span key={p.id} className="rv-photo"><img src={p.url} alt={`${i + 1}`} /></span>)}</div>}
              {r.hidden && (
                <div className="rv-hidden-note" data-testid="review-hidden">
                  <div className="r-strong">{t('mine.hidden')}</div>
                  {r.hiddenReason && <div>{t('mine.hiddenReason', { reason: r.hiddenReason })}</div>}
                </div>
              )}
            </section>
          ))}
      <div className="r-bottom-spacer" />
    </MobilePage>
  );
}
