import { Suspense, useState } from 'react';
import { Button, Dialog, Skeleton, Steps, Toast } from 'antd-mobile';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { ErrorView } from '../components/ErrorView';
import type { Me, OrderLineView, OrderView } from '../../shared/types';
import '../bundles.css';
import { isUuid, useCommunity, useOrder } from '../lib/api';
import { communityOf } from '../lib/community';
import { cancellableLines, closedEarly, readyLines, realCutoff, useCancelOrder, usePayOrder } from '../lib/orders';
import { orderSteps } from '../lib/order-steps';
import { useNow, useTimeFormat } from '../lib/time';
import { Price } from '../components/Price';
import { Countdown } from '../components/Countdown';
import { ChevronRight, ClockIcon, PinIcon, QrIcon } from '../components/icons';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NpsCard } from '../components/NpsCard';
import { useOrderClaims } from '../components/claims';
import { LineRow } from '../components/orders/LineRow';
import { CancelSheet } from '../components/orders/CancelSheet';
import { LeaderChanges } from '../components/orders/LeaderChanges';
import { NotFound } from './NotFound';
import { ContactLeaderLink } from '../components/ContactLeaderLink';
import { Name } from '../../shared/names';
import { useOrderReviewStates } from '../lib/reviews';

/** /orders/:orderId — one checkout: its lines by 团 (跟团号, state each), the note, money, pickup, cancel. */
export default function OrderDetailPage() {
  const { orderId } = useParams();
  if (!isUuid(orderId)) return <NotFound kind="order" />;
  return <RequireLogin>{(me) => <OrderDetail me={me} id={orderId} />}</RequireLogin>;
}

