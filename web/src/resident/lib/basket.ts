import { useRef } from 'react';
import { useMutation, useQuery, useQueryClient, type MutateOptions } from '@tanstack/react-query';
import { api, ApiError, newIdempotencyKey } from '../../shared/api';
import type { BasketLine, BasketView, CheckoutResult, ShortLine } from '../../shared/types';
import { basketKeys, groupBuyKeys, orderKeys } from '../../shared/query-keys';

export function useBasket(communityId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: basketKeys.of(communityId ?? ''),
    queryFn: () => api<BasketView>(`/api/communities/${communityId}/basket`),
    enabled: !!communityId && enabled,
    staleTime: 10_000,
  });
}

/** Sets one item's quantity in the basket (0 takes it out); the answer is the whole basket. */
export function useSetBasketQuantity(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, quantity }: { itemId: string; quantity: number }) =>
      api<BasketView>(`/api/communities/${communityId}/basket/items/${itemId}`, { method: 'PUT', body: { quantity } }),
    // The stepper moves at once; the server's answer (or a refusal) puts the truth back.
    onMutate: async ({ itemId, quantity }) => {
      await queryClient.cancelQueries({ queryKey: basketKeys.of(communityId) });
      const before = queryClient.getQueryData<BasketView>(basketKeys.of(communityId));
      if (before && before.lines.some((l) => l.itemId === itemId)) {
        const lines = before.lines
          .map((l) => (l.itemId === itemId ? { ...l, quantity, lineTotalFen: l.priceFen * quantity } : l))
          .filter((l) => l.quantity > 0);
        queryClient.setQueryData<BasketView>(basketKeys.of(communityId), {
          lines, bundles: before.bundles,
          totalFen: lines.reduce((s, l) => s + l.lineTotalFen, 0) + before.bundles.reduce((s, b) => s + b.lineTotalFen, 0),
          count: lines.reduce((s, l) => s + l.quantity, 0) + before.bundles.reduce((s, b) => s + b.quantity, 0),
        });
      }
      return { before };
    },
    onSuccess: (basket) => queryClient.setQueryData(basketKeys.of(communityId), basket),
    onError: (_err, _vars, ctx) => {
      if (ctx?.before) queryClient.setQueryData(basketKeys.of(communityId), ctx.before);
      void queryClient.invalidateQueries({ queryKey: basketKeys.of(communityId) });
    },
  });
}

export function useClearBasket(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<BasketView>(`/api/communities/${communityId}/basket`, { method: 'DELETE' }),
    onSuccess: (basket) => queryClient.setQueryData(basketKeys.of(communityId), basket),
  });
}

/** The quantity of one item already in the basket. */
export const quantityInBasket = (basket: BasketView | undefined, itemId: string) =>
  basket?.lines.find((l) => l.itemId === itemId)?.quantity ?? 0;

/** Lines grouped by their group buy, in the basket's order. */
export function groupLines(lines: BasketLine[]) {
  const groups: { groupBuyId: string; title: string; cutoffAt: string; pickupStartAt: string; pickupEndAt: string; lines: BasketLine[] }[] = [];
  for (const l of lines) {
    let g = groups.find((x) => x.groupBuyId === l.groupBuyId);
    if (!g) {
      g = { groupBuyId: l.groupBuyId, title: l.title, cutoffAt: l.cutoffAt, pickupStartAt: l.pickupStartAt, pickupEndAt: l.pickupEndAt, lines: [] };
      groups.push(g);
    }
    g.lines.push(l);
  }
  return groups;
}

/**
 * The one-tap fix for a line with a problem: how many she can have now (0 = take it out).
 * Null when the line is fine.
 */
/** The quantity that fixes a line's problem (0: remove it; null: nothing to fix). Items and bundles alike. */
export function fixFor(line: Pick<BasketLine, 'available' | 'quantity'> & { problem: string | null }): number | null {
  if (!line.problem) return null;
  if (line.problem === 'short' || line.problem === 'over_limit') return Math.max(0, Math.min(line.available, line.quantity));
  return 0;
}

export const isShortError = (err: unknown): err is ApiError & { details: { lines: ShortLine[] } } =>
  err instanceof ApiError && err.code === 'order.lines_short' && Array.isArray((err.details as unknown as { lines?: unknown }).lines);

export const shortLinesOf = (err: unknown): ShortLine[] => (isShortError(err) ? err.details.lines : []);

/** Where she gets it: a pickup point, or her door (area, 门牌, slot). */
export type FulfilmentChoice = { pickupPointId?: string; delivery?: { area: string; address: string; slot: string } };
type CheckoutInput = { note: string; lines?: { itemId: string; quantity: number }[]; choice?: FulfilmentChoice; /** Points to pay with (the checkout page's 积分 toggle). */ points?: number };

