import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { claimKeys } from '../../shared/query-keys';
import { STALE_CLAIM_CODES, invalidateClaims, useLang, type ClaimDetail, type LeaderDecision } from '../claims';
import { errorMessage } from '../components';

/** One claim as its leader answers it; while it waits for him the page follows the clock and the escalation job. */
export function useLeaderClaim(claimId: string) {
  const lang = useLang();
  return useQuery({
    queryKey: claimKeys.detail(claimId, lang),
    queryFn: () => api<ClaimDetail>(`/api/claims/${claimId}`),
    refetchInterval: (q) => (q.state.data?.claim.status === 'leader_review' ? 30_000 : false),
  });
}

export type DecisionBody = { action: LeaderDecision; amountFen?: number; note: string };

/**
 * The leader's answer to a claim. The fresh claim replaces the cached one (the other language's copy
 * is refetched) and his inbox refreshes. A refusal says whether the claim is no longer his (escalated,
 * answered elsewhere, past the deadline); then the claim and the inbox refresh too.
 */
export function useLeaderDecision(claimId: string, communityId: string, { onSuccess, onFailed, onStaleRefreshed }: {
  onSuccess: (fresh: ClaimDetail, body: DecisionBody) => void;
  onFailed: (f: { message: string; code: string; stale: boolean }) => void;
  onStaleRefreshed: () => void;
}) {
  const queryClient = useQueryClient();
  const lang = useLang();
  return useMutation({
    mutationFn: (body: DecisionBody) => api<ClaimDetail>(`/api/claims/${claimId}/leader-decision`, { body }),
    onSuccess: async (fresh, body) => {
      queryClient.setQueryData(claimKeys.detail(claimId, lang), fresh);
      // The other language's copy, if any, is out of date.
      void queryClient.invalidateQueries({ queryKey: claimKeys.claim(claimId), predicate: (q) => q.queryKey.at(-1) !== lang });
      onSuccess(fresh, body);
      await invalidateClaims(queryClient, communityId);
    },
    onError: async (err) => {
      const stale = err instanceof ApiError && (STALE_CLAIM_CODES.includes(err.code) || err.status === 409);
      onFailed({ message: errorMessage(err), code: err instanceof ApiError ? err.code : '', stale });
      if (!stale) return;
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: claimKeys.claim(claimId) }),
        invalidateClaims(queryClient, communityId),
      ]);
      onStaleRefreshed();
    },
  });
}