function OrderDetail({ me, id }: { me: Me; id: string }) {
  const { t } = useTranslation('resident');
  const { t: tb, i18n } = useTranslation('bundles');
  const order = useOrder(id);
  const o = order.data;
  const community = useCommunity(o?.communityId);
  const place = community.data ?? communityOf(me, o?.communityId);
  const fmt = useTimeFormat(place?.timeZone);
  const now = useNow(30_000, !!o && o.status !== 'cancelled');
  const pay = usePayOrder();
  const cancel = useCancelOrder(id);
  const [choosing, setChoosing] = useState(false);
  const claims = useOrderClaims(id, !!o && o.lines.some((l) => l.pickedUpAt));
  const reviews = useOrderReviewStates(id, !!o && o.lines.some((l) => l.pickedUpAt));
  useTitle(t('order.title'));

  if (order.isError) return <MobilePage title={t('order.title')} back="/orders"><ErrorView error={order.error} onRetry={() => order.refetch()} /></MobilePage>;
  if (!o) {
    return (
      <MobilePage title={t('order.title')} back="/orders">
        <div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={5} animated /></div>
      </MobilePage>
    );
  }

  const cancellable = cancellableLines(o, now);
  const ready = readyLines(o);
  const groups = byGroupBuy(o.lines);

  const doCancel = (lineIds: string[] | undefined) =>
    cancel.mutate(lineIds, {
      onSuccess: (res) => {
        setChoosing(false);
        const refunded = lineIds ? res.lines.filter((l) => lineIds.includes(l.id) && l.paidAt).reduce((s, l) => s + l.totalFen, 0) : (o.paidAt ? o.totalFen - o.refundedFen : 0);
        Toast.show({ icon: 'success', content: refunded > 0 ? t('order.cancelledRefund', { amount: yuan(refunded) }) : t('order.cancelledToast'), duration: 2500 });
      },
      onError: (err) => { void Dialog.alert({ content: err instanceof ApiError ? err.message : t('order.cancelFailed'), confirmText: t('detail.gotIt') }); },
    });
  const askCancel = () => {
    if (cancellable.length === 1 && o.lines.length === 1) {
      void Dialog.confirm({
        title: t('order.cancelTitle'),
        content: <div className="r-dialog-text">{o.paidAt ? t('order.cancelLinesTextPaid', { names: `${o.lines[0].product.name}×${o.lines[0].quantity}`, amount: yuan(o.lines[0].totalFen) }) : t('order.cancelLinesText', { names: `${o.lines[0].product.name}×${o.lines[0].quantity}` })}</div>,
        confirmText: t('order.cancelConfirm'), cancelText: t('order.cancelKeep'),
      }).then((ok) => { if (ok) doCancel(undefined); });
    } else setChoosing(true);
  };

  const atDoor = o.fulfilment === 'delivery' && o.progress === 'collected';
  return (
    <MobilePage title={t('order.title')} back="/orders" right={<LanguageSwitch className="r-lang-nav" />} className="r-order-detail">
      <div className={`r-status-hero r-progress-${o.progress}`}>
        <div className="r-status-title" data-testid="order-status">{atDoor ? t('order.delivered', { ns: 'pickup' }) : t(`orders.progress.${o.progress}`)}</div>
        <div className="r-status-hint">{atDoor ? t('order.deliveredHint', { ns: 'pickup', place: `${o.deliveryArea ?? ''} ${o.deliveryAddress ?? ''}`.trim() }) : progressHint(o, t, fmt)}</div>
        {o.status === 'pending_payment' && <div className="r-status-countdown"><Countdown to={o.paymentDueAt} kind="pay" onEnd={() => { void order.refetch(); }} /></div>}
      </div>

      <OrderSteps order={o} />

      {ready.length > 0 && (
        <Link to={`/c/${o.communityId}/pickup`} className="r-card r-ready-banner" data-testid="order-pickup-link">
          <span className="r-ready-banner-icon"><QrIcon size={26} /></span>
          <span className="r-ready-banner-text">
            <span className="r-ready-banner-title">{t('order.readyNow', { n: ready.length })}</span>
            <span className="r-small">{t('order.readyNowHint')}</span>
          </span>
          <span className="r-ready-banner-go">{t('orders.showCode')}<ChevronRight size={16} /></span>
        </Link>
      )}

      {o.progress === 'collected' && <NpsCard subjects={['leader']} />}

      {groups.map((g) => (
        <section key={g.groupBuyId} className="r-card r-ogroup" data-testid="order-group">
          <Link to={`/g/${g.groupBuyId}`} className="r-ogroup-head">
            <span className="r-ogroup-title" translate="no">{g.gb.title}</span><ChevronRight size={16} className="r-muted" />
          </Link>
          <div className="r-ogroup-times">
            <div><span className="r-muted">{t('order.cutoff')}</span> <span data-testid="order-cutoff">{closedEarly(g.gb) ? t('shop.closedEarly', { time: fmt.time(realCutoff(g.gb)) }) : fmt.time(realCutoff(g.gb))}</span></div>
            <div><ClockIcon size={15} /> <span className="r-muted">{o.fulfilment === 'delivery' ? t('order.arrives', { ns: 'pickup' }) : t('detail.pickupTime')}</span> {fmt.window(g.gb.pickupStartAt, g.gb.pickupEndAt)}</div>
          </div>
          {bundleGroups(g.lines, o.bundles ?? []).map((bg) => {
            const row = (l: OrderLineView) => <LineRow key={l.id} line={l} orderId={o.id} claim={claims.data?.find((c) => c.lineId === l.id) ?? null} review={reviews.data?.find((r) => r.orderLineId === l.id)} />;
            if (!bg.bundle) return bg.lines.map(row);
            const name = i18n.language === 'en' ? bg.bundle.nameEn : bg.bundle.nameZh;
            return (
              <div key={bg.bundle.offerId} className="r-order-bundle" data-testid="order-bundle">
                <div className="r-order-bundle-head">
                  <span translate="no">{tb('order.title', { name, n: bg.count })}</span>
                  <span>{yuan(bg.bundle.priceFen * bg.count)}</span>
                </div>
                <div className="r-small r-muted">{tb('order.shareHint')}</div>
                <div className="r-order-bundle-parts">{bg.lines.map(row)}</div>
              </div>
            );
          })}
        </section>
      ))}

      {o.changes.length > 0 && <Suspense fallback={null}><LeaderChanges order={o} time={fmt.time} /></Suspense>}

      {o.note && (
        <section className="r-card" data-testid="order-note">
          <h2 className="r-card-title">{t('order.noteLabel')}</h2>
          <p className="r-paragraph">{o.note}</p>
        </section>
      )}

      {o.status !== 'cancelled' && (o.fulfilment === 'delivery' ? (
        <section className="r-card r-facts" data-testid="order-delivery">
          <div className="r-fact">
            <span className="r-fact-label"><PinIcon size={16} />{t('order.deliverTo', { ns: 'pickup' })}</span>
            <span className="r-fact-value"><Name>{o.deliveryArea} {o.deliveryAddress}</Name><div className="r-muted r-small">{t('order.slot', { ns: 'pickup', slot: o.deliverySlot })}</div></span>
          </div>
          <div className="r-fact"><span className="r-fact-label">{t('order.fee', { ns: 'pickup' })}</span><span className="r-fact-value">{yuan(o.deliveryFeeFen)}</span></div>
        </section>
      ) : (o.pickupPoint ?? place) && (
        <section className="r-card r-facts" data-testid="order-pickup-point">
          <div className="r-fact">
            <span className="r-fact-label"><PinIcon size={16} />{t('detail.pickupPlace')}</span>
            <span className="r-fact-value"><Name>{o.pickupPoint ? o.pickupPoint.name : place?.pickupPointName}</Name><div className="r-muted r-small">{o.pickupPoint ? <><Name>{o.pickupPoint.address}</Name> · {o.pickupPoint.hours}</> : <Name>{place?.pickupPointAddress}</Name>}</div></span>
          </div>
        </section>
      ))}

      <section className="r-card r-facts r-order-meta">
        <div className="r-order-sum"><span>{o.paidAt ? t('order.total') : t('order.totalUnpaid')}</span><Price fen={o.totalFen} size="lg" /></div>
        {o.refundedFen > 0 && (
          <div className="r-order-refund-row" data-testid="order-refunded"><span>{t('order.refundedRow')}</span><span className="r-strong">−{yuan(o.refundedFen)}</span></div>
        )}
        <div className="r-fact"><span className="r-fact-label">{t('order.number')}</span><span className="r-fact-value r-mono">{o.id.slice(0, 8).toUpperCase()}</span></div>
        <div className="r-fact"><span className="r-fact-label">{t('order.createdAt')}</span><span className="r-fact-value">{fmt.time(o.createdAt)}</span></div>
        {o.paidAt && <div className="r-fact"><span className="r-fact-label">{t('order.paidAt')}</span><span className="r-fact-value">{fmt.time(o.paidAt)}</span></div>}
        {o.cancelledAt && <div className="r-fact"><span className="r-fact-label">{t('order.cancelledAt')}</span><span className="r-fact-value">{fmt.time(o.cancelledAt)}</span></div>}
      </section>

      <ContactLeaderLink communityId={o.communityId} orderId={o.id} />

      {cancellable.length > 0 && o.status !== 'pending_payment' && (
        <div className="r-cancel-row">
          <span className="r-small r-muted">{t('order.cancelHint')}</span>
          <Button shape="rounded" fill="outline" loading={cancel.isPending} onClick={askCancel} data-testid="cancel-order">{t('order.cancel')}</Button>
        </div>
      )}

      <CancelSheet visible={choosing} lines={cancellable} paid={!!o.paidAt} pending={cancel.isPending} onClose={() => setChoosing(false)} onCancel={doCancel} />

      {o.status === 'pending_payment' && (
        <>
          <div className="r-bottom-spacer" />
          <div className="r-bottom-bar r-order-actions">
            {cancellable.length > 0 && <Button shape="rounded" size="large" fill="outline" loading={cancel.isPending} onClick={askCancel} data-testid="cancel-order">{t('order.cancel')}</Button>}
            <Button className="r-grow" color="primary" shape="rounded" size="large" loading={pay.isPending} onClick={() => pay.mutate(o.id)} data-testid="pay-order">
              {t('order.payNow', { amount: yuan(o.totalFen) })}
            </Button>
          </div>
        </>
      )}
    </MobilePage>
  );
}

