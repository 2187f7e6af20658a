import { useEffect, useRef, useState } from 'react';
import { ActionSheet, Skeleton, Toast } from 'antd-mobile';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { useMutePost, usePost } from '../lib/life';
import { useAgo } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { Author } from '../components/life/Author';
import { KindTag } from '../components/life/KindTag';
import { ImageGrid } from '../components/life/ImageGrid';
import { LikeButton } from '../components/life/LikeButton';
import { PollBox } from '../components/life/PollBox';
import { GroupBuyMini } from '../components/life/GroupBuyMini';
import { ReportSheet } from '../components/life/ReportSheet';
import { MoreIcon } from '../components/icons';
import { MyPostStories } from '../campaign/StoryConsent';
import { NotFound } from './NotFound';
import { Comments, CommentBar } from '../components/life/Comments';
import { TopicEntries } from '../components/life/TopicEntries';

/** /c/:communityId/posts/:postId — one post whole: text, pictures, poll, topic photos, answers and comments. */
export default function PostDetailPage() {
  const { communityId, postId } = useParams();
  if (!isUuid(communityId) || !isUuid(postId)) return <NotFound />;
  return <RequireLogin>{(me) => <PostDetailView me={me} communityId={communityId} postId={postId} />}</RequireLogin>;
}

type ReportTarget = { type: 'post' | 'comment'; id: string } | null;

function PostDetailView({ me, communityId, postId }: { me: Me; communityId: string; postId: string }) {
  const { t } = useTranslation('resident');
  const location = useLocation();
  const query = usePost(postId);
  const community = useCommunity(communityId);
  const [menu, setMenu] = useState(false);
  const [report, setReport] = useState<ReportTarget>(null);
  const post = query.data;
  const timeZone = community.data?.timeZone ?? me.communities.find((c) => c.id === communityId)?.timeZone;
  const ago = useAgo(timeZone);
  useTitle(post ? t(`post.pageTitle.${post.kind}`) : undefined);

  // Opened from 「N 条评论」 or 「我也晒一张」: go to that part once it is there.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!post || scrolled.current || !location.hash) return;
    scrolled.current = true;
    requestAnimationFrame(() => document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'start' }));
  }, [post, location.hash]);

  const mute = useMutePost(postId, {
    onSuccess: (res) => Toast.show({ icon: 'success', content: t(res.muted ? 'post.mutedDone' : 'post.unmutedDone') }),
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('post.failed') }),
  });

  const back = `/c/${communityId}?view=feed`;
  if (query.isError) {
    return <MobilePage title={t('post.fallbackTitle')} back={back}><ErrorView error={query.error} onRetry={() => query.refetch()} /></MobilePage>;
  }
  if (!post) {
    return (
      <MobilePage title={t('post.fallbackTitle')} back={back}>
        <div className="r-card" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={5} animated /></div>
      </MobilePage>
    );
  }

  const leaderIds = community.data?.leaders.map((l) => l.userId) ?? [];
  const mine = post.author.id === me.user.id;
  const isQuestion = post.kind === 'question';
  const asker = isQuestion && mine;
  const cid = post.communityId;

  return (
    <MobilePage
      title={t(`post.pageTitle.${post.kind}`)}
      back={back}
      right={<button type="button" className="r-nav-icon" onClick={() => setMenu(true)} aria-label={t('post.more')} data-testid="post-more"><MoreIcon size={24} /></button>}
      className="r-post-detail"
    >
      <article className={`r-card r-post-full r-post-${post.kind}`} data-testid="post-detail" data-kind={post.kind}>
        <header className="r-post-head">
          <Author
            communityId={cid}
            id={post.author.id}
            name={post.author.name}
            isLeader={leaderIds.includes(post.author.id)}
            meta={<>{post.pinned && <span className="r-pin-flag">{t('feed.pinned')}</span>}{ago(post.createdAt)}</>}
            size={42}
          />
          <KindTag kind={post.kind} />
        </header>
        {post.hidden && <div className="r-hidden-note" data-testid="post-hidden">{t('post.hidden', { reason: post.hiddenReason || t('post.noReason') })}</div>}
        {post.title && <h1 className="r-post-full-title">{post.title}</h1>}
        {isQuestion && post.mentionsLeader && <span className="r-mention">{t('feed.mentionsLeader')}</span>}
        {post.body && <p className="r-post-full-body" data-testid="post-body">{post.body}</p>}
        <ImageGrid urls={post.images} />
        {post.kind === 'recommendation' && post.groupBuyId && <GroupBuyMini id={post.groupBuyId} />}
        {post.kind === 'poll' && post.poll && <PollBox postId={post.id} poll={post.poll} timeZone={timeZone} />}
        <footer className="r-post-foot">
          <LikeButton post={post} size="lg" />
          {post.mutedByMe && <span className="r-muted r-small">{t('post.mutedNote')}</span>}
        </footer>
      </article>

      {mine && !post.hidden && <MyPostStories postId={post.id} communityId={cid} />}

      {post.kind === 'topic' && <TopicEntries post={post} me={me} leaderIds={leaderIds} timeZone={timeZone} />}

      <Comments post={post} me={me} asker={asker} timeZone={timeZone} onReport={(id) => setReport({ type: 'comment', id })} />

      <CommentBar post={post} asker={asker} />

      <ActionSheet
        visible={menu}
        onClose={() => setMenu(false)}
        cancelText={t('common:cancel')}
        actions={[
          ...(mine ? [] : [{ key: 'report', text: t('post.report'), danger: true, onClick: () => { setMenu(false); setReport({ type: 'post', id: post.id }); } }]),
          {
            key: 'mute',
            text: post.mutedByMe ? t('post.unmute') : t('post.mute'),
            description: post.mutedByMe ? t('post.unmuteHint') : t('post.muteHint'),
            onClick: () => { setMenu(false); mute.mutate(!post.mutedByMe); },
          },
        ]}
      />
      <ReportSheet target={report} onClose={() => setReport(null)} />
    </MobilePage>
  );
}
