import { useEffect, useRef, useState } from 'react';
import { ActionSheet, Button, Dialog, Popup, Skeleton, Toast } from 'antd-mobile';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, postForm } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { patchPost, usePost, type Post, type PostComment, type PostDetail } from '../lib/life';
import { useAgo } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { PhotoPicker } from '../components/PhotoPicker';
import { Author } from '../components/life/Author';
import { KindTag } from '../components/life/KindTag';
import { ImageGrid } from '../components/life/ImageGrid';
import { LikeButton } from '../components/life/LikeButton';
import { PollBox } from '../components/life/PollBox';
import { CommentLinkChip, GroupBuyMini } from '../components/life/GroupBuyMini';
import { ReportSheet } from '../components/life/ReportSheet';
import { CheckIcon, MoreIcon } from '../components/icons';
import { AutoTextArea } from '../components/life/AutoTextArea';
import { NotFound } from './NotFound';
import { feedKeys } from '../../shared/query-keys';
import { useLimits } from '../../shared/limits';

/** /c/:communityId/posts/:postId — one post whole: text, pictures, poll, topic photos, answers and comments. */
export default function PostDetailPage() {
  const { communityId, postId } = useParams();
  if (!isUuid(communityId) || !isUuid(postId)) return <NotFound />;
  return <RequireLogin>{(me) => <PostDetailView me={me} communityId={communityId} postId={postId} />}</RequireLogin>;
}

type ReportTarget = { type: 'post' | 'comment'; id: string } | null;

