import { useParams, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { api, ApiError } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { ambassadorKeys, type AmbassadorPreview } from '../shared/ambassadors';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import './ambassador.css';

/** /leader/:communityId/ambassador — campaigns looking for ambassadors: the requirements, his facts against them, applying, his status. */
export function AmbassadorPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  const { t } = useTranslation('ambassadors');
  const list = useQuery({ queryKey: ambassadorKeys.mine(communityId), enabled: !!community,
    queryFn: () => api<{ items: AmbassadorPreview[] }>(`/api/communities/${communityId}/ambassador-campaigns`) });
  if (!community) return <NotLeader />;
  let content;
  if (list.isPending) content = <PageLoading />;
  else if (list.isError) content = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (list.data.items.length === 0) content = <EmptyState title={t('leader.none')} />;
  else content = list.data.items.map((p) => <CampaignCard key={p.campaign.id} p={p} communityId={communityId} />);
  return (
    <LeaderPage title={t('leader.title')} communityId={communityId} back={`/leader/${communityId}/profile`}>
      <p className="amb-intro">{t('leader.intro')}</p>
      {content}
    </LeaderPage>
  );
}

function CampaignCard({ p, communityId }: { p: AmbassadorPreview; communityId: string }) {
  const { t, i18n } = useTranslation('ambassadors');
  const en = i18n.language === 'en';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const name = en ? p.campaign.nameEn : p.campaign.nameZh;
  const latest = p.applications[0] ?? null;
  const standing = latest && (latest.status === 'applied' || latest.status === 'approved') ? latest : null;
  const apply = useMutation({
    mutationFn: () => api(`/api/communities/${communityId}/campaigns/${p.campaign.id}/ambassador-application`, { method: 'POST' }),
    onSuccess: () => { Toast.show({ icon: 'success', content: t('leader.applied') }); void qc.invalidateQueries({ queryKey: ambassadorKeys.mine(communityId) }); },
    onError: (err) => { void Dialog.alert({ content: err instanceof ApiError ? err.message : String(err) }); void qc.invalidateQueries({ queryKey: ambassadorKeys.mine(communityId) }); },
  });
  const confirm = async () => { if (await Dialog.confirm({ content: t('leader.applyConfirm', { name }) })) apply.mutate(); };
  const f = p.facts;
  const factRows: { key: string; value: string }[] = [
    { key: 'tier', value: t(`tiers.${f.tier}`, { defaultValue: f.tier }) },
    { key: 'trust_index', value: String(f.trust_index) },
    { key: 'course_passed', value: f.course_passed ? t('yes') : t('no') },
    { key: 'upheld_complaints_90d', value: String(f.upheld_complaints_90d) },
  ].filter((r) => p.eligibility.used.includes(r.key));
  return (
    <section className="amb-card" data-testid="ambassador-campaign">
      <div className="amb-head">
        <div className="amb-name">{name}</div>
        <Tag color="success" fill="outline">{en ? p.campaign.badgeEn : p.campaign.badgeZh}</Tag>
      </div>
      <div className="amb-sub">{t('leader.period', { from: p.campaign.startsOn, to: p.campaign.endsOn })}</div>
      {p.settings.firstLaunchDays > 0 && p.settings.firstLaunchEndsAt && (
        <div className="amb-window">{t('leader.window', { n: p.settings.firstLaunchDays, at: new Date(p.settings.firstLaunchEndsAt).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) })}</div>
      )}
      <h3 className="amb-h">{t('leader.requirements')}</h3>
      <ul className="amb-parts" data-testid="ambassador-parts">
        {p.eligibility.parts.map((part, i) => (
          <li key={i} className={part.holds ? 'ok' : 'no'}><span className="amb-mark" aria-hidden>{part.holds ? '✓' : '✗'}</span>{part.text}</li>
        ))}
      </ul>
      {p.course && (
        <div className="amb-course">
          <span>{t('leader.course', { title: p.course.title })}</span>
          {!f.course_passed && <Button size="mini" color="primary" fill="outline" onClick={() => navigate(`/leader/${communityId}/training/${p.course!.id}`)}>{t('leader.goCourse')}</Button>}
        </div>
      )}
      {factRows.length > 0 && (
        <>
          <h3 className="amb-h">{t('leader.myFacts')}</h3>
          <dl className="amb-facts">
            {factRows.map((r) => <div key={r.key}><dt>{t(`facts.${r.key}`)}</dt><dd>{r.value}</dd></div>)}
          </dl>
        </>
      )}
      {latest && (
        <div className={`amb-status amb-${latest.status}`} data-testid="ambassador-status">
          {latest.status === 'approved' ? t('leader.approvedBadge', { name }) : t('leader.statusLine', { status: t(`status.${latest.status}`) })}
          {(latest.revokeReason ?? latest.decisionReason) ? <div className="amb-reason">{t('leader.reason', { reason: latest.revokeReason ?? latest.decisionReason })}</div> : null}
        </div>
      )}
      {!standing && (
        <>
          <div className={`amb-verdict ${p.eligibility.holds ? 'ok' : 'no'}`}>{p.eligibility.holds ? t('leader.eligible') : t('leader.notYet')}</div>
          <Button block color="primary" size="large" disabled={!p.eligibility.holds} loading={apply.isPending} onClick={confirm} data-testid="apply-ambassador">{t('leader.apply')}</Button>
        </>
      )}
    </section>
  );
}
