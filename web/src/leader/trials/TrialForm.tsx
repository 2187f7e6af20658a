import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Form, ImageUploader, Rate, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { EmptyState, PageError, PageLoading } from '../../shared/states';
import { ActionError, Icon, LeaderPage, ProductImage, Stars, errorMessage } from '../components';
import { useLimits } from '../../shared/limits';
import { useEndorsements, useProducts } from './useTrials';
import { useRecordTrial } from './useTrials';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export interface TrialValues { rating: number; story: string; photos: ImageUploadItem[] }

export function TrialForm({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const limits = useLimits();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<TrialValues>();
  const [serverError, setServerError] = useState<string | null>(null);
  const productId = params.get('product');
  const thenOpen = params.get('then') === 'open';
  const base = `/leader/${communityId}`;
  const products = useProducts();
  const endorsements = useEndorsements(communityId);
  const product = products.data?.items.find((p) => p.id === productId && p.active) ?? null;
  const activeByProduct = useMemo(() => new Map((endorsements.data?.items ?? []).filter((e) => !e.withdrawnAt).map((e) => [e.productId, e])), [endorsements.data]);
  const current = product ? activeByProduct.get(product.id) : undefined;
  const rating = Form.useWatch('rating', form) ?? 0;

  // Object URLs of the previews live until the page goes away.
  const previews = useRef<string[]>([]);
  useEffect(() => {
    const urls = previews.current;
    // Revoked a little later: the previews may still be painted while the page leaves.
    return () => { setTimeout(() => urls.forEach((u) => URL.revokeObjectURL(u)), 5000); };
  }, []);

  const save = useRecordTrial(communityId, {
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('trial.saved') });
      navigate(thenOpen ? `${base}/new?product=${product!.id}` : `${base}/trials`, { replace: true });
    },
    onError: (err) => setServerError(errorMessage(err)),
  });

  /** The trial as the server takes it: the photos' files from the uploader's items. */
  const formData = (values: TrialValues) => {
    const body = new FormData();
    body.append('productId', product!.id);
    body.append('rating', String(values.rating));
    body.append('story', values.story.trim());
    for (const item of values.photos ?? []) {
      const file = item.extra as File | undefined;
      if (file) body.append('photos', file, file.name);
    }
    return body;
  };

  const pick = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('product', id); else next.delete('product');
    setParams(next, { replace: true });
    setServerError(null);
  };

  const beforeUpload = (file: File) => {
    if (!PHOTO_TYPES.includes(file.type)) {
      Toast.show({ content: t('trial.errors.notImage', { name: file.name }) });
      return null;
    }
    if (file.size > limits.files.imageBytes) {
      Toast.show({ content: t('trial.errors.tooLarge', { name: file.name, mb: (file.size / 1024 / 1024).toFixed(1) }) });
      return null;
    }
    return file;
  };
  const upload = async (file: File): Promise<ImageUploadItem> => {
    const url = URL.createObjectURL(file);
    previews.current.push(url);
    return { url, extra: file };
  };

  let content;
  if (products.isPending) content = <PageLoading />;
  else if (products.isError) content = <PageError error={products.error} onRetry={() => products.refetch()} />;
  else if (!product) {
    const active = products.data.items.filter((p) => p.active);
    // Products not yet tried first: that is what he came here for.
    const sorted = [...active].sort((a, b) => Number(activeByProduct.has(a.id)) - Number(activeByProduct.has(b.id)));
    content = active.length === 0 ? <EmptyState title={t('new.noProducts')} description={t('new.noProductsHint')} /> : (
      <>
        <div className="section-hint">{t('trial.pickHint')}</div>
        <div className="product-pick-list">
          {sorted.map((p) => {
            const e = activeByProduct.get(p.id);
            return (
              <button type="button" key={p.id} className="product-pick" onClick={() => pick(p.id)} data-testid="trial-product-option">
                <ProductImage src={p.imageUrls[0]} size={72} />
                <div className="product-pick-info">
                  <div className="product-pick-name">{p.name}</div>
                  <div className="product-pick-spec">{p.spec}</div>
                  <div className="product-pick-origin"><Icon.pin /> {p.origin}</div>
                  <div className="product-pick-mark">
                    {e ? <span className="mark-endorsed">{t('new.endorsed')} <Stars rating={e.rating} label={t('trials.starsLabel', { n: e.rating })} /></span> : <span className="mark-untried">{t('new.untried')}</span>}
                  </div>
                </div>
                <span className="product-pick-go">{e ? t('trial.retry') : t('trial.choose')}</span>
              </button>
            );
          })}
        </div>
      </>
    );
  } else {
    content = (
      <>
        <div className="product-chosen">
          <ProductImage src={product.imageUrls[0]} size={64} />
          <div className="product-pick-info">
            <div className="product-pick-name">{product.name}</div>
            <div className="product-pick-spec">{product.spec} · {product.origin}</div>
            {product.standards && product.standards.length > 0 && <div className="product-pick-spec">{t('trial.supplierWords')}{product.standards.join('、')}</div>}
          </div>
          <a className="nav-link" onClick={() => pick(null)}>{t('new.change')}</a>
        </div>
        {current && <div className="leader-notice static">{t('trial.replaces', { n: current.rating })}</div>}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ rating: 0, story: '', photos: [] }}
          onFinish={(v) => { setServerError(null); save.mutate(formData(v)); }}
          onFinishFailed={() => Toast.show({ content: t('new.fixErrors') })}
          footer={
            <>
              <p className="trial-pledge">{t('trial.pledge')}</p>
              <ActionError message={serverError} />
              <Button block type="submit" color="primary" size="large" loading={save.isPending} data-testid="trial-submit">
                {thenOpen ? t('trial.submitThenOpen') : t('trial.submit')}
              </Button>
            </>
          }
        >
          <Form.Header>{t('trial.sectionRating')}</Form.Header>
          <Form.Item name="rating" label={t('trial.rating')} description={rating > 0 ? t(`trial.ratingText.${rating}`) : t('trial.ratingHint')}
            rules={[{ validator: async (_, v: number) => { if (!v || v < 1 || v > 5) throw new Error(t('trial.errors.rating')); } }]}>
            <Rate className="trial-rate" data-testid="trial-rating" />
          </Form.Item>
          <Form.Item name="story" label={t('trial.story')} description={t('trial.storyHint')}
            rules={[{
              validator: async (_, v: string) => {
                const n = (v ?? '').trim().length;
                if (n < limits.trials.storyMin) throw new Error(t('trial.errors.storyShort', { min: limits.trials.storyMin, n }));
                if (n > limits.trials.storyMax) throw new Error(t('trial.errors.storyLong', { max: limits.trials.storyMax }));
              },
            }]}>
            <TextArea placeholder={t('trial.storyPlaceholder')} maxLength={limits.trials.storyMax} showCount autoSize={{ minRows: 5, maxRows: 12 }} data-testid="trial-story" />
          </Form.Item>
          <Form.Header>{t('trial.sectionPhotos')}</Form.Header>
          <Form.Item name="photos" label={t('trial.photos', { max: limits.trials.photos })} description={t('trial.photosHint', { max: limits.trials.photos, mb: Math.round(limits.files.imageBytes / 1024 / 1024) })}>
            <ImageUploader
              accept="image/jpeg,image/png,image/webp"
              multiple
              maxCount={limits.trials.photos}
              beforeUpload={beforeUpload}
              upload={upload}
              onCountExceed={(exceed) => Toast.show({ content: t('trial.errors.tooMany', { max: limits.trials.photos, n: exceed }) })}
              data-testid="trial-photos"
            />
          </Form.Item>
        </Form>
      </>
    );
  }

  return (
    <LeaderPage title={t('trial.navTitle')} communityId={communityId} back={thenOpen && productId ? `${base}/new?product=${productId}` : `${base}/trials`}>
      {content}
    </LeaderPage>
  );
}
