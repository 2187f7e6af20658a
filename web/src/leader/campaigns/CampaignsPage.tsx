import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd-mobile';
import { api } from '../../shared/api';
import { campaignDay, campaignKeys, type LeaderCampaign } from '../../shared/campaigns';
import { EmptyState, PageError, PageLoading } from '../../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from '../components';
import { useEndorsements } from '../trials/useTrials';
import './campaigns.css';

/** /leader/:communityId/campaigns — the campaigns running now and the products he can sell under each. */
export function LeaderCampaignsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  const { t } = useTranslation('campaigns');
  if (!community) return <NotLeader />;
  return <LeaderPage title={t('leader.title')} communityId={communityId}><Campaigns communityId={communityId} /></LeaderPage>;
}

function Campaigns({ communityId }: { communityId: string }) {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const list = useQuery({ queryKey: campaignKeys.leader(communityId), queryFn: () => api<{ items: LeaderCampaign[] }>(`/api/leader/campaigns?communityId=${communityId}`) });
  const endorsements = useEndorsements(communityId);
  const endorsed = useMemo(() => new Set((endorsements.data?.items ?? []).filter((e) => !e.withdrawnAt).map((e) => e.productId)), [endorsements.data]);
  if (list.isPending) return <PageLoading />;
  if (list.isError) return <PageError error={list.error} onRetry={() => list.refetch()} />;
  if (!list.data.items.length) return <EmptyState title={t('leader.empty')} />;
  const base = `/leader/${communityId}`;
  return (
    <div className="lc-list">
      <p className="lc-intro">{t('leader.intro')}</p>
      {list.data.items.map(({ campaign: c, standards, products }) => (
        <section key={c.id} className="lc-card" data-testid="leader-campaign">
          <div className="lc-head">
            <span className="lc-badge">{en ? c.badgeEn : c.badgeZh}</span>
            <h2 className="lc-name">{en ? c.nameEn : c.nameZh}</h2>
          </div>
          <div className="lc-meta">{t('period', { from: campaignDay(c.startsOn, en), to: campaignDay(c.endsOn, en) })} · {standards.map((s) => (en ? s.nameEn : s.nameZh)).join(en ? ', ' : '、')}</div>
          {products.length === 0 ? <div className="lc-empty">{t('leader.productsEmpty')}</div> : products.map((p) => (
            <div key={p.id} className="lc-product" data-testid="leader-campaign-product">
              {p.imageUrl ? <img src={p.imageUrl} alt="" className="lc-img" /> : <div className="lc-img" />}
              <div className="lc-text"><div className="lc-pname">{p.name}</div><div className="lc-spec">{p.spec}</div></div>
              {endorsed.has(p.id)
                ? <Button size="small" color="primary" onClick={() => navigate(`${base}/new?product=${p.id}`)} data-testid="start-group-buy">{t('leader.startGroupBuy')}</Button>
                : <Button size="small" onClick={() => navigate(`${base}/trials/new?product=${p.id}&then=open`)}>{t('leader.trialFirst')}</Button>}
            </div>
          ))}
          <Link to={`/campaigns/${c.slug}`} className="lc-link">{t('leader.viewPage')} ›</Link>
        </section>
      ))}
    </div>
  );
}
