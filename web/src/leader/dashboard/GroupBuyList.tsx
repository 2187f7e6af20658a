import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, InfiniteScroll, Tabs } from 'antd-mobile';
import { api, formatTime, yuan } from '../../shared/api';
import type { GroupBuyView, Page } from '../../shared/types';
import { PageError, PageLoading, EmptyState } from '../../shared/states';
import { Icon, GroupBuyStatusTag, ProductImage, useCountdownLabel } from '../components';
import { useNow } from '../lib';
import { groupBuyKeys } from '../../shared/query-keys';
import { Name, named } from '../../shared/names';
import { Unit, unitLabel } from '../../shared/units';

type Filter = 'current' | 'past';

/** 我的团购: his group buys, current or past, ten at a time (the list the dashboard always had). */
export function GroupBuyList({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('current');
  const list = useInfiniteQuery({
    queryKey: groupBuyKeys.list(communityId, filter),
    queryFn: ({ pageParam }) => api<Page<GroupBuyView>>(`/api/communities/${communityId}/group-buys?filter=${filter}&page=${pageParam}&pageSize=10`),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length + 1 : undefined),
    refetchInterval: 30_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-label={t('tools.groupBuys', { ns: 'morning' })}>
      <Tabs activeKey={filter} onChange={(k) => setFilter(k as Filter)} className="leader-tabs">
        <Tabs.Tab title={t('dashboard.current')} key="current" />
        <Tabs.Tab title={t('dashboard.past')} key="past" />
      </Tabs>
      {list.isPending ? <PageLoading /> : list.isError ? <PageError error={list.error} onRetry={() => list.refetch()} /> : items.length === 0 ? (
        <div style={{ paddingBottom: 16 }}>
          <EmptyState title={filter === 'current' ? t('dashboard.emptyCurrent') : t('dashboard.emptyPast')} description={filter === 'current' ? t('dashboard.emptyCurrentHint') : ''} />
          {filter === 'current' && <div style={{ padding: '16px 24px 0' }}><Button block color="primary" size="large" onClick={() => navigate(`/leader/${communityId}/new`)}>{t('dashboard.open')}</Button></div>}
        </div>
      ) : (
        <div className="gb-list">
          {items.map((gb) => <GroupBuyCard key={gb.id} gb={gb} timeZone={timeZone} />)}
          <InfiniteScroll loadMore={async () => { await list.fetchNextPage(); }} hasMore={!!list.hasNextPage}>
            {list.hasNextPage ? t('loadingMore') : <span className="list-end">{t('listEnd')}</span>}
          </InfiniteScroll>
        </div>
      )}
    </section>
  );
}

function GroupBuyCard({ gb, timeZone }: { gb: GroupBuyView; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const now = useNow(30_000);
  const countdown = useCountdownLabel();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const cutoffMs = new Date(gb.cutoffAt).getTime() - now.getTime();
  const items = [...gb.items].sort((a, b) => a.position - b.position);
  const stockTotal = items.reduce((s, i) => s + i.stockTotal, 0);
  const stockLeft = items.reduce((s, i) => s + i.stockAvailable, 0);
  const soldPct = stockTotal > 0 ? Math.min(100, Math.round((gb.soldQuantity / stockTotal) * 100)) : 0;
  const minPrice = items.length > 0 ? Math.min(...items.map((i) => i.priceFen)) : 0;
  let timing: string;
  if (gb.status === 'open') timing = t('card.cutoffIn', { left: countdown(cutoffMs) });
  else if (gb.status === 'scheduled') timing = t('card.opensAt', { time: formatTime(gb.opensAt, timeZone, locale) });
  else if (gb.status === 'closed') timing = t('card.closedPickup', { time: formatTime(gb.pickupStartAt, timeZone, locale) });
  else if (gb.status === 'arrived') timing = t('card.arrivedPickup', { time: formatTime(gb.pickupEndAt, timeZone, locale) });
  else timing = '';
  const open = () => navigate(`/leader/group-buys/${gb.id}`);
  return (
    <div className="gb-card" data-testid="leader-group-buy-card" role="link" tabIndex={0}
      onClick={open} onKeyDown={(e) => { if (e.key === 'Enter') open(); }}>
      <div className="gb-card-main">
        <ProductImage src={items[0]?.product.imageUrls[0]} size={76} />
        <div className="gb-card-info">
          <div className="gb-card-title">
            <span className="gb-card-name" translate="no">{gb.title}</span>
            <GroupBuyStatusTag status={gb.status} />
          </div>
          <div className="gb-card-spec">{items.length > 1 ? named(t, 'card.items', { count: items.length, names: items.map((i) => i.product.name).join(t('common:listSeparator')) }) : <Name>{items[0]?.product.spec}</Name>}</div>
          <div className="gb-card-price">
            <span className="price">{yuan(minPrice)}</span>
            {items.length > 1 ? <span className="unit">{t('card.from')}</span> : <span className="unit">/{items[0] && <Unit unit={items[0].product.unit} />}</span>}
          </div>
        </div>
      </div>
      <div className="gb-card-stats">
        <span>{t('card.sold', { buyers: gb.buyerCount, qty: gb.soldQuantity })}</span>
        <span>{t('card.stockLeft', { left: stockLeft, total: stockTotal })}</span>
      </div>
      <div className="gb-card-bar" aria-hidden="true"><div style={{ width: `${soldPct}%` }} /></div>
      {timing && <div className={`gb-card-timing${gb.status === 'open' && cutoffMs < 3 * 3_600_000 ? ' urgent' : ''}`}><Icon.clock /> {timing}</div>}
    </div>
  );
}
