import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, postForm } from '../../shared/api';
import type { Page } from '../../shared/types';
import type { components } from '../../shared/api-types';
import { communityKeys, eventKeys, feedKeys, leaderKeys, noticeKeys } from '../../shared/query-keys';

/**
 * 「有群有社」 — community life before anything is sold: the feed (notices, articles, questions,
 * topics, polls), events, the notification centre's settings, the welcome gift and the leader's
 * profile. The API's shapes, the queries and the small cache helpers the pages share.
 */

export const POST_KINDS = ['knowledge', 'tip', 'notice', 'arrival', 'recommendation', 'question', 'topic', 'topic_entry', 'poll'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export interface PollView {
  multiple: boolean;
  closesAt: string | null;
  closed: boolean;
  voters: number;
  /** What she chose; null until she voted. */
  myChoice: string[] | null;
  /** `votes` is null until she voted or the poll closed (nobody is swayed by a running count). */
  options: { id: string; label: string; votes: number | null }[];
}

/** A post as the feed lists it. `body` is plain text: always rendered as text. */
export interface Post {
  id: string;
  communityId: string;
  kind: PostKind;
  title: string;
  body: string;
  images: string[];
  groupBuyId: string | null;
  parentId: string | null;
  mentionsLeader: boolean;
  helpfulCommentId: string | null;
  pinned: boolean;
  hidden: boolean;
  hiddenReason: string | null;
  author: { id: string; name: string };
  commentCount: number;
  reactionCount: number;
  likedByMe?: boolean;
  poll?: PollView | null;
  createdAt: string;
}

export interface CommentLink { type: 'group_buy' | 'product'; id: string }

export interface PostComment {
  id: string;
  author: { id: string; name: string; isLeader: boolean };
  /** null when hidden (for everyone but moderators). */
  body: string | null;
  hidden: boolean;
  hiddenReason: string | null;
  links: CommentLink[];
  images: string[];
  helpful: boolean;
  createdAt: string;
}

/** GET /api/posts/:id */
export interface PostDetail extends Post {
  mutedByMe: boolean;
  canModerate: boolean;
  comments: PostComment[];
  /** A topic's photo entries, newest first. */
  entries: Post[];
}

export type EventKind = 'offline' | 'online' | 'welfare' | 'livestream';
export type EventState = 'upcoming' | 'running' | 'ended' | 'cancelled';

/** A community event (活动). */
export interface LifeEvent {
  id: string;
  /** Null for a platform-wide source livestream. */
  communityId: string | null;
  kind: EventKind;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  spotsLeft: number;
  streamUrl: string | null;
  replayUrl: string | null;
  photos: string[];
  cancelled: boolean;
  state: EventState;
  organizer: { name: string; title: string } | null;
  mySignup: null | { status: 'confirmed' | 'waitlisted'; waitlistPosition: number | null; checkedInAt: string | null };
  platformWide: boolean;
  /** The campaign this source visit (溯源之旅) belongs to. */
  campaign: components['schemas']['Gathering']['campaign'];
  visits: components['schemas']['Gathering']['visits'];
  replays: components['schemas']['GatheringReplay'][];
}

export type NoticeSetting = components['schemas']['NoticeSettings']['kinds'][number];

export type WelcomeGift = components['schemas']['WelcomeGift'];

export interface LeaderProfile {
  name: string;
  title: string;
  /** 「好邻生活圈的生活顾问-王叔」, in her language. */
  displayTitle: string;
  mission: string;
  photoUrl: string | null;
  yearsInCommunity: number;
  joinedAt: string;
  endorsements: number;
  certificates: { courseTitle: string; code: string; completedAt: string }[];
  honours: { name: string; description: string; reason: string; grantedAt: string; byRule: boolean }[];
  /** Campaigns he is an approved ambassador of (「安心厨房计划 大使」). */
  ambassadorships: { campaignId: string; slug: string; name: string; badge: string }[];
}

/** A question is kept shorter than a post may be (the server's posts.body): this page's own choice. */
export const QUESTION_MAX = 1000;

export function useFeed(communityId: string, kind: PostKind | 'all') {
  return useInfiniteQuery({
    queryKey: feedKeys.list(communityId, kind),
    queryFn: ({ pageParam }) => api<Page<Post>>(`/api/communities/${communityId}/feed?page=${pageParam}${kind === 'all' ? '' : `&kind=${kind}`}`),
    initialPageParam: 1,
    getNextPageParam: (last, all) => (last.hasMore ? all.length + 1 : undefined),
    staleTime: 15_000,
  });
}

export function usePost(id: string) {
  return useQuery({ queryKey: feedKeys.post(id), queryFn: () => api<PostDetail>(`/api/posts/${id}`) });
}

export function useEvents(communityId: string, scope: 'upcoming' | 'past', enabled = true) {
  return useQuery({
    queryKey: eventKeys.list(communityId, scope),
    queryFn: () => api<{ items: LifeEvent[] }>(`/api/communities/${communityId}/events?scope=${scope}`),
    enabled,
    staleTime: 30_000,
  });
}

export function useEvent(id: string) {
  return useQuery({ queryKey: eventKeys.detail(id), queryFn: () => api<LifeEvent>(`/api/events/${id}`) });
}

export function useNoticeSettings(enabled: boolean) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: noticeKeys.settings(i18n.language),
    queryFn: async () => (await api<{ kinds: NoticeSetting[] }>('/api/notifications/settings')).kinds,
    enabled,
  });
}

