import { useState } from 'react';
import { useParams, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Badge, Button, InfiniteScroll, PullToRefresh, Tabs } from 'antd-mobile';
import { api, formatTime, yuan } from '../shared/api';
import type { GroupBuyView, Page } from '../shared/types';
import { PageError, PageLoading, EmptyState } from '../shared/states';
import { setLanguage } from '../i18n';
import { Icon, GroupBuyStatusTag, LeaderPage, NotLeader, ProductImage, useCountdownLabel, useLeaderOf } from './components';
import type { DeliveryLine } from './types';
import { useNow } from './lib';
import { usePending } from './PendingPage';
import { ClaimIcon, deadlineState, useCountdownText, useOpenClaims } from './claims';
import { useOpenQuestions, useReports } from './life';
import { LifeIcon } from './lifeParts';
import { groupBuyKeys, handoverKeys } from '../shared/query-keys';

type Filter = 'current' | 'past';

export function DashboardPage() {
  const { communityId = '' } = useParams();
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const { community, me } = useLeaderOf(communityId);
  const [filter, setFilter] = useState<Filter>('current');

  const pending = usePending(communityId, !!community);
  const deliveries = useQuery({
    queryKey: handoverKeys.deliveries(communityId),
    queryFn: () => api<{ items: DeliveryLine[] }>(`/api/communities/${communityId}/deliveries`),
    enabled: !!community,
  });
  const claims = useOpenClaims(communityId, !!community);
  const questions = useOpenQuestions(communityId, !!community);
  const reports = useReports(communityId, !!community);
  const list = useInfiniteQuery({
    queryKey: groupBuyKeys.list(communityId, filter),
    queryFn: ({ pageParam }) => api<Page<GroupBuyView>>(`/api/communities/${communityId}/group-buys?filter=${filter}&page=${pageParam}&pageSize=10`),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length + 1 : undefined),
    enabled: !!community,
    refetchInterval: 30_000,
  });

  if (!community || !me) return <NotLeader />;
  const pendingPeople = pending.data?.households.length ?? 0;
  const pendingLines = pending.data?.households.reduce((s, h) => s + h.lines.length, 0) ?? 0;
  const toReceive = deliveries.data?.items.filter((l) => l.receivedAt === null).length ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const base = `/leader/${communityId}`;

  return (
    <LeaderPage
      title={t('dashboard.navTitle')}
      communityId={communityId}
      back={false}
      right={<a className="nav-link" onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('language', { ns: 'common' })}</a>}
    >
      <PullToRefresh onRefresh={async () => { await Promise.all([list.refetch(), pending.refetch(), deliveries.refetch(), claims.refetch(), questions.refetch(), reports.refetch()]); }}>
        <section className="leader-hero">
          <div className="leader-hero-name">{community.name}</div>
          <div className="leader-hero-title">{t('dashboard.greeting', { title: community.title || t('dashboard.defaultTitle'), name: me.user.name })}</div>
          <div className="leader-hero-point"><Icon.pin /> {community.pickupPointName} · {community.pickupHours}</div>
        </section>

        <section className="quick-actions" aria-label={t('dashboard.quickActions')}>
          <button type="button" className="quick-action primary" onClick={() => navigate(`${base}/new`)}>
            <span className="qa-icon">＋</span><span>{t('dashboard.open')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/deliveries`)} data-testid="qa-deliveries">
            <Badge content={toReceive > 0 ? toReceive : null}><span className="qa-icon"><Icon.truck /></span></Badge>
            <span>{t('dashboard.deliveries')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/pickup`)} data-testid="qa-pickup">
            <span className="qa-icon">✓</span><span>{t('dashboard.pickup')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/pending`)} data-testid="qa-pending">
            <Badge content={pendingPeople > 0 ? pendingPeople : null}><span className="qa-icon">☰</span></Badge>
            <span>{t('dashboard.pending')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/claims`)} data-testid="qa-claims">
            <Badge content={claims.data && claims.data.open > 0 ? claims.data.open : null}><span className="qa-icon"><ClaimIcon /></span></Badge>
            <span>{t('dashboard.claims')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/trials`)} data-testid="qa-trials">
            <span className="qa-icon"><Icon.trial /></span><span>{t('dashboard.trials')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/pick-list`)} data-testid="qa-pick-list">
            <span className="qa-icon"><Icon.sheet /></span><span>{t('dashboard.pickList')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/labels`)} data-testid="qa-labels">
            <span className="qa-icon"><Icon.print /></span><span>{t('dashboard.labels')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/members`)} data-testid="qa-members">
            <span className="qa-icon">👥</span><span>{t('members:leader.entry')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/invite`)}>
            <span className="qa-icon">✉</span><span>{t('dashboard.invite')}</span>
          </button>
          <button type="button" className="quick-action" onClick={() => navigate(`${base}/trust`)} data-testid="qa-trust">
            <span className="qa-icon"><Icon.shield /></span><span>{t('dashboard.trust')}</span>
          </button>
        </section>

        <LifeActions base={base} questions={questions.data?.items.length ?? 0} reports={reports.data?.items.length ?? 0} />

        {questions.data && questions.data.items.length > 0 && (
          <div className="leader-notice" onClick={() => navigate(`${base}/questions`)} role="link" data-testid="questions-notice">
            {t('life.dashboard.questionsNotice', { count: questions.data.items.length, name: questions.data.items[0].author.name })} ›
          </div>
        )}

        {claims.data && claims.data.open > 0 && <ClaimsNotice open={claims.data.open} first={claims.data.items[0]} onOpen={() => navigate(`${base}/claims`)} />}

        {toReceive > 0 && (
          <div className="leader-notice urgent-notice" onClick={() => navigate(`${base}/deliveries`)} role="link" data-testid="deliveries-notice">
            {t('dashboard.deliveriesNotice', { count: toReceive })} ›
          </div>
        )}

        {pendingPeople > 0 && (
          <div className="leader-notice" onClick={() => navigate(`${base}/pending`)} role="link">
            {t('dashboard.pendingNotice', { people: pendingPeople, lines: pendingLines })} ›
          </div>
        )}

        <Tabs activeKey={filter} onChange={(k) => setFilter(k as Filter)} className="leader-tabs">
          <Tabs.Tab title={t('dashboard.current')} key="current" />
          <Tabs.Tab title={t('dashboard.past')} key="past" />
        </Tabs>

        {list.isPending ? <PageLoading /> : list.isError ? <PageError error={list.error} onRetry={() => list.refetch()} /> : items.length === 0 ? (
          <div style={{ paddingBottom: 16 }}>
            <EmptyState title={filter === 'current' ? t('dashboard.emptyCurrent') : t('dashboard.emptyPast')} description={filter === 'current' ? t('dashboard.emptyCurrentHint') : ''} />
            {filter === 'current' && <div style={{ padding: '16px 24px 0' }}><Button block color="primary" size="large" onClick={() => navigate(`${base}/new`)}>{t('dashboard.open')}</Button></div>}
          </div>
        ) : (
          <div className="gb-list">
            {items.map((gb) => <GroupBuyCard key={gb.id} gb={gb} timeZone={community.timeZone} />)}
            <InfiniteScroll loadMore={async () => { await list.fetchNextPage(); }} hasMore={!!list.hasNextPage}>
              {list.hasNextPage ? t('loadingMore') : <span className="list-end">{t('listEnd')}</span>}
            </InfiniteScroll>
          </div>
        )}
      </PullToRefresh>
    </LeaderPage>
  );
}

/** 邻里生活: publishing, the feed, questions, reports, events, the welcome gift, his profile, training. */
function LifeActions({ base, questions, reports }: { base: string; questions: number; reports: number }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const tiles = [
    { key: 'compose', path: 'compose', icon: <LifeIcon.pen />, primary: true },
    { key: 'feed', path: 'feed', icon: <LifeIcon.feed /> },
    { key: 'questions', path: 'questions', icon: <LifeIcon.question />, badge: questions },
    { key: 'reports', path: 'reports', icon: <LifeIcon.flag />, badge: reports },
    { key: 'events', path: 'events', icon: <LifeIcon.calendar /> },
    { key: 'welcome', path: 'welcome-gift', icon: <LifeIcon.gift /> },
    { key: 'profile', path: 'profile', icon: <LifeIcon.person /> },
    { key: 'training', path: 'training', icon: <LifeIcon.book /> },
  ];
  return (
    <section className="quick-actions life-actions" aria-label={t('life.dashboard.title')}>
      <h2 className="life-actions-title">{t('life.dashboard.title')}</h2>
      {tiles.map((tile) => (
        <button type="button" key={tile.key} className={`quick-action${tile.primary ? ' primary' : ''}`} onClick={() => navigate(`${base}/${tile.path}`)} data-testid={`qa-${tile.key}`}>
          <Badge content={tile.badge ? tile.badge : null}><span className="qa-icon">{tile.icon}</span></Badge>
          <span>{t(`life.dashboard.${tile.key}`)}</span>
        </button>
      ))}
    </section>
  );
}

/** 「售后待处理 (N)」: the open claims, with the countdown of the most urgent one. */
function ClaimsNotice({ open, first, onOpen }: { open: number; first?: Parameters<typeof deadlineState>[0]; onOpen: () => void }) {
  const { t } = useTranslation('leader');
  const now = useNow(15_000);
  const text = useCountdownText();
  const state = first ? deadlineState(first, now) : null;
  const when = !state ? '' : state.kind === 'overdue' ? t('dashboard.claimsNoticeOverdue') : text(state);
  const urgent = state?.kind === 'overdue' || (state?.kind === 'left' && state.urgent);
  return (
    <div className={`leader-notice claims-notice${urgent ? ' urgent' : ''}`} onClick={onOpen} role="link" tabIndex={0} data-testid="claims-notice"
      onKeyDown={(e) => { if (e.key === 'Enter') onOpen(); }}>
      {when ? t('dashboard.claimsNotice', { count: open, when }) : t('dashboard.claimsCount', { count: open })} ›
    </div>
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
            <span className="gb-card-name">{gb.title}</span>
            <GroupBuyStatusTag status={gb.status} />
          </div>
          <div className="gb-card-spec">{items.length > 1 ? t('card.items', { count: items.length, names: items.map((i) => i.product.name).join('、') }) : items[0]?.product.spec}</div>
          <div className="gb-card-price">
            <span className="price">{yuan(minPrice)}</span>
            {items.length > 1 ? <span className="unit">{t('card.from')}</span> : <span className="unit">/{items[0]?.product.unit}</span>}
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
