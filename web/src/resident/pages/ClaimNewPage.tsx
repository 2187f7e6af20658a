import { useRef, useState } from 'react';
import { Button, Dialog, Skeleton, Stepper, TextArea } from 'antd-mobile';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, postForm, yuan } from '../../shared/api';
import '../campaign/guarantee.css';
import { RequireLogin } from '../../shared/auth';
import type { Me, OrderLineView, OrderView } from '../../shared/types';
import { isUuid, useOrder } from '../lib/api';
import { communityOf } from '../lib/community';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ProductImage } from '../components/ProductImage';
import { PhotoPicker } from '../components/PhotoPicker';
import { ChevronRight, ShieldIcon } from '../components/icons';
import {
  CLAIM_KINDS, claimWindowOpen, needsPhoto, useLineClaim,
  type ClaimDetail, type ClaimKind,
} from '../components/claims';
import { NotFound } from './NotFound';
import { claimKeys, guaranteeKeys, meKeys, orderKeys } from '../../shared/query-keys';
import { useLimits } from '../../shared/limits';

/**
 * /orders/:orderId/claim?line=<lineId> — 申请售后 on one line of her order (one product of her
 * basket): what went wrong, how many, a few words, a photo. A one-line order needs no ?line.
 */
export default function ClaimNewPage() {
  const { orderId } = useParams();
  const [search] = useSearchParams();
  const lineId = search.get('line');
  if (!isUuid(orderId) || (lineId !== null && !isUuid(lineId))) return <NotFound kind="order" />;
  return <RequireLogin>{(me) => <ClaimNew me={me} orderId={orderId} lineId={lineId} />}</RequireLogin>;
}

function ClaimNew({ me, orderId, lineId }: { me: Me; orderId: string; lineId: string | null }) {
  const { t } = useTranslation('resident');
  const { windowDays } = useLimits().claims;
  const order = useOrder(orderId);
  const o = order.data as OrderView | undefined;
  const line = o ? (lineId ? o.lines.find((l) => l.id === lineId) : o.lines.length === 1 ? o.lines[0] : undefined) : undefined;
  const existing = useLineClaim(line?.id ?? '', !!line && line.status === 'picked_up');
  useTitle(t('claimNew.title'));
  const back = `/orders/${orderId}`;
  const page = (children: React.ReactNode) => (
    <MobilePage title={t('claimNew.title')} back={back} right={<LanguageSwitch className="r-lang-nav" />} className="r-claim-new">{children}</MobilePage>
  );

  if (order.isError) return page(<ErrorView error={order.error} onRetry={() => order.refetch()} />);
  // Several lines and none named: each line on the order page has its own 售后 link.
  if (o && !line) return lineId ? <NotFound kind="order" /> : <Navigate to={back} replace />;
  if (!o || !line || (line.status === 'picked_up' && existing.isPending)) {
    return page(<div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={6} animated /></div>);
  }
  if (existing.data) {
    return page(
      <Blocked title={t('claimNew.alreadyTitle')} text={t('claimNew.alreadyText')}>
        <GoButton to={`/claims/${existing.data.id}`} primary testId="claim-existing">{t('claimNew.alreadyView')}</GoButton>
      </Blocked>,
    );
  }
  if (line.status !== 'picked_up') {
    const unpaid = line.status === 'pending_payment' || line.status === 'cancelled' || line.status === 'refunded';
    return page(<Blocked title={t(unpaid ? 'claimNew.unpaidTitle' : 'claimNew.notPickedTitle')} text={t(unpaid ? 'claimNew.unpaidText' : 'claimNew.notPickedText')} back={back} />);
  }
  if (!claimWindowOpen(line.pickedUpAt, windowDays)) {
    return page(<Blocked title={t('claimNew.closedTitle')} text={t('claimNew.closedText', { days: windowDays })} back={back} />);
  }
  return <ClaimForm me={me} order={o} line={line} />;
}