/** 下单 → 付款 → 成团 (cut-off) → 到货 → 取货, lit as far as things happened (or ending where it was cancelled). */
function OrderSteps({ order }: { order: OrderView }) {
  const { t } = useTranslation('resident');
  const steps = orderSteps(order);
  const current = Math.max(0, steps.findIndex((s) => s.status !== 'finish'));
  return (
    <section className="r-card r-steps-card" data-testid="order-steps">
      <Steps current={current}>
        {steps.map((s) => <Steps.Step key={s.key} title={t(`order.steps.${s.key}`)} status={s.status} data-step={s.key} data-status={s.status} />)}
      </Steps>
    </section>
  );
}

/** A group buy's lines with each bundle's part lines gathered under it (how many bundles: a part's units ÷ its units per bundle). */
function bundleGroups(lines: OrderLineView[], bundles: NonNullable<OrderView['bundles']>) {
  const out: { bundle: NonNullable<OrderView['bundles']>[number] | null; count: number; lines: OrderLineView[] }[] = [];
  for (const l of lines) {
    const bundle = l.bundleOfferId ? bundles.find((x) => x.offerId === l.bundleOfferId) ?? null : null;
    const g = bundle && out.find((x) => x.bundle?.offerId === bundle.offerId);
    if (g) g.lines.push(l);
    else {
      const units = bundle?.parts.find((p) => p.itemId === l.itemId)?.units ?? 1;
      out.push({ bundle, count: bundle ? Math.round(l.quantity / units) : 0, lines: [l] });
    }
  }
  return out;
}

