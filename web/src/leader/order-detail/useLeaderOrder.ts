import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { leaderOrderKeys, orderKeys } from '../../shared/query-keys';
import { useLang } from '../claims';

export type LeaderOrderDetail = components['schemas']['LeaderOrderDetail'];
export type DetailLine = LeaderOrderDetail['order']['lines'][number];

export const CANCEL_REASONS = ['out_of_stock', 'quality_issue', 'resident_asked', 'cannot_deliver', 'other'] as const;
export const REFUND_REASONS = ['bad_produce', 'damaged', 'missing', 'not_as_described', 'goodwill', 'other'] as const;
/** Bodies of POST …/orders/:orderId/cancel and …/order-lines/:lineId/refund (request schemas are not components). */
export interface LeaderCancelRequest { lines?: { lineId: string; quantity?: number }[]; reasonCode: (typeof CANCEL_REASONS)[number]; note?: string }
export interface LeaderRefundRequest { amountFen: number; reasonCode: (typeof REFUND_REASONS)[number]; note?: string }

export function useLeaderOrder(communityId: string, orderId: string) {
  const lang = useLang();
  return useQuery({
    queryKey: leaderOrderKeys.detail(communityId, orderId, lang),
    queryFn: () => api<LeaderOrderDetail>(`/api/communities/${communityId}/orders/${orderId}`),
  });
}

/**
 * His cancel or refund. One Idempotency-Key per confirmed action (kept across the app's own retries
 * of that request), so a flaky connection never cancels or refunds twice.
 */
export function useLeaderOrderAction(communityId: string, orderId: string) {
  const queryClient = useQueryClient();
  const lang = useLang();
  return useMutation({
    mutationFn: (a: { kind: 'cancel'; body: LeaderCancelRequest } | { kind: 'refund'; lineId: string; body: LeaderRefundRequest }) =>
      api<LeaderOrderDetail>(a.kind === 'cancel' ? `/api/communities/${communityId}/orders/${orderId}/cancel` : `/api/communities/${communityId}/order-lines/${a.lineId}/refund`,
        { body: a.body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: async (fresh) => {
      queryClient.setQueryData(leaderOrderKeys.detail(communityId, orderId, lang), fresh);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: leaderOrderKeys.all, predicate: (q) => q.queryKey.at(-1) !== lang }),
        queryClient.invalidateQueries({ queryKey: orderKeys.all }),
      ]);
    },
  });
}
