import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { InfiniteScroll, PullToRefresh, Tabs } from 'antd-mobile';
import { api, formatTime, yuan } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from './components';
import { useNow } from './lib';
import { ClaimFlags, ClaimStatusTag, DeadlineLabel, deadlineState, inboxUrl, useLang, type ClaimInbox } from './claims';
import { claimKeys } from '../shared/query-keys';
import { Name, named } from '../shared/names';

type Filter = 'open' | 'all';

/** /leader/:communityId/claims — 团长兜底: claims waiting for this leader, soonest deadline first. */
export function ClaimsInboxPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <ClaimsInbox communityId={communityId} timeZone={community.timeZone} />;
}

function ClaimsInbox({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const [params, setParams] = useSearchParams();
  const filter: Filter = params.get('tab') === 'all' ? 'all' : 'open';
  const lang = useLang();

  const list = useInfiniteQuery({
    queryKey: claimKeys.inbox(communityId, filter, lang),
    queryFn: ({ pageParam }) => api<ClaimInbox>(inboxUrl(communityId, filter, pageParam)),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length + 1 : undefined),
    refetchInterval: 30_000,
  });
  const pages = list.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  // Every page carries the current open count; the newest page knows best.
  const open = pages.length > 0 ? pages[pages.length - 1].open : null;

  let body;
  if (list.isPending) body = <PageLoading />;
  else if (list.isError) body = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (items.length === 0) {
    body = filter === 'open' ? (
      <div className="all-done" data-testid="claims-empty">
        <div className="all-done-icon"><Icon.done /></div>
        <div className="all-done-title">{t('claims.emptyOpen')}</div>
        <div className="section-hint">{t('claims.emptyOpenHint')}</div>
      </div>
    ) : <EmptyState title={t('claims.emptyAll')} />;
  } else {
    body = (
      <div className="claim-list">
        {items.map((c) => <ClaimCard key={c.id} claim={c} communityId={communityId} timeZone={timeZone} />)}
        <InfiniteScroll loadMore={async () => { await list.fetchNextPage(); }} hasMore={!!list.hasNextPage}>
          {list.hasNextPage ? t('loadingMore') : <span className="list-end">{t('listEnd')}</span>}
        </InfiniteScroll>
      </div>
    );
  }

  return (
    <LeaderPage title={t('claims.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await list.refetch(); }}>
        <div className="claims-intro"><Icon.shield /> <span>{t('claims.intro')}</span></div>
        <Tabs activeKey={filter} onChange={(k) => setParams(k === 'all' ? { tab: 'all' } : {}, { replace: true })} className="leader-tabs claims-tabs">
          <Tabs.Tab key="open" title={open !== null ? t('claims.tabOpen', { count: open }) : t('claims.tabOpenPlain')} />
          <Tabs.Tab key="all" title={t('claims.tabAll')} />
        </Tabs>
        {body}
        {!list.isPending && !list.isError && <div className="section-hint claims-refresh">{t('claims.autoRefresh')}</div>}
      </PullToRefresh>
    </LeaderPage>
  );
}

function ClaimCard({ claim, communityId, timeZone }: { claim: ClaimInbox['items'][number]; communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const now = useNow(15_000);
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const state = deadlineState(claim, now);
  const waiting = claim.status === 'leader_review';
  const go = () => navigate(`/leader/${communityId}/claims/${claim.id}`);
  return (
    <article
      className={`claim-card${waiting ? ' waiting' : ''}${state?.kind === 'left' && state.urgent ? ' urgent' : ''}${state?.kind === 'overdue' ? ' overdue' : ''}`}
      data-testid="claim-card" role="link" tabIndex={0} onClick={go} onKeyDown={(e) => { if (e.key === 'Enter') go(); }}
      aria-label={t('claims.cardLabel', { name: claim.residentName, product: claim.productName, kind: claim.kindLabel, amount: yuan(claim.amountFen) })}
    >
      <div className="claim-card-head">
        <span className="claim-card-name" translate="no">{claim.residentName}</span>
        <span className="claim-card-amount">{yuan(claim.amountFen)}</span>
      </div>
      <div className="claim-card-what">
        <span className="claim-kind">{claim.kindLabel}</span>
        <span className="claim-card-product"><Name>{claim.productName}</Name> {t('claims.qty', { qty: claim.quantity })}</span>
      </div>
      <p className="claim-card-desc" translate="no">{claim.description}</p>
      <ClaimFlags flags={claim.flags} />
      <div className="claim-card-foot">
        {state ? <DeadlineLabel state={state} /> : <ClaimStatusTag claim={claim} />}
        {waiting && claim.deadlineAt && state?.kind === 'left' && (
          <span className="claim-card-due">{t('claims.dueAt', { time: formatTime(claim.deadlineAt, timeZone, locale) })}</span>
        )}
        {!waiting && claim.refundedFen > 0 && <span className="claim-card-due">{t('claims.refunded', { amount: yuan(claim.refundedFen) })}</span>}
        {!waiting && !state && claim.refundedFen === 0 && <span className="claim-card-due">{formatTime(claim.createdAt, timeZone, locale)}</span>}
        <span className="claim-card-go" aria-hidden="true">›</span>
      </div>
    </article>
  );
}
