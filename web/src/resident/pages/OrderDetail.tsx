import { Button, Dialog, Skeleton, Steps, Toast } from 'antd-mobile';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { ErrorView } from '../components/ErrorView';
import type { Me, Order, OrderStatus } from '../../shared/types';
import { isUuid, keys, useCommunity, useNotices, useOrder } from '../lib/api';
import { communityOf } from '../lib/community';
import { useNow, useTimeFormat } from '../lib/time';
import { ProductImage } from '../components/ProductImage';
import { Price } from '../components/Price';
import { Countdown } from '../components/Countdown';
import { ChevronRight, ClockIcon, PinIcon, RefundIcon } from '../components/icons';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NpsCard } from '../components/NpsCard';
import { AftersalesEntry } from '../components/claims';
import { usePayOrder } from './OrdersPage';
import { NotFound } from './NotFound';

/** /orders/:orderId — where the order stands, and the pickup code to show the leader. */
export default function OrderDetailPage() {
  const { orderId } = useParams();
  if (!isUuid(orderId)) return <NotFound kind="order" />;
  return <RequireLogin>{(me) => <OrderDetail me={me} id={orderId} />}</RequireLogin>;
}

/** How far along 下单 → 付款 → 成团 → 到货 → 取货 the order is (number of finished steps). */
const progress: Partial<Record<OrderStatus, number>> = { pending_payment: 1, paid: 2, confirmed: 3, ready_for_pickup: 4, picked_up: 5 };
const STEP_KEYS = ['placed', 'paid', 'confirmed', 'arrived', 'pickedUp'] as const;

/** "03996976" → "0399 6976" */
export const formatPickupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

