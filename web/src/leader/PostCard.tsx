import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Tag } from 'antd-mobile';
import { formatTime } from '../shared/api';
import type { Post } from './life';
import { GroupBuyChip, LifeIcon, PhotoGrid, PlainText, PollBlock, PostKindTag, useAgo } from './lifeParts';

/**
 * One post as the feed shows it: kind, pinned/hidden marks, author and time, title, the text as
 * typed, pictures, the linked group buy, the poll. `full` shows the whole text (detail page).
 */
export function PostCard({ post, timeZone, full, onOpen, actions, testId = 'feed-post' }: {
  post: Post; timeZone: string; full?: boolean; onOpen?: () => void; actions?: ReactNode; testId?: string;
}) {
  const { t, i18n } = useTranslation('leader');
  const ago = useAgo();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <article className={`post-card${post.hidden ? ' hidden-item' : ''}${post.pinned ? ' pinned' : ''}`} data-testid={testId} data-kind={post.kind} data-hidden={post.hidden ? 'true' : 'false'}>
      <div className="post-card-head">
        <PostKindTag kind={post.kind} />
        {post.pinned && <Tag color="warning" fill="solid" className="post-pin-tag" data-testid="pinned-mark"><LifeIcon.pinTop /> {t('life.post.pinned')}</Tag>}
        {post.hidden && <Tag color="default" fill="solid" data-testid="hidden-mark">{t('life.post.hiddenTag')}</Tag>}
        {post.mentionsLeader && <Tag color="danger" fill="outline">{t('life.post.mentionsYou')}</Tag>}
        <span className="post-card-meta" title={formatTime(post.createdAt, timeZone, locale)}>{post.author.name} · {ago(post.createdAt)}</span>
      </div>
      <div className={onOpen ? 'post-card-body clickable' : 'post-card-body'} onClick={onOpen} role={onOpen ? 'link' : undefined} tabIndex={onOpen ? 0 : undefined}
        onKeyDown={onOpen ? (e) => { if (e.key === 'Enter') onOpen(); } : undefined}>
        {post.title && <h3 className="post-title">{post.title}</h3>}
        {post.body && <PlainText text={post.body} clamp={!full} />}
      </div>
      <PhotoGrid urls={full ? post.images : post.images.slice(0, 3)} label={(n) => t('life.post.photoN', { n })} />
      {!full && post.images.length > 3 && <div className="post-more-photos">{t('life.post.morePhotos', { n: post.images.length - 3 })}</div>}
      {post.kind === 'recommendation' && post.groupBuyId && <div className="post-links"><GroupBuyChip id={post.groupBuyId} /></div>}
      {post.poll && <PollBlock poll={post.poll} timeZone={timeZone} />}
      {post.hidden && (
        <div className="hidden-banner" data-testid="hidden-reason">
          <LifeIcon.eyeOff /> <span>{t('life.post.hiddenBecause', { reason: post.hiddenReason ?? '' })}</span>
        </div>
      )}
      <div className="post-card-foot">
        <span className="post-stat"><LifeIcon.comment /> {post.commentCount}</span>
        <span className="post-stat"><LifeIcon.heart /> {post.reactionCount}</span>
        {actions && <span className="post-actions">{actions}</span>}
      </div>
    </article>
  );
}
