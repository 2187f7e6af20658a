import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PullToRefresh } from 'antd-mobile';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import { TrustIndexChart } from './TrustIndexChart';
import { useLeaderNps, useLeaderTrustIndex, useMonthlyMeasures } from './trust-index/useTrustIndex';
import { NpsCard, MonthlyCard } from './trust-index/MeasureCards';
import { IndexHero, DimensionBars, TierChanges, TierLadder } from './trust-index/IndexParts';

/** /leader/:communityId/trust — the leader's own trust index: the number, its parts, its history, his NPS. */
export function TrustIndexPage() {
  const { communityId = '' } = useParams();
  const { community, me } = useLeaderOf(communityId);
  if (!community || !me) return <NotLeader />;
  return <TrustIndex communityId={communityId} leaderId={me.user.id} timeZone={community.timeZone} />;
}

function TrustIndex({ communityId, leaderId, timeZone }: { communityId: string; leaderId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const index = useLeaderTrustIndex(leaderId);
  const nps = useLeaderNps(communityId);
  const monthly = useMonthlyMeasures(communityId, timeZone);

  let body;
  if (index.isPending) body = <PageLoading />;
  else if (index.isError) body = <PageError error={index.error} onRetry={() => index.refetch()} />;
  else if (index.data.readings.length === 0) {
    body = (
      <>
        <EmptyState title={t('trust.noReading')} description={t('trust.noReadingHint')} />
        <NpsCard query={nps} />
        <MonthlyCard query={monthly} />
      </>
    );
  } else {
    const readings = index.data.readings;
    const latest = readings[readings.length - 1];
    body = (
      <>
        <IndexHero reading={latest} timeZone={timeZone} />
        <DimensionBars reading={latest} weights={index.data.weights} />
        <section className="card-block">
          <h2 className="block-title">{t('trust.chartTitle')}</h2>
          <TrustIndexChart readings={readings} timeZone={timeZone} />
          <TierChanges readings={readings} timeZone={timeZone} />
        </section>
        <NpsCard query={nps} />
        <MonthlyCard query={monthly} />
        <TierLadder current={latest.tier} />
      </>
    );
  }

  return (
    <LeaderPage title={t('trust.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await Promise.all([index.refetch(), nps.refetch(), monthly.refetch()]); }}>{body}</PullToRefresh>
    </LeaderPage>
  );
}
