import { useState } from 'react';
import { Button, Dialog, Skeleton, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { isUuid } from '../lib/api';
import { REVIEW_BODY_MAX, REVIEW_PHOTOS_MAX, useMyReview, useReviewableLines, useSaveReview, type MyReviewDetail, type ReviewableLine } from '../lib/reviews';
import { MobilePage, useTitle } from '../components/Page';
import { ProductImage } from '../components/ProductImage';
import { PhotoPicker } from '../components/PhotoPicker';
import { StarsInput } from '../components/reviews/Stars';
import { ErrorView } from '../components/ErrorView';
import { NotFound } from './NotFound';

/** /reviews/new/:lineId — review a line she picked up; /reviews/:reviewId/edit — change her own review. */
export function NewReviewPage() {
  const { lineId } = useParams();
  if (!isUuid(lineId)) return <NotFound kind="order" />;
  return <RequireLogin>{() => <NewReview lineId={lineId} />}</RequireLogin>;
}

export function EditReviewPage() {
  const { reviewId } = useParams();
  if (!isUuid(reviewId)) return <NotFound kind="order" />;
  return <RequireLogin>{() => <EditReview id={reviewId} />}</RequireLogin>;
}

function NewReview({ lineId }: { lineId: string }) {
  const { t } = useTranslation('reviews');
  const lines = useReviewableLines();
  useTitle(t('form.titleNew'));
  if (lines.isError) return <MobilePage title={t('form.titleNew')} back="/me/reviews"><ErrorView error={lines.error} onRetry={() => lines.refetch()} /></MobilePage>;
  if (!lines.data) return <Loading title={t('form.titleNew')} />;
  const line = lines.data.find((l) => l.orderLineId === lineId);
  if (!line) return <MobilePage title={t('form.titleNew')} back="/me/reviews"><p className="r-pad r-muted">{t('form.notFound')}</p></MobilePage>;
  return <ReviewForm line={line} />;
}

function EditReview({ id }: { id: string }) {
  const { t } = useTranslation('reviews');
  const review = useMyReview(id);
  useTitle(t('form.titleEdit'));
  if (review.isError) return <MobilePage title={t('form.titleEdit')} back="/me/reviews"><ErrorView error={review.error} onRetry={() => review.refetch()} /></MobilePage>;
  if (!review.data) return <Loading title={t('form.titleEdit')} />;
  return <ReviewForm review={review.data} />;
}

function Loading({ title }: { title: string }) {
  return <MobilePage title={title} back="/me/reviews"><div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={4} animated /></div></MobilePage>;
}

function ReviewForm({ line, review }: { line?: ReviewableLine; review?: MyReviewDetail }) {
  const { t } = useTranslation('reviews');
  const navigate = useNavigate();
  const save = useSaveReview(review ? { reviewId: review.id } : { lineId: line!.orderLineId });
  const [stars, setStars] = useState(review?.stars ?? 0);
  const [body, setBody] = useState(review?.body ?? '');
  const [photos, setPhotos] = useState<File[]>([]);
  const [kept, setKept] = useState(review?.photos ?? []);
  const [tried, setTried] = useState(false);
  const title = review ? t('form.titleEdit') : t('form.titleNew');
  const name = review?.productName ?? line!.productName;
  const image = review?.productImage ?? line!.productImage;

  const submit = () => {
    setTried(true);
    if (stars < 1) return;
    save.mutate({ stars, body, photos, keepPhotoIds: review ? kept.map((p) => p.id) : undefined }, {
      onSuccess: () => {
        Toast.show({ icon: 'success', content: review ? t('form.savedEdit') : t('form.saved'), duration: 2000 });
        navigate('/me/reviews?tab=reviewed', { replace: true });
      },
      onError: (err) => { void Dialog.alert({ title: t('form.failed'), content: err instanceof ApiError ? err.message : String(err), confirmText: 'OK' }); },
    });
  };

  return (
    <MobilePage title={title} back="/me/reviews" className="rv-form">
      <section className="r-card rv-form-product">
        <ProductImage src={image ?? undefined} alt={name} />
        <div>
          <div className="rv-form-name" translate="no">{name}</div>
          {line && <div className="r-muted r-small" translate="no">{line.spec} × {line.quantity}</div>}
        </div>
      </section>

      <section className="r-card" data-testid="review-stars-input">
        <div className="rv-question">{t('form.starsQuestion')}</div>
        <StarsInput value={stars} onChange={setStars} invalid={tried && stars < 1} />
      </section>

      <section className="r-card">
        <label className="r-card-title" htmlFor="review-body">{t('form.bodyLabel')}</label>
        <textarea id="review-body" className="rv-textarea" value={body} maxLength={REVIEW_BODY_MAX} placeholder={t('form.bodyPlaceholder')}
          onChange={(e) => setBody(e.target.value)} data-testid="review-body" />
        <div className="rv-count">{body.length}/{REVIEW_BODY_MAX}</div>
      </section>

      <section className="r-card">
        <div className="r-card-title">{t('form.photosLabel', { max: REVIEW_PHOTOS_MAX })}</div>
        {kept.length > 0 && (
          <>
            <div className="r-muted r-small">{t('form.keptPhotos')}</div>
            <div className="rv-kept">
              {kept.map((p, i) => (
                <div key={p.id} className="rv-kept-cell">
                  <img src={p.url} alt={`${i + 1}`} />
                  <button type="button" className="rv-kept-remove" aria-label="×" onClick={() => setKept(kept.filter((x) => x.id !== p.id))}><span>×</span></button>
                </div>
              ))}
            </div>
          </>
        )}
        <PhotoPicker files={photos} onChange={setPhotos} max={REVIEW_PHOTOS_MAX - kept.length} testId="review-photos" />
      </section>

      <div className="rv-note">{review ? t('form.editNote') : t('form.honest')}</div>
      <div className="rv-submit">
        <Button block color="primary" shape="rounded" size="large" loading={save.isPending} onClick={submit} data-testid="review-submit">
          {review ? t('form.submitEdit') : t('form.submit')}
        </Button>
      </div>
      <div className="r-bottom-spacer" />
    </MobilePage>
  );
}
