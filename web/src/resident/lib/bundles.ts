import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { BasketView } from '../../shared/types';
import { basketKeys } from '../../shared/query-keys';

/** Sets how many of a bundle are in her basket (0 takes it out); the answer is the whole basket. */
export function useSetBasketBundle(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ offerId, quantity }: { offerId: string; quantity: number }) =>
      api<BasketView>(`/api/communities/${communityId}/basket/bundles/${offerId}`, { method: 'PUT', body: { quantity } }),
    onSuccess: (basket) => queryClient.setQueryData(basketKeys.of(communityId), basket),
    onError: () => { void queryClient.invalidateQueries({ queryKey: basketKeys.of(communityId) }); },
  });
}

export const bundlesInBasket = (basket: BasketView | undefined, offerId: string) =>
  basket?.bundles.find((b) => b.offerId === offerId)?.quantity ?? 0;