/** Why there is no form here, and the way back. */
function Blocked({ title, text, back, children }: { title: string; text: string; back?: string; children?: React.ReactNode }) {
  const { t } = useTranslation('resident');
  return (
    <section className="r-card r-claim-blocked" data-testid="claim-blocked">
      <div className="r-claim-blocked-title">{title}</div>
      <p className="r-paragraph">{text}</p>
      <div className="r-claim-blocked-actions">
        {children}
        {back && <GoButton to={back}>{t('claimNew.backToOrder')}</GoButton>}
        <Link to="/guarantees" className="r-claim-rules-link">{t('aftersales.rulesLink')} ›</Link>
      </div>
    </section>
  );
}

/** The campaigns she bought this line under add their guarantee to the platform's: say which, before she files. */
function LineCampaignGuarantees({ lineId }: { lineId: string }) {
  const { t } = useTranslation('guarantee');
  const q = useQuery({
    queryKey: guaranteeKeys.line(lineId),
    queryFn: () => api<{ campaigns: { slug: string; name: string; rules: { key: string; name: string; description: string }[] }[] }>(`/api/order-lines/${lineId}/guarantees`),
  });
  if (!q.data?.campaigns.length) return null;
  return (
    <>
      {q.data.campaigns.filter((c) => c.rules.length > 0).map((c) => (
        <div key={c.slug} className="r-claim-campaign" data-testid="claim-campaign-guarantee">
          <div>{t('claim.covered', { name: c.name })}</div>
          {c.rules.map((r) => <strong key={r.key}>{r.description}</strong>)}
          <Link to={`/campaigns/${c.slug}#campaign-guarantee`} className="r-claim-rules-link">{t('claim.see')}<ChevronRight size={14} /></Link>
        </div>
      ))}
    </>
  );
}

function GoButton({ to, primary, testId, children }: { to: string; primary?: boolean; testId?: string; children: React.ReactNode }) {
  const navigate = useNavigate();
  return <Button block shape="rounded" size="large" color={primary ? 'primary' : 'default'} onClick={() => navigate(to, { replace: true })} data-testid={testId}>{children}</Button>;
}

type Field = 'kind' | 'description' | 'photos';

