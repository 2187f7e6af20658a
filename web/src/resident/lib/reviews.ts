import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, postForm } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { reviewKeys } from '../../shared/query-keys';

export type ReviewPage = components['schemas']['ReviewPage'];
export type PublicReview = components['schemas']['PublicReview'];
export type ReviewSummary = components['schemas']['ReviewSummary'];
export type MyReview = components['schemas']['MyReview'];
export type MyReviewDetail = components['schemas']['MyReviewDetail'];
export type ReviewableLine = components['schemas']['ReviewableLine'];
export type OrderReviewState = components['schemas']['OrderReviewStates']['items'][number];

/** What the server allows (reviews module REVIEW_LIMITS). */
export const REVIEW_BODY_MAX = 500;
export const REVIEW_PHOTOS_MAX = 6;

export function useMyReviews() {
  return useQuery({ queryKey: reviewKeys.myList(), queryFn: () => api<{ items: MyReview[] }>('/api/me/reviews').then((r) => r.items) });
}

export function useReviewableLines(enabled = true) {
  return useQuery({ queryKey: reviewKeys.reviewable(), queryFn: () => api<{ items: ReviewableLine[] }>('/api/me/reviewable-lines').then((r) => r.items), enabled });
}

export function useOrderReviewStates(orderId: string, enabled: boolean) {
  return useQuery({ queryKey: reviewKeys.orderStates(orderId), queryFn: () => api<{ items: OrderReviewState[] }>(`/api/orders/${orderId}/review-states`).then((r) => r.items), enabled });
}

export function useMyReview(id: string | undefined) {
  return useQuery({ queryKey: reviewKeys.detail(id ?? ''), queryFn: () => api<MyReviewDetail>(`/api/reviews/${id}`), enabled: !!id });
}

export function useItemReviewSummaries(groupBuyId: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKeys.summaries(groupBuyId),
    queryFn: () => api<{ items: { itemId: string; productId: string; summary: ReviewSummary }[] }>(`/api/group-buys/${groupBuyId}/review-summaries`).then((r) => r.items),
    enabled,
  });
}

export function useItemReviews(groupBuyId: string, itemId: string) {
  return useInfiniteQuery({
    queryKey: reviewKeys.item(groupBuyId, itemId),
    queryFn: ({ pageParam }) => api<ReviewPage>(`/api/group-buys/${groupBuyId}/items/${itemId}/reviews?page=${pageParam}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export interface ReviewDraft { stars: number; body: string; photos: File[]; keepPhotoIds?: string[] }

function form(draft: ReviewDraft) {
  const f = new FormData();
  f.append('payload', JSON.stringify({ stars: draft.stars, body: draft.body, ...(draft.keepPhotoIds ? { keepPhotoIds: draft.keepPhotoIds } : {}) }));
  for (const p of draft.photos) f.append('images', p, p.name);
  return f;
}

/** Posts (lineId) or edits (reviewId) a review; her lists and every product's reviews refresh. */
export function useSaveReview(target: { lineId?: string; reviewId?: string }) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (draft: ReviewDraft) => (target.reviewId
      ? postForm<MyReviewDetail>(`/api/reviews/${target.reviewId}`, form(draft), { method: 'PUT' })
      : postForm<MyReviewDetail>(`/api/order-lines/${target.lineId}/review`, form(draft))),
    onSuccess: () => qc.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}
