import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import i18n from '../i18n';
import { api, ApiError } from '../shared/api';
import type { GroupBuyView, Page } from '../shared/types';
import type { components } from '../shared/api-types';
import { feedKeys, groupBuyKeys } from '../shared/query-keys';

/**
 * 社区生活: what the leader publishes and looks after besides group buys — posts, questions,
 * reports, events, the welcome gift, his profile and his training. Types follow the server's
 * answers (src/modules/feed, gatherings, community, training).
 */

export const LEADER_POST_KINDS = ['notice', 'arrival', 'knowledge', 'tip', 'recommendation', 'topic', 'poll'] as const;
export type LeaderPostKind = (typeof LEADER_POST_KINDS)[number];
export type PostKind = LeaderPostKind | 'question' | 'topic_entry';

/** Kinds whose title is required (at least 2 characters). */
export const TITLE_REQUIRED: PostKind[] = ['knowledge', 'topic', 'poll'];

export interface PollView {
  multiple: boolean; closesAt: string | null; closed: boolean; voters: number; myChoice: string[] | null;
  options: { id: string; label: string; votes: number | null }[];
}

export interface Post {
  id: string; communityId: string; kind: PostKind; title: string; body: string; images: string[];
  groupBuyId: string | null; parentId: string | null; mentionsLeader: boolean; helpfulCommentId: string | null;
  pinned: boolean; hidden: boolean; hiddenReason: string | null;
  author: { id: string; name: string };
  commentCount: number; reactionCount: number; createdAt: string; lastActivityAt: string;
  likedByMe?: boolean; poll?: PollView | null;
}

export interface PostLink { type: 'group_buy' | 'product'; id: string }

export interface PostComment {
  id: string; author: { id: string; name: string; isLeader: boolean };
  body: string | null; hidden: boolean; hiddenReason: string | null; links: PostLink[]; images: string[]; helpful: boolean; createdAt: string;
}

export type PostDetail = Post & { mutedByMe: boolean; canModerate: boolean; comments: PostComment[]; entries: Post[] };

export interface ContentReport {
  id: string; communityId: string; targetType: 'post' | 'comment'; targetId: string; reason: string;
  reporterName: string; authorName: string; excerpt: string; createdAt: string;
}

export type EventKind = 'offline' | 'online' | 'welfare' | 'livestream';
export const EVENT_KINDS: EventKind[] = ['offline', 'online', 'welfare', 'livestream'];

export interface CommunityEvent {
  id: string; communityId: string; kind: EventKind; title: string; description: string; startsAt: string; endsAt: string;
  place: string; capacity: number; confirmed: number; waitlisted: number; spotsLeft: number;
  streamUrl: string | null; replayUrl: string | null; photos: string[]; cancelled: boolean;
  state: 'upcoming' | 'running' | 'ended' | 'cancelled';
  organizer: { name: string; title: string } | null;
  checkInToken: string | null;
  platformWide: boolean;
  campaign: components['schemas']['Gathering']['campaign'];
  visits: components['schemas']['Gathering']['visits'];
  replays: components['schemas']['GatheringReplay'][];
  canManage: boolean;
}

export interface Attendee { userId: string; name: string; status: 'confirmed' | 'waitlisted'; signedUpAt: string; checkedInAt: string | null }

export type WelcomeGift = components['schemas']['WelcomeGift'];

export interface LeaderProfile {
  userId?: string; name: string; title: string; displayTitle: string; mission: string; photoUrl: string | null;
  communityName?: string; yearsInCommunity: number; endorsements: number;
  certificates: { courseTitle: string; code: string; completedAt: string }[];
  honours: { name: string; description: string; reason: string; grantedAt: string; byRule: boolean }[];
  /** Campaigns he is an approved ambassador of. */
  ambassadorships: { campaignId: string; slug: string; name: string; badge: string }[];
}

