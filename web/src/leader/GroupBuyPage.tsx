import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { Button, Dialog, DotLoading, List, Toast } from 'antd-mobile';
import { api, ApiError, formatTime, yuan } from '../shared/api';
import type { GroupBuy, GroupBuyDetail as GroupBuyWithTrust, OrderStatus } from '../shared/types';
import { PageError, PageLoading } from '../shared/states';
import { Icon, ActionError, GroupBuyStatusTag, LeaderPage, NotLeader, OrderStatusTag, ProductImage, Stars, errorMessage, useCountdownLabel, useLeaderOf } from './components';
import type { LeaderOrder, ShareKit } from './types';
import { copyText, dayOf, useNow } from './lib';

const COUNTED: OrderStatus[] = ['paid', 'confirmed', 'ready_for_pickup', 'picked_up'];

export function GroupBuyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('leader');
  const gb = useQuery({
    queryKey: ['leader', 'group-buy', id],
    queryFn: () => api<GroupBuyWithTrust>(`/api/group-buys/${id}`),
    refetchInterval: 30_000,
  });
  const { community } = useLeaderOf(gb.data?.communityId);

  if (gb.isPending) return <LeaderPage title={t('gb.navTitle')}><PageLoading /></LeaderPage>;
  if (gb.isError) {
    if (gb.error instanceof ApiError && gb.error.status === 403) return <NotLeader />;
    return <LeaderPage title={t('gb.navTitle')}><PageError error={gb.error} onRetry={() => gb.refetch()} /></LeaderPage>;
  }
  if (!community) return <NotLeader />;
  return <GroupBuyDetail gb={gb.data} timeZone={community.timeZone} />;
}

