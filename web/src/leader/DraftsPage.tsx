import { useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Toast } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import type { GroupBuyDraft, GroupBuyView } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { groupBuyEditKeys, groupBuyKeys } from '../shared/query-keys';
import { LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { useProducts } from './trials/useTrials';
import { CopyButton } from './GroupBuyEditBlock';
import { DEFAULT_TZ } from './lib';
import './gb-edit.css';

const PAGE = 10;

/** /leader/:communityId/drafts — his drafts (continue, delete) and earlier group buys to copy. */
export function DraftsPage() {
  const { communityId = '' } = useParams();
  const { t } = useTranslation('gbEdit');
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  const tz = community.timeZone || DEFAULT_TZ;
  return (
    <LeaderPage title={t('drafts.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <Drafts communityId={communityId} timeZone={tz} />
      <PastGroupBuys communityId={communityId} timeZone={tz} />
    </LeaderPage>
  );
}

function useLocale() {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

function Drafts({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('gbEdit');
  const navigate = useNavigate();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const products = useProducts();
  const names = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p.name])), [products.data]);
  const drafts = useQuery({ queryKey: groupBuyEditKeys.drafts(communityId), queryFn: () => api<{ items: GroupBuyDraft[] }>(`/api/communities/${communityId}/group-buy-drafts`) });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/group-buy-drafts/${id}`, { method: 'DELETE' }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: groupBuyEditKeys.drafts(communityId) }); Toast.show({ icon: 'success', content: t('drafts.deleted') }); },
    onError: (err) => Toast.show({ content: errorMessage(err) }),
  });
  const confirmDelete = async (d: GroupBuyDraft) => {
    const ok = await Dialog.confirm({ title: t('drafts.deleteTitle'), content: t('drafts.deleteBody', { title: d.content.title || t('drafts.untitled') }), confirmText: t('drafts.delete'), cancelText: t('edit.cancel') });
    if (ok) remove.mutate(d.id);
  };
  const titleOf = (d: GroupBuyDraft) => d.content.title || d.content.items.map((i) => names.get(i.productId) ?? '').filter(Boolean).join('、') || t('drafts.untitled');

  return (
    <section className="card-block" data-testid="drafts">
      <h2 className="gbe-title">{t('drafts.title')}</h2>
      {drafts.isPending ? <PageLoading /> : drafts.isError ? <PageError error={drafts.error} onRetry={() => drafts.refetch()} /> : drafts.data.items.length === 0 ? (
        <EmptyState title={t('drafts.empty')} description={t('drafts.emptyHint')} />
      ) : (
        <ul className="gbe-list">
          {drafts.data.items.map((d) => (
            <li key={d.id} data-testid="draft-row">
              <div className="gbe-list-main" role="link" onClick={() => navigate(`/leader/${communityId}/new?draft=${d.id}`)}>
                <div className="gbe-list-title">{titleOf(d)}</div>
                <div className="gbe-muted">{t('drafts.itemsLine', { count: d.content.items.length, names: d.content.items.map((i) => names.get(i.productId) ?? '…').join('、') })}</div>
                <div className="gbe-muted">{t('drafts.updated', { time: formatTime(d.updatedAt, timeZone, locale) })}</div>
              </div>
              <div className="gbe-list-buttons">
                <Button size="middle" color="primary" onClick={() => navigate(`/leader/${communityId}/new?draft=${d.id}`)} data-testid="draft-edit">{t('drafts.edit')}</Button>
                <Button size="middle" fill="none" onClick={() => confirmDelete(d)}>{t('drafts.delete')}</Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PastGroupBuys({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('gbEdit');
  const navigate = useNavigate();
  const locale = useLocale();
  const past = useInfiniteQuery({
    queryKey: groupBuyKeys.list(communityId, 'all-for-copy'),
    queryFn: ({ pageParam }) => api<{ items: GroupBuyView[]; hasMore: boolean }>(`/api/communities/${communityId}/group-buys?filter=all&page=${pageParam}&pageSize=${PAGE}`),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length + 1 : undefined),
  });
  const items = past.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card-block" data-testid="past-group-buys">
      <h2 className="gbe-title">{t('drafts.pastTitle')}</h2>
      {past.isPending ? <PageLoading /> : past.isError ? <PageError error={past.error} onRetry={() => past.refetch()} /> : items.length === 0 ? (
        <EmptyState title={t('drafts.pastEmpty')} />
      ) : (
        <ul className="gbe-list">
          {items.map((gb) => (
            <li key={gb.id} data-testid="past-row">
              <div className="gbe-list-main" role="link" onClick={() => navigate(`/leader/group-buys/${gb.id}`)}>
                <div className="gbe-list-title">{gb.title}</div>
                <div className="gbe-muted">{t('drafts.cutoffLine', { time: formatTime(gb.cutoffAt, timeZone, locale), sold: gb.soldQuantity })}</div>
              </div>
              <CopyButton gb={gb} block={false} />
            </li>
          ))}
        </ul>
      )}
      {past.hasNextPage && <Button block fill="none" loading={past.isFetchingNextPage} onClick={() => { void past.fetchNextPage(); }}>{t('drafts.loadMore')}</Button>}
    </section>
  );
}
