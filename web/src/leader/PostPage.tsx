import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Tag, TextArea, Toast } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DEFAULT_TZ } from './lib';
import { invalidateLife, textLength, type PostComment, type PostDetail, type PostLink } from './life';
import { Counter, LifeIcon, LinkChip, PhotoGrid, PlainText, useAgo } from './lifeParts';
import { HideDialog } from './life-dialogs/HideDialog';
import { LinkPicker } from './life-dialogs/LinkPicker';
import { PostCard } from './PostCard';
import { feedKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

type HideTarget = { type: 'post' | 'comment'; id: string; excerpt?: string };

/**
 * /leader/:communityId/posts/:postId — one post with its comments (and a topic's entries): pin,
 * hide with a reason, and answer — a question's answer may carry group-buy or product links.
 */
export function PostPage() {
  const { communityId = '', postId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <PostView communityId={communityId} postId={postId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function PostView({ communityId, postId, timeZone }: { communityId: string; postId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const fromQuestions = params.get('from') === 'questions';
  const base = `/leader/${communityId}`;
  const [hiding, setHiding] = useState<HideTarget | null>(null);
  const post = useQuery({
    queryKey: feedKeys.post(postId),
    queryFn: () => api<PostDetail>(`/api/posts/${postId}`),
    refetchInterval: 30_000,
  });
  const pin = useMutation({
    mutationFn: (pinned: boolean) => api<{ id: string; pinned: boolean }>(`/api/posts/${postId}/pin`, { method: 'PUT', body: { pinned } }),
    onSuccess: async (r) => {
      await invalidateLife(queryClient, communityId, postId);
      Toast.show({ icon: 'success', content: r.pinned ? t('life.post.pinnedToast') : t('life.post.unpinnedToast') });
    },
    onError: (err) => Toast.show({ content: errorMessage(err) }),
  });

  const back = fromQuestions ? `${base}/questions` : `${base}/feed`;
  if (post.isPending) return <LeaderPage title={t('life.post.navTitle')} communityId={communityId} back={back}><PageLoading /></LeaderPage>;
  if (post.isError) return <LeaderPage title={t('life.post.navTitle')} communityId={communityId} back={back}><PageError error={post.error} onRetry={() => post.refetch()} /></LeaderPage>;
  const p = post.data;
  const isQuestion = p.kind === 'question';
  const leaderAnswered = p.comments.some((c) => c.author.isLeader && !c.hidden);

  return (
    <LeaderPage title={isQuestion ? t('life.post.questionTitle') : t(`life.kinds.${p.kind}`)} communityId={communityId} back={back}>
      <div className="post-detail">
        <PostCard post={p} timeZone={timeZone} full testId="post-detail"
          actions={!p.hidden && (
            <>
              <button type="button" className="mini-action" disabled={pin.isPending} onClick={() => pin.mutate(!p.pinned)} data-testid="post-pin">
                <LifeIcon.pinTop /> {p.pinned ? t('life.post.unpin') : t('life.post.pin')}
              </button>
              <button type="button" className="mini-action danger" onClick={() => setHiding({ type: 'post', id: p.id, excerpt: p.title || p.body.slice(0, 40) })} data-testid="post-hide">
                <LifeIcon.eyeOff /> {t('life.post.hide')}
              </button>
            </>
          )}
        />
      </div>

      {p.kind === 'topic' && (
        <section className="card-block">
          <h3 className="block-title">{t('life.post.entries', { n: p.entries.length })}</h3>
          {p.entries.length === 0 ? <div className="section-hint flush">{t('life.post.noEntries')}</div> : (
            <div className="entry-list">
              {p.entries.map((e) => (
                <div key={e.id} className={`entry${e.hidden ? ' hidden-item' : ''}`} data-testid="topic-entry">
                  <div className="comment-head">
                    <span className="comment-author">{e.author.name}</span>
                    {e.hidden && <Tag color="default" fill="solid" data-testid="hidden-mark">{t('life.post.hiddenTag')}</Tag>}
                    {!e.hidden && (
                      <button type="button" className="mini-action danger" onClick={() => setHiding({ type: 'post', id: e.id, excerpt: e.body.slice(0, 40) })} data-testid="entry-hide">
                        <LifeIcon.eyeOff /> {t('life.post.hide')}
                      </button>
                    )}
                  </div>
                  <PhotoGrid urls={e.images} />
                  {e.body && <PlainText text={e.body} className="comment-text" />}
                  {e.hidden && <div className="hidden-banner small"><LifeIcon.eyeOff /> {t('life.post.hiddenBecause', { reason: e.hiddenReason ?? '' })}</div>}
                </div>
              ))}
            </div>
          )}
        </section>
      )}

      <section className="card-block">
        <h3 className="block-title">{isQuestion ? t('life.post.answers', { n: p.comments.length }) : t('life.post.comments', { n: p.comments.length })}</h3>
        {p.comments.length === 0 ? <div className="section-hint flush">{isQuestion ? t('life.post.noAnswers') : t('life.post.noComments')}</div> : (
          <div className="comment-list">
            {p.comments.map((c) => <CommentRow key={c.id} c={c} timeZone={timeZone} onHide={() => setHiding({ type: 'comment', id: c.id, excerpt: (c.body ?? '').slice(0, 40) })}
              onOpenGroupBuy={(id) => navigate(`/leader/group-buys/${id}`)} />)}
          </div>
        )}
      </section>

      {!p.hidden && (
        <AnswerBox communityId={communityId} post={p} leaderAnswered={leaderAnswered}
          onAnswered={() => { if (fromQuestions && isQuestion) navigate(`${base}/questions`, { replace: true }); }} />
      )}
      <HideDialog target={hiding} communityId={communityId} postId={postId} onClose={() => setHiding(null)} />
    </LeaderPage>
  );
}

function CommentRow({ c, timeZone, onHide, onOpenGroupBuy }: { c: PostComment; timeZone: string; onHide: () => void; onOpenGroupBuy: (id: string) => void }) {
  const { t, i18n } = useTranslation('leader');
  const ago = useAgo();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <div className={`comment${c.hidden ? ' hidden-item' : ''}${c.author.isLeader ? ' by-leader' : ''}`} data-testid="comment-row" data-hidden={c.hidden ? 'true' : 'false'}>
      <div className="comment-head">
        <span className="comment-author">{c.author.name}</span>
        {c.author.isLeader && <Tag color="primary" fill="outline">{t('life.post.leaderTag')}</Tag>}
        {c.helpful && <Tag color="success" fill="solid">{t('life.post.helpful')}</Tag>}
        {c.hidden && <Tag color="default" fill="solid" data-testid="hidden-mark">{t('life.post.hiddenTag')}</Tag>}
        <span className="comment-time" title={formatTime(c.createdAt, timeZone, locale)}>{ago(c.createdAt)}</span>
      </div>
      {c.body !== null && <PlainText text={c.body} className="comment-text" />}
      <PhotoGrid urls={c.images} />
      {c.links.length > 0 && <div className="post-links">{c.links.map((l) => <LinkChip key={`${l.type}-${l.id}`} link={l} onOpenGroupBuy={onOpenGroupBuy} />)}</div>}
      {c.hidden ? (
        <div className="hidden-banner small" data-testid="hidden-reason"><LifeIcon.eyeOff /> {t('life.post.hiddenBecause', { reason: c.hiddenReason ?? '' })}</div>
      ) : (
        <div className="comment-actions">
          <button type="button" className="mini-action danger" onClick={onHide} data-testid="comment-hide"><LifeIcon.eyeOff /> {t('life.post.hide')}</button>
        </div>
      )}
    </div>
  );
}

/** His answer (or comment), with up to five group-buy or product links picked from a list. */
function AnswerBox({ communityId, post, leaderAnswered, onAnswered }: { communityId: string; post: PostDetail; leaderAnswered: boolean; onAnswered: () => void }) {
  const { t } = useTranslation('leader');
  const limits = useLimits().posts;
  const queryClient = useQueryClient();
  const isQuestion = post.kind === 'question';
  const [text, setText] = useState('');
  const [links, setLinks] = useState<PostLink[]>([]);
  const [picker, setPicker] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = textLength(text);
  const send = useMutation({
    mutationFn: () => api<PostDetail>(`/api/posts/${post.id}/comments`, { body: { body: text.trim(), ...(links.length ? { links } : {}) } }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(feedKeys.post(post.id), updated);
      await invalidateLife(queryClient, communityId, post.id);
      setText('');
      setLinks([]);
      Toast.show({ icon: 'success', content: isQuestion ? t('life.answer.sent', { name: post.author.name }) : t('life.answer.commented') });
      onAnswered();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    setError(null);
    if (n < 1) { setError(t('life.answer.empty')); return; }
    if (n > limits.comment) { setError(t('life.answer.tooLong', { max: limits.comment })); return; }
    send.mutate();
  };
  return (
    <section className="card-block answer-box" data-testid="answer-box">
      <h3 className="block-title">
        {isQuestion ? (leaderAnswered ? t('life.answer.titleAgain') : t('life.answer.title', { name: post.author.name })) : t('life.answer.commentTitle')}
        <Counter n={n} max={limits.comment} />
      </h3>
      <TextArea value={text} onChange={(v) => { setText(v); setError(null); }} placeholder={isQuestion ? t('life.answer.placeholder') : t('life.answer.commentPlaceholder')}
        autoSize={{ minRows: 4, maxRows: 10 }} data-testid="answer-input" className="answer-input" />
      {links.length > 0 && (
        <div className="post-links">
          {links.map((l) => (
            <div key={`${l.type}-${l.id}`} className="chosen-link">
              <LinkChip link={l} />
              <button type="button" className="link-remove" onClick={() => setLinks(links.filter((x) => x !== l))} aria-label={t('life.answer.removeLink')}>×</button>
            </div>
          ))}
        </div>
      )}
      <Button block fill="outline" color="primary" onClick={() => setPicker(true)} data-testid="answer-link-picker" className="answer-link-btn">
        <LifeIcon.link /> {links.length ? t('life.answer.linksChosen', { n: links.length, max: limits.links }) : t('life.answer.addLinks')}
      </Button>
      <div className="field-hint">{t('life.answer.linksHint')}</div>
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={send.isPending} onClick={submit} data-testid="answer-submit">
        {isQuestion ? t('life.answer.submit') : t('life.answer.submitComment')}
      </Button>
      <LinkPicker visible={picker} communityId={communityId} value={links} max={limits.links} allowProducts onClose={() => setPicker(false)} onChange={setLinks} testId="answer-link" />
    </section>
  );
}