export interface Enrolment {
  enrolledAt: string; attempts: number; bestScore: number | null; lastAttemptAt: string | null; completedAt: string | null; certificateCode: string | null;
}
export interface CourseSummary {
  id: string; title: string; description: string; passScore: number; publishedAt: string | null; lessonCount: number; questionCount: number;
  enrolment: Enrolment | null;
}
export interface CourseDetail {
  id: string; title: string; description: string; passScore: number; publishedAt: string | null; enrolment: Enrolment | null;
  lessons: { id: string; position: number; title: string; body: string; videoUrl: string | null }[] | null;
  questions: { id: string; position: number; prompt: string; options: string[]; correctIndex?: number }[] | null;
}
export interface QuizResult {
  score: number; passed: boolean; passScore: number; correct: number; total: number; attempts: number; bestScore: number;
  completedAt: string | null; certificateCode: string | null;
}

/** Questions no leader has answered yet (the 待答问题 to-do and its badge). */
export function useOpenQuestions(communityId: string, enabled = true) {
  return useQuery({
    queryKey: feedKeys.questions(communityId),
    queryFn: () => api<{ items: Post[] }>(`/api/communities/${communityId}/questions/open`),
    enabled,
    refetchInterval: 60_000,
  });
}

/** Open reports of his community. */
export function useReports(communityId: string, enabled = true) {
  return useQuery({
    queryKey: feedKeys.reports(communityId),
    queryFn: () => api<{ items: ContentReport[] }>(`/api/moderation/reports?communityId=${communityId}`),
    enabled,
    refetchInterval: 60_000,
  });
}

/** His community's current group buys (open first), for recommendations and answer links. */
export function usePickableGroupBuys(communityId: string, enabled = true) {
  return useQuery({
    queryKey: groupBuyKeys.pickable(communityId),
    queryFn: () => api<Page<GroupBuyView>>(`/api/communities/${communityId}/group-buys?filter=current&pageSize=100`),
    enabled,
    staleTime: 30_000,
    select: (page) => {
      const order: Record<string, number> = { open: 0, scheduled: 1, closed: 2, arrived: 3, cancelled: 4 };
      return [...page.items].filter((gb) => gb.status !== 'cancelled').sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
    },
  });
}

/** After any moderation or new content: every list of this community is stale. */
export function invalidateLife(queryClient: QueryClient, communityId: string, postId?: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: feedKeys.community(communityId) }),
    queryClient.invalidateQueries({ queryKey: feedKeys.questions(communityId) }),
    queryClient.invalidateQueries({ queryKey: feedKeys.reports(communityId) }),
    ...(postId ? [queryClient.invalidateQueries({ queryKey: feedKeys.post(postId) })] : []),
  ]);
}

/** Hides a post or comment with a reason that is kept; every list of the community (and the post) refreshes. */
export function useHideContent(communityId: string, postId: string | undefined, { onSuccess, onError }: { onSuccess: () => void; onError: (err: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { type: 'post' | 'comment'; id: string; reason: string }) => api<{ id: string; hidden: boolean }>('/api/moderation/hide', { body }),
    onSuccess: async () => {
      await invalidateLife(queryClient, communityId, postId);
      onSuccess();
    },
    onError,
  });
}

/** Sends a multipart form with PUT (or another method); errors carry the server's code and message. */
export async function sendForm<T>(method: 'PUT' | 'POST', path: string, form: FormData): Promise<T> {
  const res = await fetch(path, {
    method, body: form, credentials: 'same-origin',
    headers: { 'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN' },
  });
  const text = await res.text();
  let data: { error?: { code?: string; message?: string; details?: Record<string, string | number> } } | null = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'internal', data?.error?.message ?? res.statusText, data?.error?.details);
  return data as T;
}

/** Counting as the server does: after trimming, CRLF as one. */
export const textLength = (s: string) => s.replace(/\r\n/g, '\n').trim().length;

/** Images the server accepts for posts and event photos. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
/** The welcome handbook: a PDF or a picture (up to the server's files.documentBytes). */
export const DOCUMENT_TYPES = ['application/pdf', ...IMAGE_TYPES];

/** The check-in address a resident's phone opens from the venue QR. */
export const checkInUrl = (eventId: string, token: string) =>
  `${window.location.origin}/events/${eventId}/check-in?token=${encodeURIComponent(token)}`;