function byGroupBuy(lines: OrderLineView[]) {
  const out: { groupBuyId: string; gb: OrderLineView['groupBuy']; lines: OrderLineView[] }[] = [];
  for (const l of lines) {
    const g = out.find((x) => x.groupBuyId === l.groupBuyId);
    if (g) g.lines.push(l);
    else out.push({ groupBuyId: l.groupBuyId, gb: l.groupBuy, lines: [l] });
  }
  return out;
}

function progressHint(o: OrderView, t: (k: string, opts?: Record<string, unknown>) => string, fmt: ReturnType<typeof useTimeFormat>) {
  switch (o.progress) {
    case 'pending_payment': return t('order.hint.pending_payment', { time: fmt.short(o.paymentDueAt) });
    case 'waiting': {
      const open = o.lines.find((l) => l.status === 'paid' && l.groupBuy.status === 'open');
      return open ? t('order.hint.paid', { time: fmt.time(open.groupBuy.actualCutoffAt) }) : t('order.hint.confirmed');
    }
    case 'ready': return t('order.hint.readyAll');
    case 'partly_collected': return t('order.hint.partly');
    case 'collected': return t('order.hint.picked_up');
    case 'refunded': return t('order.hint.refunded', { amount: yuan(o.refundedFen) });
    case 'not_collected': return t('order.hint.not_collected');
    case 'cancelled': {
      const reason = o.cancelReason === 'payment_timeout' || o.cancelReason === 'cutoff_unpaid' || o.cancelReason === 'resident' ? o.cancelReason : 'other';
      const text = t(`order.hint.cancelled_${reason}`);
      return o.paidAt && o.refundedFen > 0 ? `${text} ${t('order.hint.refundedToo', { amount: yuan(o.refundedFen) })}` : text;
    }
  }
}