function PostDetailView({ me, communityId, postId }: { me: Me; communityId: string; postId: string }) {
  const { t } = useTranslation('resident');
  const queryClient = useQueryClient();
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

  const mute = useMutation({
    mutationFn: (muted: boolean) => api<{ muted: boolean }>(`/api/posts/${postId}/mute`, { method: 'PUT', body: { muted } }),
    onSuccess: (res) => {
      queryClient.setQueryData<PostDetail>(feedKeys.post(postId), (old) => (old ? { ...old, mutedByMe: res.muted } : old));
      Toast.show({ icon: 'success', content: t(res.muted ? 'post.mutedDone' : 'post.unmutedDone') });
    },
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

/** Answers (for a question) or comments: the adopted answer first, hidden ones say why. */
function Comments({ post, me, asker, timeZone, onReport }: { post: PostDetail; me: Me; asker: boolean; timeZone?: string; onReport: (id: string) => void }) {
  const { t } = useTranslation('resident');
  const queryClient = useQueryClient();
  const ago = useAgo(timeZone);
  const isQuestion = post.kind === 'question';

  const helpful = useMutation({
    mutationFn: (commentId: string) => api<{ helpfulCommentId: string }>(`/api/posts/${post.id}/helpful`, { body: { commentId } }),
    onSuccess: (res) => {
      queryClient.setQueryData<PostDetail>(feedKeys.post(post.id), (old) => (old ? {
        ...old, helpfulCommentId: res.helpfulCommentId, comments: old.comments.map((c) => ({ ...c, helpful: c.id === res.helpfulCommentId })),
      } : old));
      patchPost(queryClient, post.id, { helpfulCommentId: res.helpfulCommentId });
      Toast.show({ icon: 'success', content: t('post.helpfulDone') });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('post.failed') }),
  });
  const markHelpful = async (c: PostComment) => {
    const ok = await Dialog.confirm({ content: t('post.helpfulConfirm', { name: c.author.name }), confirmText: t('post.helpful'), cancelText: t('common:cancel') });
    if (ok) helpful.mutate(c.id);
  };

  const list = [...post.comments].sort((a, b) => Number(b.helpful) - Number(a.helpful));
  return (
    <section className="r-card r-comments" id="comments" aria-label={t(isQuestion ? 'post.answersTitle' : 'post.commentsTitle')}>
      <h2 className="r-card-title">{t(isQuestion ? 'post.answersTitle' : 'post.commentsTitle')} <span className="r-muted">{post.comments.length}</span></h2>
      {list.length === 0 ? (
        <div className="r-comments-empty r-muted">{t(isQuestion ? 'post.noAnswers' : 'post.noComments')}</div>
      ) : (
        <ul className="r-comment-list">
          {list.map((c) => {
            const canAdopt = asker && !post.helpfulCommentId && !c.hidden && c.author.id !== me.user.id;
            return (
              <li key={c.id} className={`r-comment${c.helpful ? ' r-comment-helpful' : ''}${c.hidden ? ' r-comment-hidden' : ''}`} data-testid="comment" data-comment-id={c.id}>
                <Author communityId={post.communityId} id={c.author.id} name={c.author.name} isLeader={c.author.isLeader} meta={ago(c.createdAt)} size={34} />
                {c.hidden ? (
                  <div className="r-hidden-note" data-testid="comment-hidden">{t('post.commentHidden', { reason: c.hiddenReason || t('post.noReason') })}</div>
                ) : null}
                {c.body !== null && <p className="r-comment-body">{c.body}</p>}
                <ImageGrid urls={c.images} />
                {c.links.length > 0 && (
                  <div className="r-link-chips">
                    {c.links.map((l) => <CommentLinkChip key={`${l.type}-${l.id}`} type={l.type} id={l.id} communityId={post.communityId} />)}
                  </div>
                )}
                <div className="r-comment-actions">
                  {c.helpful && <span className="r-adopted" data-testid="helpful-badge"><CheckIcon size={14} />{t('feed.adopted')}</span>}
                  {canAdopt && (
                    <button type="button" className="r-helpful-btn" onClick={() => void markHelpful(c)} disabled={helpful.isPending} data-testid="helpful-button">
                      <CheckIcon size={15} />{t('post.helpful')}
                    </button>
                  )}
                  {!c.hidden && c.author.id !== me.user.id && (
                    <button type="button" className="r-comment-more" onClick={() => onReport(c.id)} aria-label={t('report.titleComment')} data-testid="comment-report">
                      {t('post.report')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {asker && !post.helpfulCommentId && post.comments.some((c) => !c.hidden && c.author.id !== me.user.id) && (
        <div className="r-helpful-tip">{t('post.helpfulTip')}</div>
      )}
    </section>
  );
}

/** The comment box at the bottom: up to 1000 characters with a counter, 「发送」. */
function CommentBar({ post, asker }: { post: PostDetail; asker: boolean }) {
  const { t } = useTranslation('resident');
  const maxComment = useLimits().posts.comment;
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [focused, setFocused] = useState(false);
  const send = useMutation({
    mutationFn: (body: string) => api<PostDetail>(`/api/posts/${post.id}/comments`, { body: { body } }),
    onSuccess: (res) => {
      queryClient.setQueryData(feedKeys.post(post.id), res);
      patchPost(queryClient, post.id, { commentCount: res.commentCount });
      setText('');
      Toast.show({ icon: 'success', content: t('post.sent') });
      requestAnimationFrame(() => {
        const items = document.querySelectorAll('[data-testid="comment"]');
        items[items.length - 1]?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('post.failed'), duration: 3000 }),
  });
  const trimmed = text.trim();
  const placeholder = t(asker ? 'post.askerPlaceholder' : post.kind === 'question' ? 'post.answerPlaceholder' : 'post.commentPlaceholder');
  if (post.hidden) {
    return (<><div className="r-bottom-spacer r-comment-spacer" /><div className="r-bottom-bar r-comment-bar r-muted r-small r-center">{t('post.closedForComments')}</div></>);
  }
  return (
    <>
      <div className="r-comment-spacer" />
      <div className="r-bottom-bar r-comment-bar">
        <div className="r-comment-row">
          <AutoTextArea
            className="r-comment-input"
            placeholder={placeholder}
            value={text}
            onChange={setText}
            onFocus={() => setFocused(true)}
            onBlur={() => setFocused(false)}
            maxLength={maxComment}
            minRows={1}
            maxRows={focused || text ? 5 : 1}
            aria-label={placeholder}
            data-testid="comment-input"
          />
          <Button color="primary" shape="rounded" disabled={!trimmed} loading={send.isPending} onClick={() => send.mutate(trimmed)} className="r-comment-send" data-testid="comment-submit">
            {t('post.send')}
          </Button>
        </div>
        {(focused || text) && <div className={`r-comment-count${text.length >= maxComment ? ' r-danger' : ''}`} data-testid="comment-count-chars">{text.length}/{maxComment}</div>}
      </div>
    </>
  );
}

/** A topic's photos from neighbours, and 「我也晒一张」 (a photo is required). */
function TopicEntries({ post, me, leaderIds, timeZone }: { post: PostDetail; me: Me; leaderIds: string[]; timeZone?: string }) {
  const { t } = useTranslation('resident');
  const [composing, setComposing] = useState(false);
  const ago = useAgo(timeZone);
  return (
    <section className="r-card r-entries" id="entries" aria-label={t('post.entriesTitle', { count: post.entries.length })}>
      <div className="r-entries-head">
        <h2 className="r-card-title">{t('post.entriesTitle', { count: post.entries.length })}</h2>
        <Button color="primary" shape="rounded" size="small" onClick={() => setComposing(true)} data-testid="topic-entry-new">{t('feed.joinTopic')}</Button>
      </div>
      {post.entries.length === 0 ? (
        <div className="r-comments-empty r-muted">{t('post.entriesEmpty')}</div>
      ) : (
        <div className="r-entry-grid">
          {post.entries.map((e) => <EntryTile key={e.id} entry={e} leader={leaderIds.includes(e.author.id)} mine={e.author.id === me.user.id} when={ago(e.createdAt)} />)}
        </div>
      )}
      <EntryComposer topic={post} visible={composing} onClose={() => setComposing(false)} />
    </section>
  );
}

function EntryTile({ entry, leader, mine, when }: { entry: Post; leader: boolean; mine: boolean; when: string }) {
  const { t } = useTranslation('resident');
  return (
    <figure className="r-entry" data-testid="topic-entry">
      <ImageGrid urls={entry.images} max={1} className="r-entry-img" />
      <figcaption>
        <span className="r-entry-who">{entry.author.name}{leader && <span className="r-leader-badge">{t('feed.leaderBadge')}</span>}{mine && <span className="r-muted"> · {t('post.me')}</span>}</span>
        {entry.body && <span className="r-entry-text">{entry.body}</span>}
        <span className="r-entry-when">{when}</span>
      </figcaption>
    </figure>
  );
}

function EntryComposer({ topic, visible, onClose }: { topic: PostDetail; visible: boolean; onClose: () => void }) {
  const { t } = useTranslation('resident');
  const maxImages = useLimits().posts.images;
  const queryClient = useQueryClient();
  const [photos, setPhotos] = useState<File[]>([]);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('payload', JSON.stringify({ kind: 'topic_entry', parentId: topic.id, body: text.trim() }));
      for (const f of photos) form.append('images', f, f.name);
      return postForm<Post>(`/api/communities/${topic.communityId}/posts`, form);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: feedKeys.post(topic.id) });
      void queryClient.invalidateQueries({ queryKey: feedKeys.community(topic.communityId) });
      setPhotos([]); setText(''); setTried(false); setError(null);
      onClose();
      Toast.show({ icon: 'success', content: t('post.entryPosted') });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : t('post.failed')),
  });
  const submit = () => {
    setTried(true);
    if (photos.length === 0 || !text.trim()) return;
    send.mutate();
  };
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="r-sheet">
      <div className="r-page r-sheet-inner" data-testid="topic-entry-sheet">
        <div className="r-sheet-title">{t('post.entryTitle', { title: topic.title })}</div>
        <PhotoPicker files={photos} onChange={(f) => { setPhotos(f); setError(null); }} max={maxImages} invalid={tried && photos.length === 0} disabled={send.isPending} testId="entry-photos" />
        {tried && photos.length === 0 && <div className="r-field-error" role="alert">{t('post.entryPhotoRequired')}</div>}
        <AutoTextArea className={`r-textarea${tried && !text.trim() ? ' r-input-invalid' : ''}`} placeholder={t('post.entryPlaceholder')} value={text} onChange={setText} maxLength={200} showCount minRows={2} maxRows={4} data-testid="entry-text" />
        {tried && !text.trim() && <div className="r-field-error" role="alert">{t('post.entryTextRequired')}</div>}
        {error && <div className="r-field-error" role="alert">{error}</div>}
        <div className="r-sheet-actions">
          <Button shape="rounded" onClick={onClose}>{t('common:cancel')}</Button>
          <Button color="primary" shape="rounded" loading={send.isPending} onClick={submit} data-testid="entry-submit">{t('post.entrySubmit')}</Button>
        </div>
      </div>
    </Popup>
  );
}
