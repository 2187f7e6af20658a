import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Toast } from 'antd-mobile';
import { api, ApiError, formatTime, yuan } from '../shared/api';
import type { GroupBuyView } from '../shared/types';
import { PageError, PageLoading } from '../shared/states';
import { Icon, ActionError, GroupBuyStatusTag, LeaderPage, NotLeader, ProductImage, errorMessage, useCountdownLabel, useLeaderOf } from './components';
import { ItemsBlock, OrdersBlock, RollCallBlock, ShareBlock, useLeaderOrders } from './GroupBuyBlocks';
import { dayOf, useNow } from './lib';
import { groupBuyKeys, handoverKeys } from '../shared/query-keys';
import { GroupBuyHistory } from '../shared/GroupBuyHistory';
import { CopyButton, GroupBuyEditBlock } from './GroupBuyEditBlock';
import { Name, named } from '../shared/names';
import { BundleOfferBlock } from './BundleOfferBlock';

/** /leader/group-buys/:id — one 团: its items, orders with 跟团号, the 接龙 text and roll call. */
export function GroupBuyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('leader');
  const gb = useQuery({
    queryKey: groupBuyKeys.detail(id),
    queryFn: () => api<GroupBuyView>(`/api/group-buys/${id}`),
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

function GroupBuyDetail({ gb, timeZone }: { gb: GroupBuyView; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const countdown = useCountdownLabel();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const fmt = (iso: string) => formatTime(iso, timeZone, locale);
  const [actionError, setActionError] = useState<string | null>(null);
  const orders = useLeaderOrders(gb.id);
  // The roll call and share text follow the paid orders: fetched again when they change.
  const version = (orders.data?.items ?? []).map((o) => `${o.orderId}:${o.totalFen}`).join(',');

  const close = useMutation({
    mutationFn: () => api<GroupBuyView>(`/api/group-buys/${gb.id}/close`, { method: 'POST' }),
    onSuccess: async (fresh) => {
      queryClient.setQueryData<GroupBuyView>(groupBuyKeys.detail(gb.id), (old) => (old ? { ...old, ...fresh, items: fresh.items ?? old.items } : old));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.detail(gb.id) }),
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.community(gb.communityId) }),
        queryClient.invalidateQueries({ queryKey: handoverKeys.community(gb.communityId) }),
      ]);
      Toast.show({ icon: 'success', content: t('gb.closedToast') });
    },
    onError: (err) => setActionError(errorMessage(err)),
  });

  const confirmClose = async () => {
    setActionError(null);
    const ok = await Dialog.confirm({
      title: t('gb.closeConfirmTitle'),
      content: t('gb.closeConfirmBody', { buyers: gb.buyerCount, qty: gb.soldQuantity }),
      confirmText: t('gb.closeConfirmOk'), cancelText: t('cancel', { ns: 'common' }),
    });
    if (ok) close.mutate();
  };

  // Paid and not refunded: unpaid, cancelled and refunded lines do not count.
  const paidFen = (orders.data?.items ?? []).flatMap((o) => o.lines)
    .filter((l) => !['pending_payment', 'cancelled', 'refunded'].includes(l.status) && l.quantity > 0)
    .reduce((s, l) => s + Math.round((l.totalFen * (l.quantity - l.refundedQuantity)) / l.quantity), 0);
  const cutoffMs = new Date(gb.cutoffAt).getTime() - now.getTime();
  const canClose = gb.status === 'open' || gb.status === 'scheduled';
  const base = `/leader/${gb.communityId}`;
  const day = dayOf(gb.pickupStartAt, timeZone);
  const first = [...gb.items].sort((a, b) => a.position - b.position)[0];
  const arrivedItems = gb.items.filter((i) => i.arrivedAt).length;

  return (
    <LeaderPage title={t('gb.navTitle')} communityId={gb.communityId} back={base}>
      <section className="gb-head card-block">
        <div className="gb-card-main">
          <ProductImage src={first?.product.imageUrls[0]} size={72} />
          <div className="gb-card-info">
            <div className="gb-card-title"><span className="gb-card-name" data-testid="gb-title" translate="no">{gb.title}</span><GroupBuyStatusTag status={gb.status} /></div>
            <div className="gb-card-spec">{named(t, 'gb.itemsSummary', { count: gb.items.length, names: gb.items.map((i) => i.product.name).join(t('common:listSeparator')) })}</div>
          </div>
        </div>
        {gb.status === 'open' && <div className={`gb-card-timing${cutoffMs < 3 * 3_600_000 ? ' urgent' : ''}`}><Icon.clock /> {t('card.cutoffIn', { left: countdown(cutoffMs) })}</div>}
        <dl className="gb-facts">
          <div><dt>{t('gb.cutoff')}</dt><dd>{fmt(gb.cutoffAt)}</dd></div>
          <div><dt>{t('gb.pickup')}</dt><dd>{fmt(gb.pickupStartAt)} – {fmt(gb.pickupEndAt)}</dd></div>
          {gb.priorityMinutes > 0 && <div><dt>{t('gb.priority')}</dt><dd>{t('gb.priorityValue', { m: gb.priorityMinutes })}</dd></div>}
          {gb.closedAt && <div><dt>{t('gb.closedAt')}</dt><dd>{fmt(gb.closedAt)}</dd></div>}
          {gb.arrivedAt && <div><dt>{t('gb.arrivedAt')}</dt><dd>{fmt(gb.arrivedAt)}</dd></div>}
        </dl>
        {gb.note && <div className="leader-says"><span className="leader-says-label">{t('gb.leaderSays')}</span><Name>{gb.note}</Name></div>}
      </section>

      <section className="stats-row">
        <div><strong>{gb.buyerCount}</strong><span>{t('gb.statBuyers')}</span></div>
        <div><strong>{gb.soldQuantity}</strong><span>{t('gb.statUnits')}</span></div>
        <div><strong>{yuan(paidFen)}</strong><span>{t('gb.statAmount')}</span></div>
        <div><strong>{arrivedItems}/{gb.items.length}</strong><span>{t('gb.statArrived')}</span></div>
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
            <Button block size="large" color="primary" onClick={() => navigate(`${base}/deliveries`)} data-testid="gb-deliveries">{t('gb.goDeliveries')}</Button>
          </>
        )}
        {gb.status === 'arrived' && (
          <>
            <div className="section-hint">{t('gb.arrivedHint')}</div>
            <div className="two-buttons">
              <Button block size="large" color="primary" onClick={() => navigate(`${base}/pickup`)}>{t('dashboard.pickup')}</Button>
              <Button block size="large" onClick={() => navigate(`${base}/pending`)}>{t('dashboard.pending')}</Button>
            </div>
          </>
        )}
        <CopyButton gb={gb} />
        {(gb.status === 'closed' || gb.status === 'arrived') && (
          <div className="two-buttons">
            <Button block size="large" fill="outline" onClick={() => navigate(`${base}/pick-list?date=${day}`)} data-testid="gb-pick-list"><Icon.sheet /> {t('gb.pickList')}</Button>
            <Button block size="large" fill="outline" onClick={() => navigate(`${base}/labels?date=${day}`)} data-testid="gb-labels"><Icon.print /> {t('gb.labels')}</Button>
          </div>
        )}
      </section>

      {(canClose || gb.status === 'closed') && <GroupBuyEditBlock gb={gb} timeZone={timeZone} />}
      <ItemsBlock items={gb.items} timeZone={timeZone} />
      <BundleOfferBlock gb={gb} />
      {canClose ? (
        <><ShareBlock gbId={gb.id} version={version} /><RollCallBlock gbId={gb.id} version={version} /><OrdersBlock gbId={gb.id} timeZone={timeZone} /></>
      ) : (
        <><OrdersBlock gbId={gb.id} timeZone={timeZone} /><RollCallBlock gbId={gb.id} version={version} /><ShareBlock gbId={gb.id} version={version} /></>
      )}
      <GroupBuyHistory groupBuyId={gb.id} timeZone={timeZone} forLeader />
    </LeaderPage>
  );
}