function GroupBuyDetail({ gb, timeZone }: { gb: GroupBuyWithTrust; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const countdown = useCountdownLabel();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const fmt = (iso: string) => formatTime(iso, timeZone, locale);
  const [actionError, setActionError] = useState<string | null>(null);

  const orders = useQuery({
    queryKey: ['leader', 'group-buy-orders', gb.id],
    queryFn: () => api<{ items: LeaderOrder[] }>(`/api/group-buys/${gb.id}/orders`),
    refetchInterval: 10_000,
  });
  const counted = (orders.data?.items ?? []).filter((o) => COUNTED.includes(o.status));
  // The share text carries the 接龙 roll call, so it is fetched again when the roll changes.
  const rollKey = counted.map((o) => o.id).join(',');
  const share = useQuery({
    queryKey: ['leader', 'share', gb.id, locale, rollKey],
    queryFn: () => api<ShareKit>(`/api/group-buys/${gb.id}/share`),
    placeholderData: keepPreviousData,
    enabled: !orders.isPending,
  });

  const refreshAll = async (fresh: GroupBuy) => {
    // The close/arrived answers carry no endorsement or batch: keep what the page already knows.
    queryClient.setQueryData<GroupBuyWithTrust>(['leader', 'group-buy', gb.id], (old) => (old ? { ...old, ...fresh } : old));
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['leader', 'group-buy-orders', gb.id] }),
      queryClient.invalidateQueries({ queryKey: ['leader', 'group-buys', gb.communityId] }),
      queryClient.invalidateQueries({ queryKey: ['leader', 'pending', gb.communityId] }),
    ]);
  };
  const close = useMutation({
    mutationFn: () => api<GroupBuy>(`/api/group-buys/${gb.id}/close`, { method: 'POST' }),
    onSuccess: async (fresh) => { await refreshAll(fresh); Toast.show({ icon: 'success', content: t('gb.closedToast') }); },
    onError: (err) => setActionError(errorMessage(err)),
  });
  const arrived = useMutation({
    mutationFn: () => api<GroupBuy>(`/api/group-buys/${gb.id}/arrived`, { method: 'POST' }),
    onSuccess: async (fresh) => { await refreshAll(fresh); Toast.show({ icon: 'success', content: t('gb.arrivedToast') }); },
    onError: (err) => setActionError(errorMessage(err)),
  });

  const confirmClose = async () => {
    setActionError(null);
    const ok = await Dialog.confirm({
      title: t('gb.closeConfirmTitle'),
      content: t('gb.closeConfirmBody', { buyers: gb.buyerCount, qty: gb.soldQuantity, unit: gb.product.unit }),
      confirmText: t('gb.closeConfirmOk'), cancelText: t('cancel', { ns: 'common' }),
    });
    if (ok) close.mutate();
  };
  const confirmArrived = async () => {
    setActionError(null);
    const ok = await Dialog.confirm({
      title: t('gb.arrivedConfirmTitle'),
      content: t('gb.arrivedConfirmBody', { buyers: gb.buyerCount }),
      confirmText: t('gb.arrivedConfirmOk'), cancelText: t('cancel', { ns: 'common' }),
    });
    if (ok) arrived.mutate();
  };

  const copyShare = async () => {
    if (!share.data) return;
    const ok = await copyText(share.data.text);
    Toast.show(ok ? { icon: 'success', content: t('gb.copied') } : { content: t('gb.copyFailed') });
  };

  const totalQty = counted.reduce((s, o) => s + o.quantity, 0);
  const totalFen = counted.reduce((s, o) => s + o.totalFen, 0);
  const pickedUp = counted.filter((o) => o.status === 'picked_up').length;
  const unpaid = (orders.data?.items ?? []).filter((o) => o.status === 'pending_payment').length;
  const cutoffMs = new Date(gb.cutoffAt).getTime() - now.getTime();
  const canClose = gb.status === 'open' || gb.status === 'scheduled';
  const pickListLink = `/leader/${gb.communityId}/pick-list?date=${dayOf(gb.pickupStartAt, timeZone)}`;

  const shareBlock = (
      <section className="card-block">
        <h3 className="block-title">{t('gb.shareTitle')}</h3>
        {share.isPending ? <div className="center-muted"><DotLoading /></div> : share.isError ? <ActionError message={errorMessage(share.error)} /> : (
          <>
            <pre className="share-text" data-testid="share-text">{share.data.text}</pre>
            <Button block size="large" color="primary" onClick={copyShare} data-testid="copy-share">{t('gb.copyShare')}</Button>
            <div className="share-qr">
              <img src={share.data.qrDataUrl} alt={t('gb.shareQrAlt')} width={180} height={180} />
              <div className="section-hint">{t('gb.shareQrHint')}</div>
            </div>
          </>
        )}
      </section>
  );
  const ordersBlock = (
      <section className="card-block">
        <h3 className="block-title">
          {t('gb.ordersTitle')}
          <span className="block-title-extra">{orders.isFetching ? <DotLoading /> : t('gb.autoRefresh')}</span>
        </h3>
        {orders.isPending ? <div className="center-muted"><DotLoading /></div> : orders.isError ? <ActionError message={errorMessage(orders.error)} /> : orders.data.items.length === 0 ? (
          <div className="center-muted">{t('gb.noOrders')}</div>
        ) : (
          <>
            {unpaid > 0 && <div className="section-hint">{t('gb.unpaidHint', { count: unpaid })}</div>}
            <List className="order-list">
              {orders.data.items.map((o, i) => (
                <List.Item key={o.id} data-testid="leader-order-row"
                  prefix={<span className="order-index">{i + 1}</span>}
                  description={<>{o.phoneMasked}{o.paidAt ? ` · ${t('gb.paidAt', { time: fmt(o.paidAt) })}` : ''}{o.pickedUpAt ? ` · ${t('gb.pickedAt', { time: fmt(o.pickedUpAt) })}` : ''}</>}
                  extra={<div className="order-extra"><strong>×{o.quantity}</strong><OrderStatusTag status={o.status} /></div>}>
                  {o.residentName}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </section>
  );

  return (
    <LeaderPage title={t('gb.navTitle')} communityId={gb.communityId} back={`/leader/${gb.communityId}`}>
      <section className="gb-head card-block">
        <div className="gb-card-main">
          <ProductImage src={gb.product.imageUrls[0]} size={88} />
          <div className="gb-card-info">
            <div className="gb-card-title"><span className="gb-card-name">{gb.title}</span><GroupBuyStatusTag status={gb.status} /></div>
            <div className="gb-card-spec">{gb.product.spec}</div>
            <div className="gb-card-spec"><Icon.pin /> {gb.product.origin}</div>
            <div className="gb-card-price">
              <span className="price">{yuan(gb.priceFen)}</span><span className="unit">/{gb.product.unit}</span>
              {gb.product.listPriceFen > gb.priceFen && <span className="list-price">{yuan(gb.product.listPriceFen)}</span>}
            </div>
          </div>
        </div>
        {gb.status === 'open' && <div className={`gb-card-timing${cutoffMs < 3 * 3_600_000 ? ' urgent' : ''}`}><Icon.clock /> {t('card.cutoffIn', { left: countdown(cutoffMs) })}</div>}
        <dl className="gb-facts">
          <div><dt>{t('gb.cutoff')}</dt><dd>{fmt(gb.cutoffAt)}</dd></div>
          <div><dt>{t('gb.pickup')}</dt><dd>{fmt(gb.pickupStartAt)} – {fmt(gb.pickupEndAt)}</dd></div>
          <div><dt>{t('gb.limit')}</dt><dd>{t('gb.limitValue', { limit: gb.perPersonLimit, unit: gb.product.unit })}</dd></div>
          <div><dt>{t('gb.stock')}</dt><dd>{t('card.stockLeft', { left: gb.stockAvailable, total: gb.stockTotal })}</dd></div>
          {gb.closedAt && <div><dt>{t('gb.closedAt')}</dt><dd>{fmt(gb.closedAt)}</dd></div>}
          {gb.arrivedAt && <div><dt>{t('gb.arrivedAt')}</dt><dd>{fmt(gb.arrivedAt)}</dd></div>}
        </dl>
        {gb.endorsement && (
          <div className="leader-says leader-trial" data-testid="leader-gb-endorsement">
            <span className="leader-says-label">{t('gb.yourTrial')} <Stars rating={gb.endorsement.rating} label={t('trials.starsLabel', { n: gb.endorsement.rating })} /></span>
            {gb.endorsement.story}
          </div>
        )}
        {gb.note && <div className="leader-says"><span className="leader-says-label">{t('gb.leaderSays')}</span>{gb.note}</div>}
      </section>

      <section className="stats-row">
        <div><strong>{gb.buyerCount}</strong><span>{t('gb.statBuyers')}</span></div>
        <div><strong>{totalQty}</strong><span>{t('gb.statQty', { unit: gb.product.unit })}</span></div>
        <div><strong>{yuan(totalFen)}</strong><span>{t('gb.statAmount')}</span></div>
        <div><strong>{pickedUp}</strong><span>{t('gb.statPicked')}</span></div>
      </section>

      <section className="gb-actions">
        <ActionError message={actionError} />
        {canClose && (
          <Button block size="large" color="warning" fill="outline" loading={close.isPending} onClick={confirmClose} data-testid="close-early">
            {t('gb.closeEarly')}
          </Button>
        )}
        {gb.status === 'closed' && (
          <>
            <div className="section-hint">{t('gb.closedHint')}</div>
            <Button block size="large" color="primary" loading={arrived.isPending} onClick={confirmArrived} data-testid="mark-arrived">
              {t('gb.markArrived')}
            </Button>
            <Button block size="large" onClick={() => navigate(pickListLink)} data-testid="gb-pick-list"><Icon.sheet /> {t('gb.pickList')}</Button>
          </>
        )}
        {gb.status === 'arrived' && (
          <div className="arrived-actions">
            <div className="section-hint">{t('gb.arrivedHint')}</div>
            <div className="two-buttons">
              <Button block size="large" color="primary" onClick={() => navigate(`/leader/${gb.communityId}/pickup`)}>{t('dashboard.pickup')}</Button>
              <Button block size="large" onClick={() => navigate(`/leader/${gb.communityId}/pending`)}>{t('dashboard.pending')}</Button>
            </div>
            <Button block size="large" fill="outline" color="primary" onClick={() => navigate(pickListLink)} data-testid="gb-pick-list"><Icon.sheet /> {t('gb.pickList')}</Button>
          </div>
        )}
      </section>

      {canClose ? <>{shareBlock}{ordersBlock}</> : <>{ordersBlock}{shareBlock}</>}
    </LeaderPage>
  );
}