export function useWelcomeGift(communityId: string) {
  return useQuery({
    queryKey: communityKeys.welcomeGift(communityId),
    queryFn: () => api<{ welcomeGift: WelcomeGift | null }>(`/api/communities/${communityId}/welcome-gift`),
    select: (r) => r.welcomeGift,
  });
}

export function useLeaderProfile(communityId: string, userId: string) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: leaderKeys.profile(communityId, userId, i18n.language),
    queryFn: () => api<LeaderProfile>(`/api/communities/${communityId}/leaders/${userId}/profile`),
    staleTime: 60_000,
    retry: false,
  });
}

/** Changes one post wherever it is cached (every feed list and its detail), e.g. after a like or a vote. */
export function patchPost(queryClient: QueryClient, postId: string, patch: Partial<Post>) {
  queryClient.setQueriesData<InfiniteData<Page<Post>>>({ queryKey: feedKeys.lists() }, (old) =>
    old ? { ...old, pages: old.pages.map((pg) => ({ ...pg, items: pg.items.map((p) => (p.id === postId ? { ...p, ...patch } : p)) })) } : old);
  queryClient.setQueryData<PostDetail>(feedKeys.post(postId), (old) => (old ? { ...old, ...patch } : old));
}

/** Whether a notification link is one of this app's pages (never follow anything else). */
export const isAppLink = (link: string | null | undefined): link is string => !!link && link.startsWith('/') && !link.startsWith('//');

interface Callbacks<T> { onSuccess: (data: T) => void; onError: (err: Error) => void }

/** Mutes or unmutes a thread's notices for her; the post shows it at once. */
export function useMutePost(postId: string, { onSuccess, onError }: Callbacks<{ muted: boolean }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (muted: boolean) => api<{ muted: boolean }>(`/api/posts/${postId}/mute`, { method: 'PUT', body: { muted } }),
    onSuccess: (res) => {
      queryClient.setQueryData<PostDetail>(feedKeys.post(postId), (old) => (old ? { ...old, mutedByMe: res.muted } : old));
      onSuccess(res);
    },
    onError,
  });
}

/** The asker marks the answer that helped; the post and every feed list show it. */
export function useMarkHelpful(postId: string, { onSuccess, onError }: Callbacks<{ helpfulCommentId: string }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) => api<{ helpfulCommentId: string }>(`/api/posts/${postId}/helpful`, { body: { commentId } }),
    onSuccess: (res) => {
      queryClient.setQueryData<PostDetail>(feedKeys.post(postId), (old) => (old ? {
        ...old, helpfulCommentId: res.helpfulCommentId, comments: old.comments.map((c) => ({ ...c, helpful: c.id === res.helpfulCommentId })),
      } : old));
      patchPost(queryClient, postId, { helpfulCommentId: res.helpfulCommentId });
      onSuccess(res);
    },
    onError,
  });
}

/** Comments on a post; the answer is the post with its comments, and the feeds' counts follow. */
export function useAddComment(postId: string, { onSuccess, onError }: Callbacks<PostDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api<PostDetail>(`/api/posts/${postId}/comments`, { body: { body } }),
    onSuccess: (res) => {
      queryClient.setQueryData(feedKeys.post(postId), res);
      patchPost(queryClient, postId, { commentCount: res.commentCount });
      onSuccess(res);
    },
    onError,
  });
}

/** Joins a topic with photos and a few words; the topic and the community's feeds refresh. */
export function useAddTopicEntry(topic: { id: string; communityId: string }, { onSuccess, onError }: Callbacks<Post>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ text, photos }: { text: string; photos: File[] }) => {
      const form = new FormData();
      form.append('payload', JSON.stringify({ kind: 'topic_entry', parentId: topic.id, body: text }));
      for (const f of photos) form.append('images', f, f.name);
      return postForm<Post>(`/api/communities/${topic.communityId}/posts`, form);
    },
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: feedKeys.post(topic.id) });
      void queryClient.invalidateQueries({ queryKey: feedKeys.community(topic.communityId) });
      onSuccess(res);
    },
    onError,
  });
}

