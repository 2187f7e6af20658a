import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { useNominate, useStoryCandidates, type StoryCandidates, type StoryStatus } from '../shared/stories';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import { useAgo } from './lifeParts';
import './stories.css';

const STATUS_COLOR: Record<StoryStatus, string> = { awaiting_consent: 'warning', shown: 'success', declined: 'default', withdrawn: 'default', removed: 'danger' };

/**
 * /leader/:communityId/campaigns/:slug/stories — 推荐邻居的分享: his community's posts tagging the
 * campaign's products; 「推荐」 (confirmed) asks the author; each shows where it stands.
 */
export function StoryCandidatesPage() {
  const { communityId = '', slug = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Candidates communityId={communityId} slug={slug} />;
}

function Candidates({ communityId, slug }: { communityId: string; slug: string }) {
  const { t } = useTranslation('stories');
  const q = useStoryCandidates(communityId, slug);
  let body;
  if (q.isPending) body = <PageLoading />;
  else if (q.isError) body = <PageError error={q.error} onRetry={() => q.refetch()} />;
  else {
    body = (
      <>
        <p className="section-hint st-intro">{t('candidates.intro', { campaign: q.data.campaign.name })}</p>
        {q.data.items.length === 0 ? (
          <div className="all-done" data-testid="candidates-empty">
            <div className="all-done-title">{t('candidates.empty')}</div>
            <div className="section-hint">{t('candidates.emptyHint')}</div>
          </div>
        ) : (
          <div className="post-list">{q.data.items.map((c) => <Candidate key={c.postId} c={c} campaign={q.data.campaign} communityId={communityId} slug={slug} />)}</div>
        )}
      </>
    );
  }
  return <LeaderPage title={t('candidates.title')} communityId={communityId} back={`/leader/${communityId}`}>{body}</LeaderPage>;
}

function Candidate({ c, campaign, communityId, slug }: { c: StoryCandidates['items'][number]; campaign: StoryCandidates['campaign']; communityId: string; slug: string }) {
  const { t } = useTranslation('stories');
  const ago = useAgo();
  const nominate = useNominate(communityId, slug);
  const ask = async () => {
    const ok = await Dialog.confirm({
      title: t('candidates.confirmTitle'), content: t('candidates.confirmBody', { name: c.author, campaign: campaign.name }),
      confirmText: t('candidates.confirmOk'), cancelText: t('candidates.cancel'),
    });
    if (!ok) return;
    nominate.mutate({ campaignId: campaign.id, postId: c.postId }, {
      onSuccess: () => Toast.show({ icon: 'success', content: t('candidates.nominated') }),
      onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : String(err) }),
    });
  };
  return (
    <article className="question-card" data-testid="story-candidate" data-status={c.story?.status ?? 'none'}>
      <div className="post-card-head">
        <span className="question-asker" translate="no">{c.author}</span>
        <span className="post-card-meta">{ago(c.createdAt)}</span>
      </div>
      <div className="post-card-body">
        {c.title && <h3 className="post-title" translate="no">{c.title}</h3>}
        <p className="st-excerpt" translate="no">{c.excerpt}</p>
        {c.photoCount > 0 && <span className="muted">{t('candidates.photos', { n: c.photoCount })}</span>}
      </div>
      <div className="muted st-cand-products">{t('candidates.products')}<span translate="no">{c.products.map((p) => p.name).join('、')}</span></div>
      <div className="question-foot">
        {c.story ? <Tag color={STATUS_COLOR[c.story.status]} fill="outline" data-testid="candidate-status">{t(`candidates.status.${c.story.status}`)}</Tag> : <span />}
        {!c.story && <Button color="primary" size="small" loading={nominate.isPending} onClick={() => { void ask(); }} data-testid="nominate">{t('candidates.nominate')}</Button>}
      </div>
    </article>
  );
}
