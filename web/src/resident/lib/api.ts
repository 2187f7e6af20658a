import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { communityKeys, groupBuyKeys, meKeys, metricsKeys, noticeKeys, orderKeys, paymentKeys, traceKeys, trustKeys } from '../../shared/query-keys';
import type { CheckoutResult, Community, GroupBuyDetail, GroupBuyView, NoticeList, NpsPrompt, OrderView, Page, PaymentStartView, ResidentTrust, Traceability } from '../../shared/types';

/** Public preview of an invitation (GET /api/invites/:code): the gift is named before joining, its file and coupon come after. */
export type InvitePreview = components['schemas']['InvitePreview'];

export type PaymentStart = PaymentStartView;
/** What checkout and 「立即购买」 answer. */
export type PlaceOrderResult = CheckoutResult;

export type PaymentView = components['schemas']['Payment'];
export type PaymentStatus = PaymentView['status'];
export type SandboxConfirmResult = components['schemas']['SandboxConfirmed'];

export type GroupBuyFilter = 'current' | 'past';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids in the URL are UUIDs; anything else is a broken link and is shown as "not found" without asking the server. */
export const isUuid = (s: string | undefined): s is string => !!s && UUID_RE.test(s);

export function useInvite(code: string) {
  return useQuery({ queryKey: communityKeys.invitation(code), queryFn: () => api<InvitePreview>(`/api/invites/${encodeURIComponent(code)}`) });
}

export function useCommunity(id: string | undefined) {
  return useQuery({
    queryKey: communityKeys.detail(id ?? ''),
    queryFn: () => api<Community>(`/api/communities/${id}`),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export function useGroupBuys(communityId: string, filter: GroupBuyFilter) {
  return useInfiniteQuery({
    queryKey: groupBuyKeys.list(communityId, filter),
    queryFn: ({ pageParam }) => api<Page<GroupBuyView>>(`/api/communities/${communityId}/group-buys?filter=${filter}&page=${pageParam}&pageSize=10`),
    initialPageParam: 1,
    getNextPageParam: (last, all) => (last.hasMore ? all.length + 1 : undefined),
  });
}

export function useGroupBuy(id: string) {
  return useQuery({ queryKey: groupBuyKeys.detail(id), queryFn: () => api<GroupBuyDetail>(`/api/group-buys/${id}`) });
}

export function useMyOrders() {
  return useInfiniteQuery({
    queryKey: orderKeys.list(),
    queryFn: ({ pageParam }) => api<Page<OrderView>>(`/api/orders?page=${pageParam}&pageSize=10`),
    initialPageParam: 1,
    getNextPageParam: (last, all) => (last.hasMore ? all.length + 1 : undefined),
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: orderKeys.detail(id ?? ''),
    queryFn: () => api<OrderView>(`/api/orders/${id}`),
    enabled: !!id,
  });
}

export function usePayment(id: string) {
  return useQuery({ queryKey: paymentKeys.detail(id), queryFn: () => api<PaymentView>(`/api/payments/${id}`) });
}

/** Public traceability of one batch (no login needed). */
export function useTrace(code: string) {
  return useQuery({ queryKey: traceKeys.code(code), queryFn: () => api<Traceability>(`/api/trace/${encodeURIComponent(code)}`), staleTime: 5 * 60_000 });
}

/** The resident's in-app notices; polled gently so the bell's count stays fresh. */
export function useNotices(enabled = true) {
  return useQuery({
    queryKey: noticeKeys.list(),
    queryFn: () => api<NoticeList>('/api/notifications'),
    enabled,
    refetchInterval: 60_000,
    staleTime: 15_000,
  });
}

/** One open group buy picked for her; `reasons` arrive already in her language. */
export interface Recommendation { groupBuyId: string; title: string; priceFen: number; imageUrls: string[]; score: number; reasons: string[] }

export type CocreateKind = 'product_test' | 'packaging_vote' | 'other';
/** A co-creation invitation she may answer; `accepted` is null until she does. */
export interface CocreateInvitation {
  id: string; title: string; description: string; kind: CocreateKind; seats: number; taken: number; closesAt: string; accepted: boolean | null;
}

/** 「为你推荐」 for a community she belongs to; the language is in the key because the reasons are localized by the server. */
export function useRecommendations(communityId: string, lang: string, enabled = true) {
  return useQuery({
    queryKey: trustKeys.recommendations(communityId, lang),
    queryFn: () => api<{ items: Recommendation[] }>(`/api/communities/${communityId}/recommendations`),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

/** Co-creation invitations open to her level. */
export function useMyCocreate() {
  return useQuery({ queryKey: trustKeys.cocreate(), queryFn: () => api<{ items: CocreateInvitation[] }>('/api/cocreate/mine'), staleTime: 30_000 });
}

/** The resident's own trust score and its inputs (private to her). */
export function useMyTrust(enabled = true) {
  return useQuery({ queryKey: meKeys.trust(), queryFn: () => api<ResidentTrust>('/api/me/trust'), enabled, staleTime: 30_000 });
}

/** The NPS question to ask now (a survey round she was invited to, else her leader after a recent pickup), or null. */
export function usePendingSurvey(enabled = true) {
  return useQuery({
    queryKey: metricsKeys.pendingSurvey(),
    queryFn: async () => (await api<{ survey: NpsPrompt | null }>('/api/surveys/pending')).survey,
    enabled,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

/** Takes or declines a co-creation seat; the list shows it at once and is read again either way. */
export function useRespondCocreate(invitationId: string, { onError }: { onError: (err: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accept: boolean) => api<{ invitationId: string; accepted: boolean }>(`/api/cocreate/${invitationId}/respond`, { body: { accept } }),
    onSuccess: (res) => {
      queryClient.setQueryData<{ items: CocreateInvitation[] }>(trustKeys.cocreate(), (old) => old && {
        items: old.items.map((i) => (i.id !== res.invitationId ? i : {
          ...i,
          accepted: res.accepted,
          taken: Math.max(0, i.taken + (res.accepted ? 1 : 0) - (i.accepted === true ? 1 : 0)),
        })),
      });
    },
    onError,
    onSettled: () => { void queryClient.invalidateQueries({ queryKey: trustKeys.cocreate() }); },
  });
}