function ClaimForm({ me, order: o, line }: { me: Me; order: OrderView; line: OrderLineView }) {
  const { t, i18n } = useTranslation('resident');
  const limits = useLimits().claims;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fmt = useTimeFormat(communityOf(me, o.communityId)?.timeZone);
  const units = Math.max(1, line.quantity - (line.refundedQuantity ?? 0));
  const [kind, setKind] = useState<ClaimKind | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const refs = { kind: useRef<HTMLElement>(null), description: useRef<HTMLElement>(null), photos: useRef<HTMLElement>(null) };
  const category = line.product.category;
  const unit = line.product.unit;
  const photoRequired = needsPhoto(category, kind);
  const amountFen = Math.min(quantity * line.unitPriceFen, line.totalFen);

  const submit = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('lineId', line.id);
      form.append('kind', kind!);
      form.append('quantity', String(quantity));
      form.append('description', description.trim());
      for (const f of photos) form.append('photos', f, f.name);
      return postForm<ClaimDetail>('/api/claims', form);
    },
    onSuccess: (res) => {
      queryClient.setQueryData(claimKeys.detail(res.claim.id, i18n.language), res);
      queryClient.setQueryData(claimKeys.forLine(line.id), { id: res.claim.id, lineId: line.id, status: res.claim.status });
      void queryClient.invalidateQueries({ queryKey: claimKeys.forOrder(o.id) });
      void queryClient.invalidateQueries({ queryKey: claimKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.detail(o.id) });
      void queryClient.invalidateQueries({ queryKey: meKeys.trust() });
      navigate(`/claims/${res.claim.id}`, { replace: true });
    },
    onError: async (err) => {
      if (err instanceof ApiError) {
        // Problems with one field go next to it; anything else is said in a dialog.
        const field: Field | null = err.code === 'claim.photo_required' || err.code.startsWith('file.') || err.code === 'claim.too_many_photos' || err.code === 'claim.photo_too_many_pixels'
          ? 'photos' : err.code === 'claim.description_length' ? 'description' : null;
        if (field) {
          setErrors({ [field]: err.message });
          refs[field].current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
          return;
        }
        if (err.code === 'claim.already_filed') {
          void queryClient.invalidateQueries({ queryKey: claimKeys.forLine(line.id) });
          return;
        }
      }
      await Dialog.alert({ title: t('claimNew.failedTitle'), content: <div className="r-dialog-text">{err instanceof ApiError ? err.message : t('claimNew.failed')}</div>, confirmText: t('detail.gotIt') });
    },
  });

  const validate = (): Partial<Record<Field, string>> => {
    const e: Partial<Record<Field, string>> = {};
    if (!kind) e.kind = t('claimNew.errors.kind');
    const len = description.trim().length;
    if (len < limits.descriptionMin) e.description = t('claimNew.errors.descriptionShort', { min: limits.descriptionMin, max: limits.descriptionMax });
    else if (len > limits.descriptionMax) e.description = t('claimNew.errors.descriptionLong', { max: limits.descriptionMax });
    if (photoRequired && photos.length === 0) e.photos = t('claimNew.errors.photoRequired');
    return e;
  };

  const onSubmit = () => {
    if (submit.isPending) return;
    const e = validate();
    setErrors(e);
    const first = (['kind', 'description', 'photos'] as Field[]).find((f) => e[f]);
    if (first) {
      // The message stands next to the field; bring it into view.
      refs[first].current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    submit.mutate();
  };

  const clear = (f: Field) => setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  const addPhrase = (phrase: string) => {
    setDescription((d) => {
      const base = d.trim();
      const sep = i18n.language === 'en' ? ', ' : '，';
      return (base ? `${base}${/[，。,.!！?？]$/.test(base) ? '' : sep}${phrase}` : phrase).slice(0, limits.descriptionMax);
    });
    clear('description');
  };
  const phrases = kind ? (t(`claimNew.phrases.${kind}`, { returnObjects: true }) as unknown as string[]) : [];

  return (
    <MobilePage title={t('claimNew.title')} back={`/orders/${o.id}`} right={<LanguageSwitch className="r-lang-nav" />} className="r-claim-new">
      <section className="r-card r-claim-product">
        <ProductImage src={line.product.imageUrls[0]} alt={line.product.name} className="r-thumb" />
        <div className="r-pay-item-text">
          <div className="r-strong">{line.product.name}{line.groupNumber != null && <span className="r-muted r-small"> #{line.groupNumber}</span>}</div>
          <div className="r-muted r-small">{line.product.spec} · {line.groupBuy.title}</div>
          <div className="r-small"><span className="r-amount">{yuan(line.unitPriceFen)} × {line.quantity}</span>{line.pickedUpAt ? <span className="r-muted"> · {t('claimNew.pickedUp', { time: fmt.time(line.pickedUpAt) })}</span> : null}</div>
        </div>
      </section>

      <section className="r-card" ref={refs.kind as React.RefObject<HTMLElement>}>
        <h2 className="r-card-title" id="claim-kind-title">{t('claimNew.kindTitle')}</h2>
        <div className="r-claim-kinds" role="radiogroup" aria-labelledby="claim-kind-title">
          {CLAIM_KINDS.map((k) => (
            <button
              key={k} type="button" role="radio" aria-checked={kind === k} className={`r-claim-kind${kind === k ? ' r-claim-kind-on' : ''}`}
              onClick={() => { setKind(k); clear('kind'); if (!needsPhoto(category, k)) clear('photos'); }} data-testid={`claim-kind-${k}`}
            >
              <span className="r-claim-kind-name">{t(`aftersales.kinds.${k}`)}</span>
              <span className="r-claim-kind-hint">{t(`aftersales.kindHints.${k}`)}</span>
              {kind === k && <span className="r-claim-kind-check" aria-hidden="true">✓</span>}
            </button>
          ))}
        </div>
        {errors.kind && <div className="r-field-error" role="alert">{errors.kind}</div>}
      </section>

      <section className="r-card">
        <div className="r-claim-qty">
          <div>
            <h2 className="r-card-title r-claim-qty-title">{t('claimNew.quantityTitle', { unit: unit })}</h2>
            <div className="r-small r-muted">{t('claimNew.quantityHint', { n: units, unit: unit })}</div>
          </div>
          {units > 1 ? (
            <Stepper min={1} max={units} value={quantity} onChange={(v) => setQuantity(Math.max(1, Math.min(units, Math.round(v || 1))))} digits={0} inputReadOnly aria-label={t('claimNew.quantityTitle', { unit: unit })} data-testid="claim-quantity" />
          ) : (
            <span className="r-claim-qty-one">1 {unit}</span>
          )}
        </div>
        <div className="r-claim-amount">
          <span>{t('claimNew.amount')}</span>
          <span className="r-claim-amount-value" data-testid="claim-amount">{yuan(amountFen)}</span>
        </div>
      </section>

      <section className="r-card" ref={refs.description as React.RefObject<HTMLElement>}>
        <h2 className="r-card-title"><label htmlFor="claim-description">{t('claimNew.descriptionTitle')}</label></h2>
        {phrases.length > 0 && (
          <div className="r-claim-phrases" aria-label={t('claimNew.phrasesLabel')}>
            {phrases.map((p) => <button key={p} type="button" className="r-claim-phrase" onClick={() => addPhrase(p)}>+ {p}</button>)}
          </div>
        )}
        <TextArea
          id="claim-description" className={`r-claim-textarea${errors.description ? ' r-input-invalid' : ''}`} placeholder={t('claimNew.descriptionPlaceholder')}
          value={description} onChange={(v) => { setDescription(v); clear('description'); }} maxLength={limits.descriptionMax} showCount autoSize={{ minRows: 3, maxRows: 8 }}
          data-testid="claim-description"
        />
        {errors.description && <div className="r-field-error" role="alert">{errors.description}</div>}
      </section>

      <section className="r-card" ref={refs.photos as React.RefObject<HTMLElement>}>
        <h2 className="r-card-title r-claim-photos-title">
          {t('claimNew.photosTitle')}
          {photoRequired ? <span className="r-claim-required">{t('claimNew.required')}</span> : <span className="r-claim-optional">{t('claimNew.optional')}</span>}
        </h2>
        <p className="r-claim-photo-hint">{t('claimNew.photoHint')}</p>
        <PhotoPicker files={photos} onChange={(f) => { setPhotos(f); clear('photos'); }} max={limits.photos} disabled={submit.isPending} invalid={!!errors.photos} />
        {errors.photos && <div className="r-field-error" role="alert">{errors.photos}</div>}
      </section>

      <section className="r-card r-claim-next">
        <ShieldIcon size={22} />
        <div>
          <div className="r-claim-next-title">{t('claimNew.nextTitle')}</div>
          <ul className="r-claim-next-list">
            <li>{t('claimNew.next1')}</li>
            <li>{t('claimNew.next2')}</li>
            <li>{t('claimNew.next3')}</li>
          </ul>
          <Link to="/guarantees" className="r-claim-rules-link" data-testid="claim-rules-link">{t('aftersales.rulesLinkFull')}<ChevronRight size={14} /></Link>
          <LineCampaignGuarantees lineId={line.id} />
        </div>
      </section>

      <div className="r-bottom-spacer r-claim-spacer" />
      <div className="r-bottom-bar">
        <Button block color="primary" shape="rounded" size="large" className="r-claim-submit" loading={submit.isPending} loadingText={photos.length ? t('claimNew.uploading') : t('claimNew.submitting')} onClick={onSubmit} data-testid="claim-submit">
          {t('claimNew.submit')}
        </Button>
        <div className="r-bottom-hint">{t('claimNew.submitHint')}</div>
      </div>
    </MobilePage>
  );
}
