import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Form, ImageUploader, ImageViewer, Rate, Tag, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import type { CatalogProduct, Endorsement } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, ProductImage, Stars, errorMessage, useLeaderOf } from './components';
import { postForm } from './lib';
import { leaderKeys, productKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** The community's endorsements (active and withdrawn), newest first. */
export function useEndorsements(communityId: string, enabled = true) {
  return useQuery({
    queryKey: leaderKeys.endorsements(communityId),
    queryFn: () => api<{ items: Endorsement[] }>(`/api/communities/${communityId}/endorsements`),
    enabled,
  });
}

export function useProducts() {
  return useQuery({ queryKey: productKeys.list(), queryFn: () => api<{ items: CatalogProduct[] }>('/api/products') });
}

/** /leader/:communityId/trials — 试用背书: what this leader has vouched for, and withdrawing. */
export function TrialsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <TrialsList communityId={communityId} timeZone={community.timeZone} />;
}

function TrialsList({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const list = useEndorsements(communityId);
  const products = useProducts();
  const [withdrawing, setWithdrawing] = useState<Endorsement | null>(null);
  const base = `/leader/${communityId}`;
  const productOf = (id: string) => products.data?.items.find((p) => p.id === id);

  let content;
  if (list.isPending) content = <PageLoading />;
  else if (list.isError) content = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else {
    const active = list.data.items.filter((e) => !e.withdrawnAt);
    const withdrawn = list.data.items.filter((e) => e.withdrawnAt);
    content = (
      <>
        <h3 className="list-heading">{t('trials.activeTitle', { count: active.length })}</h3>
        {active.length === 0 ? (
          <EmptyState title={t('trials.emptyTitle')} description={t('trials.emptyHint')} />
        ) : (
          <div className="endorse-list">
            {active.map((e) => (
              <EndorsementCard key={e.id} e={e} image={productOf(e.productId)?.imageUrls[0]} timeZone={timeZone}>
                <div className="endorse-actions">
                  <Button size="small" color="primary" onClick={() => navigate(`${base}/new?product=${e.productId}`)}>{t('trials.openWith')}</Button>
                  <Button size="small" onClick={() => navigate(`${base}/trials/new?product=${e.productId}`)}>{t('trials.again')}</Button>
                  <Button size="small" fill="none" className="endorse-withdraw-btn" onClick={() => setWithdrawing(e)} data-testid="withdraw-endorsement">{t('trials.withdraw')}</Button>
                </div>
              </EndorsementCard>
            ))}
          </div>
        )}
        {withdrawn.length > 0 && (
          <>
            <h3 className="list-heading">{t('trials.withdrawnTitle', { count: withdrawn.length })}</h3>
            <div className="endorse-list">
              {withdrawn.map((e) => (
                <EndorsementCard key={e.id} e={e} image={productOf(e.productId)?.imageUrls[0]} timeZone={timeZone}>
                  {e.withdrawReason !== 'superseded' && (
                    <div className="endorse-actions">
                      <Button size="small" onClick={() => navigate(`${base}/trials/new?product=${e.productId}`)}>{t('trials.again')}</Button>
                    </div>
                  )}
                </EndorsementCard>
              ))}
            </div>
          </>
        )}
      </>
    );
  }

  return (
    <LeaderPage title={t('trials.navTitle')} communityId={communityId} back={base}>
      <section className="trial-intro">
        <div className="trial-intro-title">{t('trials.introTitle')}</div>
        <div className="trial-intro-text">{t('trials.introText')}</div>
        <Button block color="primary" size="large" onClick={() => navigate(`${base}/trials/new`)} data-testid="new-trial">
          ＋ {t('trials.record')}
        </Button>
      </section>
      {content}
      <WithdrawDialog endorsement={withdrawing} communityId={communityId} onClose={() => setWithdrawing(null)} />
    </LeaderPage>
  );
}

function EndorsementCard({ e, image, timeZone, children }: { e: Endorsement; image?: string; timeZone: string; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const withdrawn = !!e.withdrawnAt;
  return (
    <article className={`endorse-card${withdrawn ? ' withdrawn' : ''}`} data-testid="endorsement-row">
      <div className="endorse-head">
        <ProductImage src={image} size={56} />
        <div className="endorse-head-info">
          <div className="endorse-product">{e.productName}</div>
          <div className="endorse-meta">
            <Stars rating={e.rating} label={t('trials.starsLabel', { n: e.rating })} />
            <span>{t('trials.triedAt', { time: formatTime(e.createdAt, timeZone, locale) })}</span>
          </div>
        </div>
        {withdrawn ? <Tag color="default" fill="outline">{t('trials.statusWithdrawn')}</Tag> : <Tag color="success" fill="solid" round>{t('trials.statusActive')}</Tag>}
      </div>
      <p className="endorse-story">{e.story}</p>
      {e.photoUrls.length > 0 && (
        <div className="endorse-photos">
          {e.photoUrls.map((url, i) => (
            <button type="button" key={url} className="endorse-photo" onClick={() => ImageViewer.Multi.show({ images: e.photoUrls, defaultIndex: i })} aria-label={t('trials.photoN', { n: i + 1 })}>
              <img src={url} alt="" loading="lazy" />
            </button>
          ))}
        </div>
      )}
      {withdrawn && (
        <div className="endorse-withdrawn-note">
          {e.withdrawReason === 'superseded'
            ? t('trials.superseded', { time: formatTime(e.withdrawnAt!, timeZone, locale) })
            : t('trials.withdrawnAt', { time: formatTime(e.withdrawnAt!, timeZone, locale), reason: e.withdrawReason ?? '' })}
        </div>
      )}
      {children}
    </article>
  );
}

function WithdrawDialog({ endorsement, communityId, onClose }: { endorsement: Endorsement | null; communityId: string; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setReason('');
    setError(null);
  }, [endorsement?.id]);
  const withdraw = useMutation({
    mutationFn: (vars: { id: string; reason: string }) => api<Endorsement>(`/api/endorsements/${vars.id}/withdraw`, { body: { reason: vars.reason } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: leaderKeys.endorsements(communityId) });
      Toast.show({ icon: 'success', content: t('trials.withdrawnToast') });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    if (!endorsement) return;
    if (!reason.trim()) {
      setError(t('trials.reasonRequired'));
      return;
    }
    withdraw.mutate({ id: endorsement.id, reason: reason.trim() });
  };
  return (
    <Dialog
      visible={!!endorsement}
      onClose={onClose}
      title={t('trials.withdrawTitle', { name: endorsement?.productName ?? '' })}
      content={
        <div className="withdraw-dialog">
          <p className="withdraw-warning">{t('trials.withdrawWarning')}</p>
          <TextArea value={reason} onChange={(v) => { setReason(v); setError(null); }} placeholder={t('trials.reasonPlaceholder')} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} data-testid="withdraw-reason" />
          <ActionError message={error} />
        </div>
      }
      actions={[[
        { key: 'cancel', text: t('cancel', { ns: 'common' }), onClick: onClose },
        { key: 'ok', text: withdraw.isPending ? t('trials.withdrawing') : t('trials.withdrawConfirm'), danger: true, bold: true, disabled: withdraw.isPending, onClick: submit },
      ]]}
    />
  );
}

/** /leader/:communityId/trials/new?product= — record a trial: stars, his own words, photos from the phone. */
export function TrialFormPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <TrialForm communityId={communityId} />;
}

