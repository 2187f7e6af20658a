import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, InfiniteScroll, PullToRefresh, Tabs, Toast } from 'antd-mobile';
import { api } from '../shared/api';
import type { Page } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DEFAULT_TZ } from './lib';
import { invalidateLife, type Post, type PostKind } from './life';
import { LifeIcon } from './lifeParts';
import { HideDialog } from './life-dialogs/HideDialog';
import { PostCard } from './PostCard';
import { feedKeys } from '../shared/query-keys';

const FILTERS: ('all' | PostKind)[] = ['all', 'notice', 'arrival', 'knowledge', 'tip', 'recommendation', 'question', 'topic', 'poll'];

/** /leader/:communityId/feed — the community's feed with his moderation: pin, unpin, hide with a reason. */
export function FeedPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Feed communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Feed({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = (FILTERS as string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as PostKind | 'all') : 'all';
  const [hiding, setHiding] = useState<{ type: 'post'; id: string; excerpt: string } | null>(null);
  const base = `/leader/${communityId}`;

  const list = useInfiniteQuery({
    queryKey: feedKeys.list(communityId, kind),
    queryFn: ({ pageParam }) => api<Page<Post>>(`/api/communities/${communityId}/feed?page=${pageParam}${kind === 'all' ? '' : `&kind=${kind}`}`),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length + 1 : undefined),
    refetchInterval: 60_000,
  });
  const pin = useMutation({
    mutationFn: (v: { id: string; pinned: boolean }) => api<{ id: string; pinned: boolean }>(`/api/posts/${v.id}/pin`, { method: 'PUT', body: { pinned: v.pinned } }),
    onSuccess: async (r) => {
      await invalidateLife(queryClient, communityId, r.id);
      Toast.show({ icon: 'success', content: r.pinned ? t('life.post.pinnedToast') : t('life.post.unpinnedToast') });
    },
    onError: (err) => Toast.show({ content: errorMessage(err) }),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  let body;
  if (list.isPending) body = <PageLoading />;
  else if (list.isError) body = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (items.length === 0) body = <EmptyState title={t('life.feed.empty')} description={t('life.feed.emptyHint')} />;
  else body = (
    <div className="post-list">
      {items.map((p) => (
        <PostCard key={p.id} post={p} timeZone={timeZone} onOpen={() => navigate(`${base}/posts/${p.id}`)}
          actions={!p.hidden && (
            <>
              <button type="button" className="mini-action" disabled={pin.isPending} onClick={() => pin.mutate({ id: p.id, pinned: !p.pinned })} data-testid="post-pin">
                <LifeIcon.pinTop /> {p.pinned ? t('life.post.unpin') : t('life.post.pin')}
              </button>
              <button type="button" className="mini-action danger" onClick={() => setHiding({ type: 'post', id: p.id, excerpt: p.title || p.body.slice(0, 40) })} data-testid="post-hide">
                <LifeIcon.eyeOff /> {t('life.post.hide')}
              </button>
            </>
          )}
        />
      ))}
      <InfiniteScroll loadMore={async () => { await list.fetchNextPage(); }} hasMore={!!list.hasNextPage}>
        {list.hasNextPage ? t('loadingMore') : <span className="list-end">{t('listEnd')}</span>}
      </InfiniteScroll>
    </div>
  );

  return (
    <LeaderPage title={t('life.feed.navTitle')} communityId={communityId} back={base}
      right={<a className="nav-link" onClick={() => navigate(`${base}/compose`)} data-testid="feed-compose">{t('life.feed.compose')}</a>}>
      <Tabs activeKey={kind} onChange={(k) => setParams(k === 'all' ? {} : { kind: k }, { replace: true })} className="leader-tabs feed-tabs">
        {FILTERS.map((k) => <Tabs.Tab key={k} title={k === 'all' ? t('life.feed.all') : t(`life.kinds.${k}`)} />)}
      </Tabs>
      <div className="section-hint">{t('life.feed.hint')}</div>
      <PullToRefresh onRefresh={async () => { await list.refetch(); }}>{body}</PullToRefresh>
      {items.length === 0 && !list.isPending && !list.isError && (
        <div className="pad-block"><Button block color="primary" size="large" onClick={() => navigate(`${base}/compose`)}>{t('life.feed.compose')}</Button></div>
      )}
      <HideDialog target={hiding} communityId={communityId} onClose={() => setHiding(null)} />
    </LeaderPage>
  );
}