function OrderDetail({ me, id }: { me: Me; id: string }) {
  const { t } = useTranslation('resident');
  const queryClient = useQueryClient();
  const order = useOrder(id);
  const o = order.data;
  const community = useCommunity(o?.communityId);
  const place = community.data ?? communityOf(me, o?.communityId);
  const fmt = useTimeFormat(place?.timeZone);
  const now = useNow(30_000, !!o && (o.status === 'pending_payment' || o.status === 'paid'));
  const pay = usePayOrder();
  const notices = useNotices(!!o && o.status !== 'pending_payment');
  useTitle(t('order.title'));

  const cancel = useMutation({
    mutationFn: () => api<Order>(`/api/orders/${id}/cancel`, { method: 'POST' }),
    onSuccess: (res) => {
      queryClient.setQueryData(keys.order(id), (old: Order | undefined) => (old ? { ...old, ...res } : old));
      void queryClient.invalidateQueries({ queryKey: keys.order(id) });
      void queryClient.invalidateQueries({ queryKey: keys.orders });
      void queryClient.invalidateQueries({ queryKey: ['group-buy'] });
      void queryClient.invalidateQueries({ queryKey: ['group-buys'] });
      Toast.show({ icon: 'success', content: res.paidAt ? t('order.cancelledRefund', { amount: yuan(res.totalFen) }) : t('order.cancelledToast'), duration: 2500 });
    },
    onError: (err) => {
      void Dialog.alert({ content: err instanceof ApiError ? err.message : t('order.cancelFailed'), confirmText: t('detail.gotIt') });
      void order.refetch();
    },
  });

  if (order.isError) {
    return (
      <MobilePage title={t('order.title')} back="/orders">
        <ErrorView error={order.error} onRetry={() => order.refetch()} />
      </MobilePage>
    );
  }
  if (!o) {
    return (
      <MobilePage title={t('order.title')} back="/orders">
        <div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={5} animated /></div>
      </MobilePage>
    );
  }

  const gbOpen = (o.groupBuy.status === 'open' || o.groupBuy.status === 'scheduled') && new Date(o.groupBuy.cutoffAt).getTime() > now;
  const canCancel = (o.status === 'pending_payment' || o.status === 'paid') && gbOpen;
  const done = progress[o.status];
  const ended = o.status === 'cancelled' || o.status === 'refunded';
  const showCode = !!o.pickupCode && !ended;
  // Short delivery: the whole order refunded (status), or part of it (refundedQuantity when the API
  // reports it; otherwise the short-refund notice that links to this order says what happened).
  const shortWhole = o.status === 'refunded' && o.cancelReason === 'short_delivery';
  const refundedUnits = o.refundedQuantity ?? 0;
  const shortNotice = !shortWhole && refundedUnits === 0
    ? notices.data?.items.find((n) => n.kind === 'short_refund' && n.link === `/orders/${o.id}`)
    : undefined;
  const shortPart = !shortWhole && (refundedUnits > 0 || !!shortNotice);

  const askCancel = async () => {
    const ok = await Dialog.confirm({
      title: t('order.cancelTitle'),
      content: <div className="r-dialog-text">{o.paidAt ? t('order.cancelTextPaid', { amount: yuan(o.totalFen), n: o.quantity }) : t('order.cancelText', { n: o.quantity })}</div>,
      confirmText: t('order.cancelConfirm'),
      cancelText: t('order.cancelKeep'),
    });
    if (ok) cancel.mutate();
  };

  return (
    <MobilePage title={t('order.title')} back="/orders" right={<LanguageSwitch className="r-lang-nav" />} className="r-order-detail">
      <div className={`r-status-hero r-status-${o.status}`}>
        <div className="r-status-title" data-testid="order-status">{t(`common:status.${o.status}`)}</div>
        <div className="r-status-hint">{statusHint(o, t, fmt)}</div>
        {o.status === 'pending_payment' && <div className="r-status-countdown"><Countdown to={o.paymentDueAt} kind="pay" onEnd={() => { void order.refetch(); }} /></div>}
      </div>

      {(shortWhole || shortPart) && (
        <section className="r-card r-refund-card" data-testid="short-refund">
          <RefundIcon size={22} />
          <div>
            <div className="r-refund-title">{shortWhole ? t('order.short.titleWhole') : t('order.short.titlePart')}</div>
            <div className="r-refund-text">
              {shortWhole
                ? t('order.short.whole', { amount: yuan(o.totalFen), n: o.quantity, unit: o.groupBuy.unit })
                : refundedUnits > 0
                  ? t('order.short.part', { amount: yuan(refundedUnits * o.unitPriceFen), n: refundedUnits, left: o.quantity - refundedUnits, unit: o.groupBuy.unit })
                  : shortNotice!.body}
              {!shortWhole && refundedUnits === 0 && o.status !== 'refunded' && o.status !== 'cancelled' && <> {t('order.short.restAsUsual')}</>}
            </div>
            <div className="r-small r-muted">{t('order.short.apology')}</div>
          </div>
        </section>
      )}

      {o.status === 'picked_up' && <AftersalesEntry orderId={o.id} pickedUpAt={o.pickedUpAt} />}

      {/* The order is about her leader; survey rounds are asked on the community home. */}
      {o.status === 'picked_up' && <NpsCard subjects={['leader']} />}

      {done !== undefined && (
        <section className="r-card r-steps-card">
          <Steps current={Math.min(done, STEP_KEYS.length - 1)}>
            {STEP_KEYS.map((k, i) => (
              <Steps.Step key={k} title={t(`order.steps.${k}`)} status={i < done ? 'finish' : i === done ? 'process' : 'wait'} />
            ))}
          </Steps>
        </section>
      )}

      {showCode && (
        <section className={`r-card r-code-card${o.status === 'picked_up' ? ' r-code-used' : ''}`}>
          <div className="r-code-label">{t('order.pickupCode')}</div>
          <div className="r-code" data-testid="pickup-code" aria-label={o.pickupCode ?? ''}>{formatPickupCode(o.pickupCode!)}</div>
          {o.pickupQrDataUrl && o.status !== 'picked_up' && <img className="r-qr" src={o.pickupQrDataUrl} alt={t('order.qrAlt')} width={180} height={180} />}
          <div className="r-code-hint">
            {o.status === 'picked_up'
              ? t('order.pickedUpAt', { time: o.pickedUpAt ? fmt.time(o.pickedUpAt) : '' })
              : t('order.showToLeader')}
          </div>
          {(o.status === 'paid' || o.status === 'confirmed') && <div className="r-small r-muted">{t('order.codeBeforeArrival')}</div>}
        </section>
      )}

      {!ended && (
        <section className="r-card r-facts">
          <h2 className="r-card-title">{t('order.pickupTitle')}</h2>
          <div className="r-fact">
            <span className="r-fact-label"><ClockIcon size={16} />{t('detail.pickupTime')}</span>
            <span className="r-fact-value">{fmt.window(o.groupBuy.pickupStartAt, o.groupBuy.pickupEndAt)}</span>
          </div>
          {place && (
            <div className="r-fact">
              <span className="r-fact-label"><PinIcon size={16} />{t('detail.pickupPlace')}</span>
              <span className="r-fact-value">{place.pickupPointName}<div className="r-muted r-small">{place.pickupPointAddress}</div></span>
            </div>
          )}
        </section>
      )}

      <section className="r-card">
        <Link to={`/g/${o.groupBuyId}`} className="r-pay-item r-order-product">
          <ProductImage src={o.groupBuy.imageUrls[0]} alt={o.groupBuy.title} className="r-thumb" />
          <div className="r-pay-item-text">
            <div className="r-strong">{o.groupBuy.title}</div>
            <div className="r-muted r-small">{o.groupBuy.spec}</div>
            <div className="r-small">{yuan(o.unitPriceFen)} × {o.quantity}</div>
          </div>
          <ChevronRight size={16} className="r-muted" />
        </Link>
        <div className="r-order-sum">
          <span>{o.paidAt ? t('order.total') : t('order.totalUnpaid')}</span>
          <Price fen={o.totalFen} size="lg" />
        </div>
        {(shortWhole || refundedUnits > 0) && (
          <div className="r-order-refund-row">
            <span>{t('order.short.refundedRow')}</span>
            <span className="r-strong">−{yuan(shortWhole ? o.totalFen : refundedUnits * o.unitPriceFen)}</span>
          </div>
        )}
      </section>

      <section className="r-card r-facts r-order-meta">
        <div className="r-fact"><span className="r-fact-label">{t('order.number')}</span><span className="r-fact-value r-mono">{o.id.slice(0, 8).toUpperCase()}</span></div>
        <div className="r-fact"><span className="r-fact-label">{t('order.createdAt')}</span><span className="r-fact-value">{fmt.time(o.createdAt)}</span></div>
        {o.paidAt && <div className="r-fact"><span className="r-fact-label">{t('order.paidAt')}</span><span className="r-fact-value">{fmt.time(o.paidAt)}</span></div>}
        {o.cancelledAt && <div className="r-fact"><span className="r-fact-label">{o.status === 'refunded' ? t('order.refundedAt') : t('order.cancelledAt')}</span><span className="r-fact-value">{fmt.time(o.cancelledAt)}</span></div>}
        <div className="r-fact"><span className="r-fact-label">{t('order.cutoff')}</span><span className="r-fact-value">{fmt.time(o.groupBuy.cutoffAt)}</span></div>
      </section>

      {canCancel && o.status !== 'pending_payment' && (
        <div className="r-cancel-row">
          <span className="r-small r-muted">{t('order.cancelHint')}</span>
          <Button size="small" shape="rounded" fill="outline" loading={cancel.isPending} onClick={askCancel} data-testid="cancel-order">{t('order.cancel')}</Button>
        </div>
      )}

      {o.status === 'pending_payment' && (
        <>
          <div className="r-bottom-spacer" />
          <div className="r-bottom-bar r-order-actions">
            {canCancel && (
              <Button shape="rounded" size="large" fill="outline" loading={cancel.isPending} onClick={askCancel} data-testid="cancel-order">{t('order.cancel')}</Button>
            )}
            <Button className="r-grow" color="primary" shape="rounded" size="large" loading={pay.isPending} onClick={() => pay.mutate(o.id)} data-testid="pay-order">
              {t('order.payNow', { amount: yuan(o.totalFen) })}
            </Button>
          </div>
        </>
      )}
    </MobilePage>
  );
}