const attemptStore = (communityId: string) => `linli.checkout.${communityId}`;

/**
 * POST /api/communities/:id/checkout with one idempotency key per attempt: a double tap, a retry after a
 * network error, or a reload during the request reuses the key (kept in sessionStorage with what was
 * asked), so the server answers with the same order instead of a second one. The key is dropped once
 * the server has answered — with an order, or with a refusal that took nothing.
 */
export function useCheckout(communityId: string) {
  const queryClient = useQueryClient();
  const memory = useRef<{ key: string; fingerprint: string } | null>(null);
  // A double tap lands twice in the same render, before isPending flips: this guard is synchronous.
  const inFlight = useRef(false);

  const keyFor = (fingerprint: string) => {
    let saved = memory.current;
    if (!saved) {
      try {
        const raw = sessionStorage.getItem(attemptStore(communityId));
        saved = raw ? (JSON.parse(raw) as { key: string; fingerprint: string }) : null;
      } catch { saved = null; }
    }
    if (!saved || saved.fingerprint !== fingerprint) saved = { key: newIdempotencyKey(), fingerprint };
    memory.current = saved;
    try { sessionStorage.setItem(attemptStore(communityId), JSON.stringify(saved)); } catch { /* private mode */ }
    return saved.key;
  };
  const forget = () => {
    memory.current = null;
    try { sessionStorage.removeItem(attemptStore(communityId)); } catch { /* private mode */ }
  };

  const mutation = useMutation({
    mutationFn: (input: CheckoutInput & { fingerprint: string }) =>
      api<CheckoutResult>(`/api/communities/${communityId}/checkout`, {
        body: { idempotencyKey: keyFor(input.fingerprint), note: input.note.trim() || undefined, lines: input.lines, ...(input.choice ?? {}), ...(input.points ? { points: input.points } : {}) },
      }),
    onSuccess: () => {
      forget();
      void queryClient.invalidateQueries({ queryKey: basketKeys.of(communityId) });
      void queryClient.invalidateQueries({ queryKey: orderKeys.list() });
      void queryClient.invalidateQueries({ queryKey: groupBuyKeys.all });
    },
    onError: (err) => {
      // A refusal (4xx) took nothing: the next attempt is a new one. Network or server trouble keeps the key.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) forget();
      void queryClient.invalidateQueries({ queryKey: basketKeys.of(communityId) });
    },
  });

  return {
    ...mutation,
    checkout: (input: CheckoutInput, basket: BasketView, opts?: MutateOptions<CheckoutResult, Error, CheckoutInput & { fingerprint: string }>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const fingerprint = JSON.stringify([input.note.trim(), input.choice ?? null, input.points ?? 0, (input.lines ?? basket.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity }))).map((l) => `${l.itemId}:${l.quantity}`).sort(), basket.bundles.map((b) => `${b.offerId}:${b.quantity}`).sort()]);
      mutation.mutate({ ...input, fingerprint }, { ...opts, onSettled: (...a) => { inFlight.current = false; opts?.onSettled?.(...a); } });
    },
  };
}

/**
 * 「立即购买」 one item: POST /api/group-buys/:id/orders with one key per attempt (same item and
 * quantity → same key until the server has answered), so a double tap never makes two orders.
 */
export function useBuyNow(groupBuyId: string) {
  const queryClient = useQueryClient();
  const attempt = useRef<{ key: string; fingerprint: string } | null>(null);
  const inFlight = useRef(false);
  const mutation = useMutation({
    mutationFn: (input: { itemId: string; quantity: number; key: string }) =>
      api<CheckoutResult>(`/api/group-buys/${groupBuyId}/orders`, { body: { itemId: input.itemId, quantity: input.quantity, idempotencyKey: input.key } }),
    onSuccess: () => {
      attempt.current = null;
      void queryClient.invalidateQueries({ queryKey: orderKeys.list() });
      void queryClient.invalidateQueries({ queryKey: groupBuyKeys.all });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) attempt.current = null;
    },
  });
  return {
    ...mutation,
    buy: (itemId: string, quantity: number, opts?: MutateOptions<CheckoutResult, Error, { itemId: string; quantity: number; key: string }>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const fingerprint = `${itemId}:${quantity}`;
      if (!attempt.current || attempt.current.fingerprint !== fingerprint) attempt.current = { key: newIdempotencyKey(), fingerprint };
      mutation.mutate({ itemId, quantity, key: attempt.current.key }, { ...opts, onSettled: (...a) => { inFlight.current = false; opts?.onSettled?.(...a); } });
    },
  };
}
