import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { PullToRefresh, Skeleton } from 'antd-mobile';
import { api } from '../shared/api';
import { PageError } from '../shared/states';
import { setLanguage } from '../i18n';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from './components';
import type { DeliveryLine } from './types';
import { useOpenQuestions, useReports } from './life';
import { handoverKeys, morningKeys } from '../shared/query-keys';
import type { LeaderDashboard } from './dashboard/types';
import { ClaimsCard, PointsCard, ProgressCard, TodayNumbers } from './dashboard/TodayPanel';
import { TextsPanel } from './dashboard/TextsPanel';
import { ToolsGrid } from './dashboard/tools';
import { GroupBuyList } from './dashboard/GroupBuyList';
import { MessagesLink } from './MessagesInboxPage';
import './dashboard/morning.css';
import { isolate, Marked } from '../shared/names';

/**
 * The leader's home, a morning dashboard: today's numbers, each pickup point, claims by deadline,
 * the arrival and reminder texts to copy or send, open group buys' progress; then the tools grid
 * (a new page adds one line to dashboard/tools.tsx) and his group buys.
 */
export function DashboardPage() {
  const { communityId = '' } = useParams();
  const { t, i18n } = useTranslation('leader');
  const { community, me } = useLeaderOf(communityId);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';

  const dash = useQuery({
    queryKey: morningKeys.dashboardIn(communityId, lang),
    queryFn: () => api<LeaderDashboard>(`/api/communities/${communityId}/leader-dashboard`),
    enabled: !!community,
    refetchInterval: 60_000,
  });
  const deliveries = useQuery({
    queryKey: handoverKeys.deliveries(communityId),
    queryFn: () => api<{ items: DeliveryLine[] }>(`/api/communities/${communityId}/deliveries`),
    enabled: !!community,
  });
  const questions = useOpenQuestions(communityId, !!community);
  const reports = useReports(communityId, !!community);

  if (!community || !me) return <NotLeader />;
  const base = `/leader/${communityId}`;
  const d = dash.data;
  const dateText = new Intl.DateTimeFormat(lang, { timeZone: community.timeZone, month: 'long', day: 'numeric', weekday: 'long' }).format(d ? new Date(d.now) : new Date());
  const badges = {
    deliveries: deliveries.data?.items.filter((l) => l.receivedAt === null).length ?? 0,
    pending: d?.notCollected.households ?? 0,
    claims: d?.claims.length ?? 0,
    questions: questions.data?.items.length ?? 0,
    reports: reports.data?.items.length ?? 0,
  };

  return (
    <LeaderPage
      title={t('dashboard.navTitle')}
      communityId={communityId}
      back={false}
      right={<a className="nav-link" lang={lang === 'en' ? 'zh-CN' : 'en'} translate="no" onClick={() => setLanguage(lang === 'en' ? 'zh-CN' : 'en')}>{t('language', { ns: 'common' })}</a>}
    >
      <PullToRefresh onRefresh={async () => { await Promise.all([dash.refetch(), deliveries.refetch(), questions.refetch(), reports.refetch()]); }}>
        <section className="leader-hero md-hero">
          <div className="leader-hero-name" translate="no">{community.name}</div>
          <div className="leader-hero-title"><Marked text={t('dashboard.greeting', { title: community.title ? isolate(community.title) : t('dashboard.defaultTitle'), name: isolate(me.user.name) })} /></div>
          <div className="leader-hero-point"><Icon.clock /> {t('today.title', { ns: 'morning' })} · {dateText}</div>
        </section>

        {dash.isPending ? (
          <div className="md-loading" aria-label={t('today.loading', { ns: 'morning' })}><Skeleton.Paragraph lineCount={6} animated /></div>
        ) : dash.isError ? (
          <PageError error={dash.error} onRetry={() => dash.refetch()} />
        ) : d && (
          <>
            <TodayNumbers d={d} base={base} />
            <PointsCard d={d} />
            <TextsPanel communityId={communityId} d={d} />
            <ClaimsCard d={d} base={base} />
            <ProgressCard d={d} />
          </>
        )}

        <MessagesLink communityId={communityId} />
        <ToolsGrid base={base} badges={badges} />

        <h2 className="md-section-title">{t('tools.groupBuys', { ns: 'morning' })}</h2>
        <GroupBuyList communityId={communityId} timeZone={community.timeZone} />
      </PullToRefresh>
    </LeaderPage>
  );
}