function statusHint(o: Order, t: (k: string, opts?: Record<string, unknown>) => string, fmt: ReturnType<typeof useTimeFormat>) {
  switch (o.status) {
    case 'pending_payment': return t('order.hint.pending_payment', { time: fmt.short(o.paymentDueAt) });
    case 'paid': return t('order.hint.paid', { time: fmt.time(o.groupBuy.cutoffAt) });
    case 'confirmed': return t('order.hint.confirmed');
    case 'ready_for_pickup':
      return new Date(o.groupBuy.pickupEndAt).getTime() < Date.now()
        ? t('order.hint.ready_late')
        : t('order.hint.ready_for_pickup', { end: fmt.time(o.groupBuy.pickupEndAt) });
    case 'picked_up': return t('order.hint.picked_up');
    case 'refunded':
      return o.cancelReason === 'short_delivery'
        ? t('order.hint.refunded_short_delivery', { amount: yuan(o.totalFen) })
        : t('order.hint.refunded', { amount: yuan(o.totalFen) });
    case 'cancelled': {
      const reason = o.cancelReason === 'payment_timeout' || o.cancelReason === 'cutoff_unpaid' || o.cancelReason === 'resident' ? o.cancelReason : 'other';
      const key = `order.hint.cancelled_${reason}`;
      return o.paidAt ? `${t(key)} ${t('order.hint.refundedToo', { amount: yuan(o.totalFen) })}` : t(key);
    }
  }
}
