import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, PullToRefresh, Stepper, Toast } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import type { DeliveryLine } from './types';
import { groupBuyKeys, handoverKeys } from '../shared/query-keys';

/** /leader/:communityId/deliveries — 到货: what the supplier delivered here; he confirms what he really received. */
export function DeliveriesPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Deliveries communityId={communityId} timeZone={community.timeZone} />;
}

function Deliveries({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: handoverKeys.deliveries(communityId),
    queryFn: () => api<{ items: DeliveryLine[] }>(`/api/communities/${communityId}/deliveries`),
    refetchInterval: 30_000,
  });
  const items = list.data?.items ?? [];
  const waiting = items.filter((l) => l.receivedAt === null);
  const received = items.filter((l) => l.receivedAt !== null);

  let body;
  if (list.isPending) body = <PageLoading />;
  else if (list.isError) body = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else {
    body = (
      <>
        <div className="section-hint dl-hint">{t('deliveries.hint')}</div>
        {waiting.length === 0 ? (
          <div className="all-done">
            <div className="all-done-icon"><Icon.done /></div>
            <div className="all-done-title">{items.length === 0 ? t('deliveries.emptyTitle') : t('deliveries.allReceived')}</div>
            <div className="section-hint">{t('deliveries.emptyHint')}</div>
          </div>
        ) : (
          <>
            <h3 className="list-heading">{t('deliveries.waitingTitle', { count: waiting.length })}</h3>
            <div className="dl-list">{waiting.map((l) => <ReceiveCard key={l.id} line={l} communityId={communityId} timeZone={timeZone} />)}</div>
          </>
        )}
        {received.length > 0 && (
          <>
            <h3 className="list-heading">{t('deliveries.receivedTitle', { count: received.length })}</h3>
            <div className="dl-list">{received.map((l) => <ReceivedRow key={l.id} line={l} timeZone={timeZone} />)}</div>
          </>
        )}
        {received.length > 0 && (
          <div className="dl-next">
            <Button block size="large" color="primary" onClick={() => navigate(`/leader/${communityId}/pickup`)}>{t('dashboard.pickup')}</Button>
          </div>
        )}
      </>
    );
  }

  return (
    <LeaderPage title={t('deliveries.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await list.refetch(); }}>{body}</PullToRefresh>
    </LeaderPage>
  );
}

function LineHead({ line, timeZone }: { line: DeliveryLine; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <div className="dl-head">
      <div className="dl-name">{line.productName}{line.spec && <small> {line.spec}</small>}</div>
      {line.title && line.title !== line.productName && <div className="dl-sub">{line.title}</div>}
      <div className="dl-sub">
        {line.deliveredAt ? t('deliveries.deliveredAt', { time: formatTime(line.deliveredAt, timeZone, locale) }) : ''}
        {line.supplierName ? ` · ${line.supplierName}` : ''}
        {line.batchCode ? ` · ${t('pickList.batch')} ${line.batchCode}` : ''}
      </div>
    </div>
  );
}

function ReceiveCard({ line, communityId, timeZone }: { line: DeliveryLine; communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const delivered = line.quantityDelivered ?? line.quantityOrdered;
  const unit = line.unit ?? '';
  const [count, setCount] = useState(delivered);
  const [error, setError] = useState<string | null>(null);
  const receive = useMutation({
    mutationFn: (quantityReceived: number) => api(`/api/purchase-order-lines/${line.id}/receive`, { body: { quantityReceived } }),
    onSuccess: async (_, n) => {
      Toast.show({ icon: 'success', content: n < delivered ? t('deliveries.doneShort', { n, missing: delivered - n, unit }) : t('deliveries.done', { n, unit }) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: handoverKeys.community(communityId) }),
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.detail(line.groupBuyId) }),
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.community(communityId) }),
      ]);
    },
    onError: (err) => { setError(errorMessage(err)); void queryClient.invalidateQueries({ queryKey: handoverKeys.deliveries(communityId) }); },
  });

  const confirm = async () => {
    setError(null);
    if (count < delivered) {
      const ok = await Dialog.confirm({
        title: t('deliveries.shortTitle', { missing: delivered - count, unit }),
        content: <div className="dl-confirm">{t('deliveries.shortBody', { n: count, delivered, missing: delivered - count, unit })}</div>,
        confirmText: t('deliveries.shortOk', { n: count, unit }), cancelText: t('deliveries.recount'),
      });
      if (!ok) return;
    }
    receive.mutate(count);
  };

  return (
    <article className="dl-card" data-testid="delivery-line">
      <LineHead line={line} timeZone={timeZone} />
      <div className="dl-delivered">{t('deliveries.deliveredQty', { n: delivered, unit })}</div>
      <div className="dl-count">
        <span className="dl-count-label">{t('deliveries.countLabel')}</span>
        <Stepper value={count} min={0} max={delivered} digits={0} onChange={(v) => setCount(Math.max(0, Math.min(delivered, Math.round(Number(v) || 0))))}
          className="dl-stepper" inputReadOnly={false} data-testid="receive-count" />
        <span className="dl-unit">{unit}</span>
      </div>
      {count < delivered && <div className="dl-short" role="status">{t('deliveries.shortWarn', { missing: delivered - count, unit })}</div>}
      <ActionError message={error} />
      <Button block size="large" color={count < delivered ? 'warning' : 'primary'} loading={receive.isPending} onClick={confirm} data-testid="receive-confirm">
        {count < delivered ? t('deliveries.confirmShort', { n: count, unit }) : t('deliveries.confirm', { n: count, unit })}
      </Button>
    </article>
  );
}

function ReceivedRow({ line, timeZone }: { line: DeliveryLine; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const delivered = line.quantityDelivered ?? line.quantityOrdered;
  const got = line.quantityReceived ?? delivered;
  return (
    <article className="dl-card received" data-testid="delivery-received">
      <LineHead line={line} timeZone={timeZone} />
      <div className="dl-received">
        <Icon.done /> {t('deliveries.receivedQty', { n: got, unit: line.unit ?? '', time: line.receivedAt ? formatTime(line.receivedAt, timeZone, locale) : '' })}
        {got < delivered && <span className="dl-short-tag">{t('deliveries.missingRefunded', { missing: delivered - got, unit: line.unit ?? '' })}</span>}
      </div>
    </article>
  );
}
