import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button, PullToRefresh, SearchBar } from 'antd-mobile';
import { api } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { Icon, LeaderPage, NotLeader, OrderStatusTag, useLeaderOf } from './components';
import type { PendingPickups, PickupView } from './types';

interface ResidentGroup { key: string; name: string; phoneMasked: string; items: PickupView[]; pieces: number }

export function PendingPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <PendingList communityId={communityId} />;
}

function PendingList({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const pending = useQuery({
    queryKey: ['leader', 'pending', communityId],
    queryFn: () => api<PendingPickups>(`/api/communities/${communityId}/pickups/pending`),
    refetchInterval: 15_000,
  });

  const groups = useMemo<ResidentGroup[]>(() => {
    const map = new Map<string, ResidentGroup>();
    for (const item of pending.data?.items ?? []) {
      const key = `${item.residentName}|${item.phoneMasked}`;
      const g = map.get(key) ?? { key, name: item.residentName, phoneMasked: item.phoneMasked, items: [], pieces: 0 };
      g.items.push(item);
      g.pieces += item.quantity;
      map.set(key, g);
    }
    return [...map.values()];
  }, [pending.data]);

  const q = search.trim().toLowerCase();
  const shown = q ? groups.filter((g) => g.name.toLowerCase().includes(q) || g.phoneMasked.slice(-4).includes(q) || g.items.some((i) => i.title.toLowerCase().includes(q))) : groups;

  let body;
  if (pending.isPending) body = <PageLoading />;
  else if (pending.isError) body = <PageError error={pending.error} onRetry={() => pending.refetch()} />;
  else {
    body = (
      <>
        <section className="pending-summary" data-testid="pending-summary">
          {groups.length > 0
            ? t('pending.summary', { people: groups.length, picked: pending.data.pickedUpLast24h })
            : t('pending.summaryDone', { picked: pending.data.pickedUpLast24h })}
        </section>
        {groups.length === 0 ? (
          <div className="all-done">
            <div className="all-done-icon"><Icon.done /></div>
            <div className="all-done-title">{t('pending.emptyTitle')}</div>
            <div className="section-hint">{t('pending.emptyHint')}</div>
          </div>
        ) : (
          <>
            {groups.length > 5 && (
              <div className="pending-search"><SearchBar placeholder={t('pending.search')} value={search} onChange={setSearch} /></div>
            )}
            <div className="section-hint">{t('pending.privacy')}</div>
            <div className="pending-list">
              {shown.map((g) => (
                <div className="pending-row" key={g.key} data-testid="pending-row">
                  <div className="pending-who">
                    <span className="pending-name">{g.name}</span>
                    <span className="pending-phone">{g.phoneMasked}</span>
                    <span className="pending-count">{t('pending.pieces', { count: g.pieces })}</span>
                  </div>
                  {g.items.map((i) => (
                    <div className="pending-item" key={i.id}>
                      <span className="pending-item-name">{i.title}<span className="muted"> · {i.spec}</span></span>
                      <span className="pending-item-qty">×{i.quantity}{i.unit}</span>
                      <OrderStatusTag status={i.status} />
                    </div>
                  ))}
                </div>
              ))}
              {shown.length === 0 && <div className="center-muted">{t('pending.noMatch')}</div>}
            </div>
          </>
        )}
        <div style={{ padding: '8px 16px 16px' }}>
          <Button block size="large" color="primary" onClick={() => navigate(`/leader/${communityId}/pickup`)}>{t('pending.goPickup')}</Button>
        </div>
      </>
    );
  }

  return (
    <LeaderPage title={t('pending.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await pending.refetch(); }}>{body}</PullToRefresh>
    </LeaderPage>
  );
}