interface TrialValues { rating: number; story: string; photos: ImageUploadItem[] }

function TrialForm({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const limits = useLimits();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
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

  const save = useMutation({
    mutationFn: (values: TrialValues) => {
      const body = new FormData();
      body.append('productId', product!.id);
      body.append('rating', String(values.rating));
      body.append('story', values.story.trim());
      for (const item of values.photos ?? []) {
        const file = item.extra as File | undefined;
        if (file) body.append('photos', file, file.name);
      }
      return postForm<Endorsement>(`/api/communities/${communityId}/endorsements`, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: leaderKeys.endorsements(communityId) });
      Toast.show({ icon: 'success', content: t('trial.saved') });
      navigate(thenOpen ? `${base}/new?product=${product!.id}` : `${base}/trials`, { replace: true });
    },
    onError: (err) => setServerError(errorMessage(err)),
  });

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
            {product.standards && product.standards.length > 0 && <div className="standard-tags">{product.standards.map((s) => <span key={s} className="standard-tag">{s}</span>)}</div>}
          </div>
          <a className="nav-link" onClick={() => pick(null)}>{t('new.change')}</a>
        </div>
        {current && <div className="leader-notice static">{t('trial.replaces', { n: current.rating })}</div>}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ rating: 0, story: '', photos: [] }}
          onFinish={(v) => { setServerError(null); save.mutate(v); }}
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
