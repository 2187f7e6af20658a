import { useEffect, useState } from 'react';
import { Button, NoticeBar, Result, Skeleton, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { ErrorView } from '../components/ErrorView';
import type { Me } from '../../shared/types';
import { isUuid, useOrder, usePayment, type SandboxConfirmResult } from '../lib/api';
import { communityOf } from '../lib/community';
import { useTimeFormat } from '../lib/time';
import { Price } from '../components/Price';
import { ProductImage } from '../components/ProductImage';
import { Countdown } from '../components/Countdown';
import { ShieldIcon } from '../components/icons';
import { MobilePage, useTitle } from '../components/Page';
import { NotFound } from './NotFound';
import { groupBuyKeys, orderKeys, paymentKeys } from '../../shared/query-keys';

/** /pay/:paymentId — the sandbox checkout that stands in for WeChat Pay. */
export default function PayPage() {
  const { paymentId } = useParams();
  if (!isUuid(paymentId)) return <NotFound kind="payment" />;
  return <RequireLogin>{(me) => <Checkout me={me} paymentId={paymentId} />}</RequireLogin>;
}

function Checkout({ me, paymentId }: { me: Me; paymentId: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const payment = usePayment(paymentId);
  const order = useOrder(payment.data?.orderId);
  const [done, setDone] = useState<SandboxConfirmResult | null>(null);
  const fmt = useTimeFormat(communityOf(me, order.data?.communityId)?.timeZone);
  useTitle(t('pay.title'));

  const confirm = useMutation({
    mutationFn: () => api<SandboxConfirmResult>(`/api/payments/${paymentId}/sandbox-confirm`, { method: 'POST' }),
    onSuccess: (res) => {
      setDone(res);
      void queryClient.invalidateQueries({ queryKey: paymentKeys.detail(paymentId) });
      void queryClient.invalidateQueries({ queryKey: orderKeys.detail(res.orderId) });
      void queryClient.invalidateQueries({ queryKey: orderKeys.list() });
      void queryClient.invalidateQueries({ queryKey: groupBuyKeys.all });
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('pay.failed'), duration: 3000 });
      void payment.refetch();
      void order.refetch();
    },
  });

  // After a successful payment, open the order (with its pickup code) by itself.
  useEffect(() => {
    if (done?.status !== 'held') return;
    const timer = setTimeout(() => navigate(`/orders/${done.orderId}`, { replace: true }), 1800);
    return () => clearTimeout(timer);
  }, [done, navigate]);

  const title = t('pay.title');
  if (payment.isError) {
    return (
      <MobilePage title={title} back="/orders">
        <ErrorView error={payment.error} onRetry={() => payment.refetch()} />
      </MobilePage>
    );
  }
  const p = payment.data;
  const o = order.data;

  if (done) {
    const ok = done.status === 'held' || done.status === 'settled';
    return (
      <MobilePage title={title} back={null}>
        <Result
          className="r-result"
          status={ok ? 'success' : 'warning'}
          title={ok ? t('pay.successTitle') : t('pay.refundedTitle')}
          description={ok ? t('pay.successText', { amount: yuan(p?.amountFen ?? 0) }) : t('pay.refundedText')}
        />
        <div className="r-pad">
          {ok && <div className="r-center r-muted r-small" style={{ marginBottom: 12 }}>{t('pay.redirecting')}</div>}
          <Button block color="primary" size="large" shape="rounded" onClick={() => navigate(`/orders/${done.orderId}`, { replace: true })} data-testid="view-order">
            {ok ? t('pay.viewPickupCode') : t('pay.viewOrder')}
          </Button>
        </div>
      </MobilePage>
    );
  }

  if (!p) {
    return (
      <MobilePage title={title} back="/orders">
        <div className="r-pad"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={4} animated /></div>
      </MobilePage>
    );
  }

  // Already handled: paid, refunded or closed. Say so plainly and point to the order.
  if (p.status !== 'pending' || (o && o.status !== 'pending_payment')) {
    const paid = p.status === 'held' || p.status === 'settled';
    const state = paid ? 'paid' : p.status === 'refunded' ? 'refunded' : 'closed';
    return (
      <MobilePage title={title} back="/orders">
        <Result className="r-result" status={paid ? 'success' : 'info'} title={t(`pay.state.${state}.title`)} description={t(`pay.state.${state}.text`, { amount: yuan(p.amountFen) })} />
        <div className="r-pad">
          <Button block color="primary" size="large" shape="rounded" onClick={() => navigate(`/orders/${p.orderId}`, { replace: true })} data-testid="view-order">
            {paid ? t('pay.viewPickupCode') : t('pay.viewOrder')}
          </Button>
        </div>
      </MobilePage>
    );
  }

  return (
    <MobilePage title={title} back={`/orders/${p.orderId}`} className="r-pay">
      <NoticeBar className="r-sandbox-banner" color="alert" wrap content={t('pay.sandboxBanner')} data-testid="sandbox-banner" />
      <div className="r-pay-amount">
        <div className="r-muted">{t('pay.amountLabel')}</div>
        <Price fen={p.amountFen} size="xl" className="r-pay-price" />
        {o && (
          <div className="r-pay-due">
            <Countdown to={o.paymentDueAt} kind="pay" onEnd={() => { void order.refetch(); void payment.refetch(); }} />
            <div className="r-muted r-small">{t('pay.dueAt', { time: fmt.time(o.paymentDueAt) })}</div>
          </div>
        )}
      </div>

      <section className="r-card" data-testid="pay-lines">
        {o ? (
          <>
            <div className="r-pay-lines-head">
              <span className="r-strong">{t('pay.linesTitle', { n: o.lines.length })}</span>
              <span className="r-muted r-small">{t('pay.merchant', { name: communityOf(me, o.communityId)?.name ?? t('common:appName') })}</span>
            </div>
            {o.lines.map((l) => (
              <div key={l.id} className="r-pay-item r-pay-line">
                <ProductImage src={l.product.imageUrls[0]} alt={l.product.name} className="r-thumb" />
                <div className="r-pay-item-text">
                  <div className="r-strong">{l.product.name}</div>
                  <div className="r-muted r-small">{l.product.spec} · {l.groupBuy.title}</div>
                </div>
                <div className="r-pay-line-sum"><span className="r-small">{yuan(l.unitPriceFen)} × {l.quantity}</span></div>
              </div>
            ))}
            {o.fulfilment === 'delivery' && (
              <div className="r-pay-item r-pay-line" data-testid="pay-delivery">
                <div className="r-pay-item-text">
                  <div className="r-strong">{t('order.deliverTo', { ns: 'pickup' })} · {o.deliveryArea} {o.deliveryAddress}</div>
                  <div className="r-muted r-small">{t('order.slot', { ns: 'pickup', slot: o.deliverySlot })}</div>
                </div>
                <div className="r-pay-line-sum"><span className="r-small">{t('order.fee', { ns: 'pickup' })} {yuan(o.deliveryFeeFen)}</span></div>
              </div>
            )}
            {o.note && <div className="r-pay-note"><span className="r-muted">{t('order.noteLabel')}</span>{o.note}</div>}
          </>
        ) : (
          <Skeleton.Paragraph lineCount={2} animated />
        )}
      </section>

      <section className="r-card">
        <h2 className="r-card-title">{t('pay.method')}</h2>
        <div className="r-pay-method r-pay-method-on" role="radio" aria-checked="true">
          <span className="r-pay-method-icon">¥</span>
          <span className="r-pay-method-text">
            <span className="r-strong">{t('pay.sandboxWallet')}</span>
            <span className="r-muted r-small">{t('pay.sandboxWalletHint')}</span>
          </span>
          <span className="r-radio" aria-hidden="true" />
        </div>
      </section>

      <section className="r-card r-promise">
        <ShieldIcon size={22} />
        <div>
          <div className="r-promise-title">{t('pay.escrowTitle')}</div>
          <div className="r-small r-muted">{t('pay.escrowText')}</div>
        </div>
      </section>

      <div className="r-bottom-spacer" />
      <div className="r-bottom-bar">
        <Button block color="primary" size="large" shape="rounded" loading={confirm.isPending} onClick={() => { if (!confirm.isPending) confirm.mutate(); }} data-testid="confirm-pay">
          {t('pay.confirm', { amount: yuan(p.amountFen) })}
        </Button>
      </div>
    </MobilePage>
  );
}
