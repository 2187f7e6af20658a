import { useState } from 'react';
import { Button, Dialog, DotLoading, Toast } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { useAnswerStory, useMyPostStories, useTagProduct, useTaggableProducts, type MyStory } from '../../shared/stories';
import './stories.css';

const failed = (err: unknown) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : String(err) });

/**
 * Her answer to a leader's invitation, in plain words: where it would be shown, under which name,
 * what exactly; yes / no while asked, withdraw (confirmed) while shown.
 */
export function StoryConsent({ story }: { story: MyStory }) {
  const { t } = useTranslation('stories');
  const answer = useAnswerStory();
  const send = (a: 'accept' | 'decline' | 'withdraw') => answer.mutate({ id: story.id, answer: a }, {
    onSuccess: () => Toast.show({ icon: 'success', content: t(a === 'accept' ? 'consent.accepted' : a === 'decline' ? 'consent.declined' : 'consent.withdrawn') }),
    onError: failed,
  });
  const withdraw = async () => {
    const ok = await Dialog.confirm({ content: t('consent.withdrawConfirm'), confirmText: t('consent.withdrawOk'), cancelText: t('consent.cancel') });
    if (ok) send('withdraw');
  };
  const campaign = story.campaign.name;
  return (
    <div className="r-card st-consent" data-testid="story-consent" data-status={story.status}>
      <h2>{t('consent.title', { leader: story.leaderName, campaign })}</h2>
      <blockquote className="st-quote" translate="no">{story.excerpt}</blockquote>
      <Link to={`/c/${story.communityId}/posts/${story.postId}`} className="r-small">{t('consent.openPost')} ›</Link>
      <p>{t('consent.where', { campaign })}</p>
      <ul className="st-consent-list">
        <li>{t('consent.shownName', { name: story.shownAs })}</li>
        <li>{t('consent.shownCommunity', { community: story.communityName })}</li>
        <li>{t('consent.shownContent')}</li>
        <li>{t('consent.shownMark')}</li>
      </ul>
      <p className="r-muted">{t('consent.withdrawHint')}</p>
      <div className="st-state" data-testid="story-state">{t(`consent.state.${story.status}`, { reason: story.removedReason ?? '' })}</div>
      {story.status === 'awaiting_consent' && (
        <div className="st-actions">
          <Button color="primary" shape="rounded" loading={answer.isPending} onClick={() => send('accept')} data-testid="story-accept">{t('consent.accept')}</Button>
          <Button fill="outline" shape="rounded" disabled={answer.isPending} onClick={() => send('decline')} data-testid="story-decline">{t('consent.decline')}</Button>
        </div>
      )}
      {story.status === 'shown' && (
        <div className="st-actions">
          <Button color="danger" fill="outline" shape="rounded" loading={answer.isPending} onClick={() => { void withdraw(); }} data-testid="story-withdraw">{t('consent.withdraw')}</Button>
        </div>
      )}
    </div>
  );
}

/** On her own post: the invitation waiting for her (or the story being shown), and tagging what she bought. */
export function MyPostStories({ postId, communityId }: { postId: string; communityId: string }) {
  const { t } = useTranslation('stories');
  const stories = useMyPostStories(postId, true);
  return (
    <>
      {(stories.data ?? []).map((s) => (
        <div key={s.id} className="st-banner" data-testid="post-story-banner">
          <span>{t(s.status === 'shown' ? 'consent.onPostShown' : 'consent.onPost', { campaign: s.campaign.name })}</span>
          <Link to={`/c/${communityId}/stories/${s.id}`}>{t('consent.onPostOpen')} ›</Link>
        </div>
      ))}
      <TagProducts postId={postId} />
    </>
  );
}

function TagProducts({ postId }: { postId: string }) {
  const { t } = useTranslation('stories');
  const [open, setOpen] = useState(false);
  const [tagged, setTagged] = useState<string[]>([]);
  const products = useTaggableProducts(open);
  const tag = useTagProduct(postId);
  if (!open) return <div className="st-tag"><Button size="small" fill="outline" shape="rounded" onClick={() => setOpen(true)} data-testid="tag-open">{t('tag.title')}</Button></div>;
  return (
    <section className="r-card st-tag" data-testid="tag-products">
      <h3 className="r-card-title">{t('tag.title')}</h3>
      <p className="r-muted r-small">{t('tag.hint')}</p>
      {products.isPending ? <DotLoading /> : (products.data ?? []).length === 0 ? <p className="r-muted">{t('tag.none')}</p> : (products.data ?? []).map((p) => (
        <div key={p.id} className="st-tag-row">
          <span translate="no">{p.name}</span>
          {tagged.includes(p.id) ? <span className="r-muted">{t('tag.tagged')}</span> : (
            <Button size="small" color="primary" fill="outline" loading={tag.isPending && tag.variables === p.id}
              onClick={() => tag.mutate(p.id, { onSuccess: (r) => { setTagged(r.productIds); Toast.show({ icon: 'success', content: t('tag.done') }); }, onError: failed })}>{t('tag.add')}</Button>
          )}
        </div>
      ))}
    </section>
  );
}
