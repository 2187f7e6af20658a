import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, TextArea, Toast } from 'antd-mobile';
import { api, ApiError, yuan } from '../shared/api';
import type { CatalogProduct, Endorsement, GroupBuy } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { Icon, ActionError, LeaderPage, NotLeader, ProductImage, Stars, errorMessage, useLeaderOf } from './components';
import { useEndorsements, useProducts } from './TrialsPage';
import { DEFAULT_TZ, parsePositiveInt, parseYuanToFen, zonedDate, zonedToInstant } from './lib';

export interface DateTimeValue { date: string; time: string }

/** Date and time in one wheel picker; the value is wall-clock time in the community's zone. */
export function DateTimeInput({ value, onChange, testId, title }: { value?: DateTimeValue; onChange?: (v: DateTimeValue) => void; testId?: string; title?: string }) {
  const { t, i18n } = useTranslation('leader');
  const [visible, setVisible] = useState(false);
  const parts = value && /^\d{4}-\d{2}-\d{2}$/.test(value.date) && /^\d{2}:\d{2}$/.test(value.time)
    ? { y: Number(value.date.slice(0, 4)), m: Number(value.date.slice(5, 7)), d: Number(value.date.slice(8, 10)), h: Number(value.time.slice(0, 2)), mi: Number(value.time.slice(3, 5)) }
    : null;
  // The picker works on a local Date only as a holder of the wall-clock fields.
  const asLocal = parts ? new Date(parts.y, parts.m - 1, parts.d, parts.h, parts.mi) : undefined;
  const label = parts
    ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(new Date(Date.UTC(parts.y, parts.m - 1, parts.d, parts.h, parts.mi)))
    : t('new.pickTime');
  const now = new Date();
  return (
    <>
      <button type="button" className="datetime-trigger" onClick={() => setVisible(true)} data-testid={testId}>
        <span>{label}</span><span className="datetime-trigger-arrow">›</span>
      </button>
      <DatePicker
        visible={visible}
        onClose={() => setVisible(false)}
        precision="minute"
        title={title}
        value={asLocal}
        min={new Date(now.getFullYear(), now.getMonth(), now.getDate())}
        max={new Date(now.getFullYear() + 1, now.getMonth(), now.getDate())}
        filter={{ minute: (m) => m % 5 === 0 }}
        renderLabel={(type, data) => (['year', 'month', 'day', 'hour', 'minute'].includes(type) ? t(`picker.${type}`, { v: type === 'minute' ? String(data).padStart(2, '0') : data }) : String(data))}
        onConfirm={(d) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          onChange?.({ date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` });
        }}
      />
    </>
  );
}

interface FormValues {
  price: string; stockTotal: string; perPersonLimit: string;
  cutoff: DateTimeValue; pickupStart: DateTimeValue; pickupEnd: DateTimeValue;
  title: string; note: string;
}

export function NewGroupBuyPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <NewGroupBuyForm communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function NewGroupBuyForm({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [serverError, setServerError] = useState<{ message: string; code: string } | null>(null);
  const productId = params.get('product');

  const products = useProducts();
  const product = products.data?.items.find((p) => p.id === productId && p.active) ?? null;
  // The trust rule: only products this community's leader has tried and vouched for can be sold here.
  const endorsements = useEndorsements(communityId);
  const endorsed = useMemo(() => new Map((endorsements.data?.items ?? []).filter((e) => !e.withdrawnAt).map((e) => [e.productId, e])), [endorsements.data]);
  const trialLink = (id: string) => `/leader/${communityId}/trials/new?product=${id}&then=open`;

  const initialValues = useMemo<FormValues>(() => {
    const now = new Date();
    return {
      price: '', stockTotal: '', perPersonLimit: '5',
      cutoff: { date: zonedDate(now, 1, timeZone), time: '20:00' },
      pickupStart: { date: zonedDate(now, 2, timeZone), time: '09:00' },
      pickupEnd: { date: zonedDate(now, 2, timeZone), time: '19:00' },
      title: '', note: '',
    };
  }, [timeZone]);

  const open = useMutation({
    mutationFn: (body: unknown) => api<GroupBuy>(`/api/communities/${communityId}/group-buys`, { body }),
    onSuccess: async (gb) => {
      await queryClient.invalidateQueries({ queryKey: ['leader', 'group-buys', communityId] });
      Toast.show({ icon: 'success', content: t('new.opened') });
      navigate(`/leader/group-buys/${gb.id}`, { replace: true });
    },
    onError: (err) => {
      setServerError({ message: errorMessage(err), code: err instanceof ApiError ? err.code : 'internal' });
      // A stale page may think the product is still endorsed: look again.
      if (err instanceof ApiError && err.code === 'groupbuy.not_endorsed') void endorsements.refetch();
    },
  });

  const instant = (v: DateTimeValue | undefined) => (v ? zonedToInstant(v.date, v.time, timeZone) : null);

  const submit = (values: FormValues) => {
    if (!product) return;
    setServerError(null);
    const body = {
      productId: product.id,
      priceFen: parseYuanToFen(values.price)!,
      stockTotal: parsePositiveInt(values.stockTotal)!,
      perPersonLimit: parsePositiveInt(values.perPersonLimit)!,
      cutoffAt: instant(values.cutoff)!.toISOString(),
      pickupStartAt: instant(values.pickupStart)!.toISOString(),
      pickupEndAt: instant(values.pickupEnd)!.toISOString(),
      ...(values.title.trim() ? { title: values.title.trim() } : {}),
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
    };
    open.mutate(body);
  };

  const pick = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('product', id); else next.delete('product');
    setParams(next, { replace: true });
    setServerError(null);
  };

  let content;
  if (products.isPending || endorsements.isPending) content = <PageLoading />;
  else if (products.isError) content = <PageError error={products.error} onRetry={() => products.refetch()} />;
  else if (endorsements.isError) content = <PageError error={endorsements.error} onRetry={() => endorsements.refetch()} />;
  else if (!product) {
    const active = products.data.items.filter((p) => p.active);
    // What he has vouched for first; the untried ones follow, marked.
    const sorted = [...active].sort((a, b) => Number(endorsed.has(b.id)) - Number(endorsed.has(a.id)));
    content = active.length === 0 ? <EmptyState title={t('new.noProducts')} description={t('new.noProductsHint')} /> : (
      <>
        <div className="section-hint">{t('new.pickHint')}</div>
        <div className="product-pick-list">
          {sorted.map((p) => {
            const e = endorsed.get(p.id);
            return (
              <button type="button" key={p.id} className={`product-pick${e ? '' : ' untried'}`} onClick={() => pick(p.id)} data-testid="product-option" data-endorsed={e ? 'true' : 'false'}>
                <ProductImage src={p.imageUrls[0]} size={84} />
                <div className="product-pick-info">
                  <div className="product-pick-name">{p.name}</div>
                  <div className="product-pick-spec">{p.spec}</div>
                  <div className="product-pick-origin"><Icon.pin /> {p.origin}</div>
                  <div className="product-pick-price">{t('new.listPrice', { price: yuan(p.listPriceFen), unit: p.unit })}</div>
                  <div className="product-pick-mark">
                    {e
                      ? <span className="mark-endorsed">{t('new.endorsed')} <Stars rating={e.rating} label={t('trials.starsLabel', { n: e.rating })} /></span>
                      : <span className="mark-untried" data-testid="untried-mark">{t('new.untried')}</span>}
                  </div>
                </div>
                <span className="product-pick-go">{e ? t('new.choose') : t('new.chooseUntried')}</span>
              </button>
            );
          })}
        </div>
      </>
    );
  } else if (!endorsed.has(product.id)) {
    content = (
      <>
        <ChosenProduct product={product} onChange={() => pick(null)} />
        <section className="needs-trial" data-testid="needs-trial">
          <div className="needs-trial-icon"><Icon.trial /></div>
          <div className="needs-trial-title">{t('new.needsTrialTitle')}</div>
          <p className="needs-trial-text">{t('new.needsTrialText', { name: product.name })}</p>
          <Button block color="primary" size="large" onClick={() => navigate(trialLink(product.id))} data-testid="go-trial">{t('new.goTrial')}</Button>
          <Button block fill="none" onClick={() => pick(null)}>{t('new.pickAnother')}</Button>
        </section>
      </>
    );
  } else {
    content = (
      <>
        <ChosenProduct product={product} onChange={() => pick(null)} />
        <EndorsementStrip e={endorsed.get(product.id)!} />
        <Form
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          onFinishFailed={() => Toast.show({ content: t('new.fixErrors') })}
          footer={
            <>
              <ActionError message={serverError?.message ?? null} />
              {serverError?.code === 'groupbuy.not_endorsed' && (
                <Button block fill="outline" color="primary" className="error-action" onClick={() => navigate(trialLink(product.id))}>{t('new.goTrial')}</Button>
              )}
              {serverError?.code === 'groupbuy.no_approved_batch' && <div className="section-hint error-hint">{t('new.noBatchHint')}</div>}
              <Button block type="submit" color="primary" size="large" loading={open.isPending} data-testid="open-group-buy-submit">
                {t('new.submit')}
              </Button>
            </>
          }
        >
          <Form.Header>{t('new.sectionPrice')}</Form.Header>
          <Form.Item name="price" label={t('new.price')} extra={<span className="unit-suffix">{t('new.perUnit', { unit: product.unit })}</span>}
            description={t('new.priceHint', { price: yuan(product.listPriceFen) })}
            rules={[{
              validator: async (_, v: string) => {
                if (!v?.trim()) throw new Error(t('new.errors.priceRequired'));
                const fen = parseYuanToFen(v);
                if (fen === null) throw new Error(t('new.errors.priceFormat'));
                if (fen < 1) throw new Error(t('new.errors.pricePositive'));
                if (fen > 100_000_000) throw new Error(t('new.errors.priceTooHigh'));
              },
            }]}>
            <Input inputMode="decimal" placeholder={t('new.pricePlaceholder')} clearable data-testid="price-input" />
          </Form.Item>
          <Form.Item name="stockTotal" label={t('new.stockTotal')} extra={<span className="unit-suffix">{product.unit}</span>}
            rules={[{
              validator: async (_, v: string) => {
                const n = parsePositiveInt(v ?? '');
                if (n === null) throw new Error(t('new.errors.stock'));
                if (n > 1_000_000) throw new Error(t('new.errors.stockTooHigh'));
              },
            }]}>
            <Input inputMode="numeric" placeholder={t('new.stockPlaceholder')} clearable data-testid="stock-input" />
          </Form.Item>
          <Form.Item name="perPersonLimit" label={t('new.perPersonLimit')} extra={<span className="unit-suffix">{product.unit}</span>}
            dependencies={['stockTotal']}
            rules={[{
              validator: async (_, v: string) => {
                const n = parsePositiveInt(v ?? '');
                if (n === null) throw new Error(t('new.errors.limit'));
                if (n > 1000) throw new Error(t('new.errors.limitTooHigh'));
                const stock = parsePositiveInt(form.getFieldValue('stockTotal') ?? '');
                if (stock !== null && n > stock) throw new Error(t('new.errors.limitOverStock'));
              },
            }]}>
            <Input inputMode="numeric" clearable data-testid="limit-input" />
          </Form.Item>

          <Form.Header>{t('new.sectionTime', { zone: timeZone === 'Asia/Shanghai' ? t('new.beijingTime') : timeZone })}</Form.Header>
          <Form.Item name="cutoff" label={t('new.cutoff')} description={t('new.cutoffHint')}
            rules={[{
              validator: async (_, v: DateTimeValue) => {
                const at = instant(v);
                if (!at) throw new Error(t('new.errors.timeRequired'));
                if (at.getTime() <= Date.now()) throw new Error(t('new.errors.cutoffPast'));
              },
            }]}>
            <DateTimeInput testId="cutoff" title={t('new.cutoff')} />
          </Form.Item>
          <Form.Item name="pickupStart" label={t('new.pickupStart')} dependencies={['cutoff']}
            rules={[{
              validator: async (_, v: DateTimeValue) => {
                const at = instant(v);
                if (!at) throw new Error(t('new.errors.timeRequired'));
                const cutoff = instant(form.getFieldValue('cutoff'));
                if (cutoff && at.getTime() < cutoff.getTime()) throw new Error(t('new.errors.pickupBeforeCutoff'));
              },
            }]}>
            <DateTimeInput testId="pickup-start" title={t('new.pickupStart')} />
          </Form.Item>
          <Form.Item name="pickupEnd" label={t('new.pickupEnd')} dependencies={['pickupStart']}
            rules={[{
              validator: async (_, v: DateTimeValue) => {
                const at = instant(v);
                if (!at) throw new Error(t('new.errors.timeRequired'));
                const start = instant(form.getFieldValue('pickupStart'));
                if (start && at.getTime() <= start.getTime()) throw new Error(t('new.errors.pickupEndBeforeStart'));
              },
            }]}>
            <DateTimeInput testId="pickup-end" title={t('new.pickupEnd')} />
          </Form.Item>

          <Form.Header>{t('new.sectionWords')}</Form.Header>
          <Form.Item name="title" label={t('new.title')} rules={[{ max: 60, message: t('new.errors.titleTooLong') }]}>
            <Input placeholder={product.name} maxLength={60} clearable />
          </Form.Item>
          <Form.Item name="note" label={t('new.note')} description={t('new.noteHint')}>
            <TextArea placeholder={t('new.notePlaceholder')} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </Form>
      </>
    );
  }

  return (
    <LeaderPage title={t('new.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      {content}
    </LeaderPage>
  );
}

function ChosenProduct({ product, onChange }: { product: CatalogProduct; onChange: () => void }) {
  const { t } = useTranslation('leader');
  return (
    <div className="product-chosen">
      <ProductImage src={product.imageUrls[0]} size={64} />
      <div className="product-pick-info">
        <div className="product-pick-name">{product.name}</div>
        <div className="product-pick-spec">{product.spec} · {product.origin}</div>
        <div className="product-pick-price">{t('new.listPrice', { price: yuan(product.listPriceFen), unit: product.unit })}</div>
      </div>
      <a className="nav-link" onClick={onChange}>{t('new.change')}</a>
    </div>
  );
}

/** His own trial, shown above the form: residents will see it on the group buy. */
function EndorsementStrip({ e }: { e: Endorsement }) {
  const { t } = useTranslation('leader');
  return (
    <div className="endorse-strip">
      <div className="endorse-strip-head">
        <span>{t('new.yourTrial')}</span>
        <Stars rating={e.rating} label={t('trials.starsLabel', { n: e.rating })} />
      </div>
      <div className="endorse-strip-story">{e.story}</div>
      <div className="endorse-strip-hint">{t('new.trialShown')}</div>
    </div>
  );
}
