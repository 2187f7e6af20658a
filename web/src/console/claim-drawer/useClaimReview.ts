import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { claimKeys, guaranteeKeys } from '../../shared/query-keys';
import type { ClaimDetail, FaultParty, HumanAction, ReviewOutcome } from '../aftersales';

/** One claim with its evidence, facts and history (GET /api/claims/:id), in the UI language. */
export function useClaimDetail(id: string | null, lang: string) {
  return useQuery({ queryKey: claimKeys.detail(id, lang), queryFn: () => api<ClaimDetail>(`/api/claims/${id}`), enabled: !!id });
}

/** The platform's decision body; amountFen only with a refund, fraud only with a rejection. */
export interface PlatformDecision { action: HumanAction; note: string; faultParty: FaultParty; amountFen?: number; fraud?: boolean }

/**
 * The platform decides an escalated claim: the claim is answered in place, the queue and the fund
 * (a refund moves money) refresh. A refusal refreshes the claim, which may have moved meanwhile.
 */
export function useDecideClaim(claimId: string, lang: string, { onSuccess, onError }: { onSuccess: (body: PlatformDecision) => void; onError: (err: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PlatformDecision) => api<ClaimDetail>(`/api/claims/${claimId}/platform-decision`, { body }),
    onSuccess: async (res, body) => {
      queryClient.setQueryData(claimKeys.detail(claimId, lang), res);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: claimKeys.queue() }),
        queryClient.invalidateQueries({ queryKey: guaranteeKeys.fund() }),
      ]);
      onSuccess(body);
    },
    onError: (err) => { onError(err); void queryClient.invalidateQueries({ queryKey: claimKeys.claim(claimId) }); },
  });
}

/** The platform's review of a sampled automatic refund. */
export function useReviewClaim(claimId: string, lang: string, { onSuccess, onError }: { onSuccess: (outcome: ReviewOutcome) => void; onError: (err: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ outcome, note }: { outcome: ReviewOutcome; note: string }) => api<ClaimDetail>(`/api/claims/${claimId}/review`, { body: { outcome, note } }),
    onSuccess: async (res, { outcome }) => {
      queryClient.setQueryData(claimKeys.detail(claimId, lang), res);
      await queryClient.invalidateQueries({ queryKey: claimKeys.queue() });
      onSuccess(outcome);
    },
    onError,
  });
}
