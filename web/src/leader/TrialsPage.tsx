import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import type { Endorsement } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import { useEndorsements, useProducts } from './trials/useTrials';
import { TrialForm } from './trials/TrialForm';
import { EndorsementCard, WithdrawDialog } from './trials/TrialCards';

/** /leader/:communityId/trials — 试用背书: what this leader has vouched for, and withdrawing. */
export function TrialsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <TrialsList communityId={communityId} timeZone={community.timeZone} />;
}

function TrialsList({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const list = useEndorsements(communityId);
  const products = useProducts();
  const [withdrawing, setWithdrawing] = useState<Endorsement | null>(null);
  const base = `/leader/${communityId}`;
  const productOf = (id: string) => products.data?.items.find((p) => p.id === id);

  let content;
  if (list.isPending) content = <PageLoading />;
  else if (list.isError) content = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else {
    const active = list.data.items.filter((e) => !e.withdrawnAt);
    const withdrawn = list.data.items.filter((e) => e.withdrawnAt);
    content = (
      <>
        <h3 className="list-heading">{t('trials.activeTitle', { count: active.length })}</h3>
        {active.length === 0 ? (
          <EmptyState title={t('trials.emptyTitle')} description={t('trials.emptyHint')} />
        ) : (
          <div className="endorse-list">
            {active.map((e) => (
              <EndorsementCard key={e.id} e={e} image={productOf(e.productId)?.imageUrls[0]} timeZone={timeZone}>
                <div className="endorse-actions">
                  <Button size="small" color="primary" onClick={() => navigate(`${base}/new?product=${e.productId}`)}>{t('trials.openWith')}</Button>
                  <Button size="small" onClick={() => navigate(`${base}/trials/new?product=${e.productId}`)}>{t('trials.again')}</Button>
                  <Button size="small" fill="none" className="endorse-withdraw-btn" onClick={() => setWithdrawing(e)} data-testid="withdraw-endorsement">{t('trials.withdraw')}</Button>
                </div>
              </EndorsementCard>
            ))}
          </div>
        )}
        {withdrawn.length > 0 && (
          <>
            <h3 className="list-heading">{t('trials.withdrawnTitle', { count: withdrawn.length })}</h3>
            <div className="endorse-list">
              {withdrawn.map((e) => (
                <EndorsementCard key={e.id} e={e} image={productOf(e.productId)?.imageUrls[0]} timeZone={timeZone}>
                  {e.withdrawReason !== 'superseded' && (
                    <div className="endorse-actions">
                      <Button size="small" onClick={() => navigate(`${base}/trials/new?product=${e.productId}`)}>{t('trials.again')}</Button>
                    </div>
                  )}
                </EndorsementCard>
              ))}
            </div>
          </>
        )}
      </>
    );
  }

  return (
    <LeaderPage title={t('trials.navTitle')} communityId={communityId} back={base}>
      <section className="trial-intro">
        <div className="trial-intro-title">{t('trials.introTitle')}</div>
        <div className="trial-intro-text">{t('trials.introText')}</div>
        <Button block color="primary" size="large" onClick={() => navigate(`${base}/trials/new`)} data-testid="new-trial">
          ＋ {t('trials.record')}
        </Button>
      </section>
      {content}
      <WithdrawDialog endorsement={withdrawing} communityId={communityId} onClose={() => setWithdrawing(null)} />
    </LeaderPage>
  );
}

/** /leader/:communityId/trials/new?product= — record a trial: stars, his own words, photos from the phone. */
export function TrialFormPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <TrialForm communityId={communityId} />;
}
