import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { CatalogProduct, Endorsement } from '../../shared/types';
import { postForm } from '../lib';
import { leaderKeys, productKeys } from '../../shared/query-keys';

/** The community's endorsements (active and withdrawn), newest first. */
export function useEndorsements(communityId: string, enabled = true) {
  return useQuery({
    queryKey: leaderKeys.endorsements(communityId),
    queryFn: () => api<{ items: Endorsement[] }>(`/api/communities/${communityId}/endorsements`),
    enabled,
  });
}

export function useProducts() {
  return useQuery({ queryKey: productKeys.list(), queryFn: () => api<{ items: CatalogProduct[] }>('/api/products') });
}

interface Callbacks { onSuccess: () => void; onError: (err: Error) => void }

/** Records his trial of a product (multipart: productId, rating, story, photos); the community's endorsements refresh. */
export function useRecordTrial(communityId: string, { onSuccess, onError }: Callbacks) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) => postForm<Endorsement>(`/api/communities/${communityId}/endorsements`, form),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: leaderKeys.endorsements(communityId) });
      onSuccess();
    },
    onError,
  });
}

/** Withdraws an endorsement, with the reason residents will read. */
export function useWithdrawEndorsement(communityId: string, { onSuccess, onError }: Callbacks) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { id: string; reason: string }) => api<Endorsement>(`/api/endorsements/${vars.id}/withdraw`, { body: { reason: vars.reason } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: leaderKeys.endorsements(communityId) });
      onSuccess();
    },
    onError,
  });
}
