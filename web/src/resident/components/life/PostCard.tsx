import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAgo } from '../../lib/time';
import type { Post } from '../../lib/life';
import { Author } from './Author';
import { KindTag } from './KindTag';
import { ImageGrid } from './ImageGrid';
import { LikeButton } from './LikeButton';
import { PollBox } from './PollBox';
import { GroupBuyMini } from './GroupBuyMini';
import { ChatIcon, CheckIcon } from '../icons';

/** Long texts are cut in the feed; the detail has them whole. */
const isLong = (body: string) => body.length > 90 || body.split('\n').length > 4;

/** One entry of 邻里圈: who, what kind, the text (as text), pictures, and what one can do with it. */
export function PostCard({ post, communityId, leaderIds, timeZone }: { post: Post; communityId: string; leaderIds: string[]; timeZone?: string }) {
  const { t } = useTranslation('resident');
  const ago = useAgo(timeZone);
  const detail = `/c/${communityId}/posts/${post.id}`;
  const isLeader = leaderIds.includes(post.author.id);
  const isQuestion = post.kind === 'question';
  return (
    <article
      className={`r-post r-post-${post.kind}${post.pinned ? ' r-post-pinned' : ''}${post.hidden ? ' r-post-hidden' : ''}`}
      data-testid="feed-item"
      data-kind={post.kind}
      data-pinned={post.pinned ? 'true' : 'false'}
      data-post-id={post.id}
    >
      <header className="r-post-head">
        <Author
          communityId={communityId}
          id={post.author.id}
          name={post.author.name}
          isLeader={isLeader}
          meta={<>{post.pinned && <span className="r-pin-flag">{t('feed.pinned')}</span>}{ago(post.createdAt)}</>}
        />
        <KindTag kind={post.kind} />
      </header>
      {post.hidden && <div className="r-hidden-note">{t('post.hidden', { reason: post.hiddenReason || t('post.noReason') })}</div>}
      <Link to={detail} className="r-post-main" data-testid="feed-item-open">
        {post.title && <h3 className="r-post-title">{post.title}</h3>}
        {isQuestion && post.mentionsLeader && <span className="r-mention">{t('feed.mentionsLeader')}</span>}
        {post.body && <p className={`r-post-body${isLong(post.body) ? ' r-clamp' : ''}`}>{post.body}</p>}
        {isLong(post.body) && <span className="r-post-more">{t('feed.more')}</span>}
      </Link>
      <ImageGrid urls={post.images} max={3} />
      {post.kind === 'recommendation' && post.groupBuyId && <GroupBuyMini id={post.groupBuyId} />}
      {post.kind === 'poll' && post.poll && <PollBox postId={post.id} poll={post.poll} timeZone={timeZone} />}
      {post.kind === 'topic' && (
        <Link to={`${detail}#entries`} className="r-topic-cta" data-testid="topic-join">
          <span>{t('feed.entries', { count: post.commentCount })}</span>
          <span className="r-topic-cta-btn">{t('feed.joinTopic')}</span>
        </Link>
      )}
      <footer className="r-post-foot">
        <LikeButton post={post} />
        <Link to={`${detail}#comments`} className="r-act" data-testid="comment-count">
          <ChatIcon size={19} />
          {/* A topic's count includes its photo entries, shown above; here it just invites a comment. */}
          <span>{isQuestion ? t('feed.answers', { count: post.commentCount }) : post.commentCount > 0 && post.kind !== 'topic' ? post.commentCount : t('feed.comment')}</span>
        </Link>
        {isQuestion && post.helpfulCommentId && <span className="r-adopted"><CheckIcon size={14} />{t('feed.adopted')}</span>}
        {isQuestion && !post.helpfulCommentId && post.commentCount === 0 && <Link to={detail} className="r-answer-cta">{t('feed.answerIt')}</Link>}
      </footer>
    </article>
  );
}
