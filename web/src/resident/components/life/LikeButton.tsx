import { Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../shared/api';
import { patchPost, type Post } from '../../lib/life';
import { HeartIcon } from '../icons';

/** 「赞」: turns at once on screen, the server confirms the count (or it turns back with the reason). */
export function LikeButton({ post, size = 'md' }: { post: Pick<Post, 'id' | 'likedByMe' | 'reactionCount'>; size?: 'md' | 'lg' }) {
  const { t } = useTranslation('resident');
  const queryClient = useQueryClient();
  const liked = !!post.likedByMe;
  const like = useMutation({
    mutationFn: (next: boolean) => api<{ liked: boolean; reactionCount: number }>(`/api/posts/${post.id}/reaction`, { method: 'PUT', body: { liked: next } }),
    onMutate: (next) => {
      const before = { likedByMe: liked, reactionCount: post.reactionCount };
      patchPost(queryClient, post.id, { likedByMe: next, reactionCount: Math.max(0, post.reactionCount + (next ? 1 : -1)) });
      return before;
    },
    onSuccess: (res) => patchPost(queryClient, post.id, { likedByMe: res.liked, reactionCount: res.reactionCount }),
    onError: (err, _next, before) => {
      if (before) patchPost(queryClient, post.id, before);
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('feed.likeFailed') });
    },
  });
  return (
    <button
      type="button"
      className={`r-act r-like${liked ? ' r-like-on' : ''}${size === 'lg' ? ' r-act-lg' : ''}`}
      aria-pressed={liked}
      aria-label={t('feed.likeAria', { count: post.reactionCount })}
      onClick={(e) => { e.preventDefault(); e.stopPropagation(); if (!like.isPending) like.mutate(!liked); }}
      data-testid="like-button"
      data-liked={liked ? 'true' : 'false'}
    >
      <HeartIcon size={size === 'lg' ? 22 : 19} filled={liked} />
      <span>{post.reactionCount > 0 ? post.reactionCount : t('feed.like')}</span>
    </button>
  );
}
