import { useState } from 'react';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api';
import type { Me } from '../../../shared/types';
import { type PostComment, type PostDetail } from '../../lib/life';
import { useAgo } from '../../lib/time';
import { Author } from './Author';
import { ImageGrid } from './ImageGrid';
import { CommentLinkChip } from './GroupBuyMini';
import { CheckIcon } from '../icons';
import { AutoTextArea } from './AutoTextArea';
import { useLimits } from '../../../shared/limits';
import { useAddComment, useMarkHelpful } from '../../lib/life';

/** Answers (for a question) or comments: the adopted answer first, hidden ones say why. */
export function Comments({ post, me, asker, timeZone, onReport }: { post: PostDetail; me: Me; asker: boolean; timeZone?: string; onReport: (id: string) => void }) {
  const { t } = useTranslation('resident');
  const ago = useAgo(timeZone);
  const isQuestion = post.kind === 'question';

  const helpful = useMarkHelpful(post.id, {
    onSuccess: () => Toast.show({ icon: 'success', content: t('post.helpfulDone') }),
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
export function CommentBar({ post, asker }: { post: PostDetail; asker: boolean }) {
  const { t } = useTranslation('resident');
  const maxComment = useLimits().posts.comment;
  const [text, setText] = useState('');
  const [focused, setFocused] = useState(false);
  const send = useAddComment(post.id, {
    onSuccess: () => {
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
