import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { AwaitingHandover, Page, PickupCodeView, PickupPass, PickupPassCreated } from '../../shared/types';
import { claimKeys, handoverKeys, orderKeys, pickupKeys } from '../../shared/query-keys';

/** Ask again this long before the code expires, so the one on screen is always valid. */
const REFRESH_EARLY_MS = 4_000;

/**
 * When the code on screen stops being valid, by this phone's clock: the server's expiresAt, kept
 * within one step of when it arrived so a phone clock that is off cannot make it loop or go stale.
 */
export function codeDeadline(d: Pick<PickupCodeView, 'expiresAt' | 'stepSeconds'>, receivedAt: number) {
  const step = Math.max(10, d.stepSeconds || 60) * 1000;
  const left = new Date(d.expiresAt).getTime() - receivedAt;
  return receivedAt + Math.min(step, Math.max(5_000, Number.isFinite(left) ? left : step));
}

/**
 * GET /api/communities/:id/pickup-code, fetched again just before it expires (it changes every minute),
 * and not kept in the cache after she leaves the page.
 */
export function usePickupCode(communityId: string) {
  return useQuery({
    queryKey: pickupKeys.code(communityId),
    queryFn: () => api<PickupCodeView>(`/api/communities/${communityId}/pickup-code`),
    gcTime: 0,
    staleTime: 0,
    refetchOnWindowFocus: 'always',
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return q.state.status === 'error' ? 15_000 : false;
      return Math.max(1_000, codeDeadline(d, q.state.dataUpdatedAt) - Date.now() - REFRESH_EARLY_MS);
    },
    refetchIntervalInBackground: false,
  });
}

export function usePickupPasses(communityId: string) {
  return useQuery({
    queryKey: pickupKeys.passes(communityId),
    queryFn: () => api<{ items: PickupPass[] }>(`/api/communities/${communityId}/pickup-passes`),
  });
}

export function useCreatePass(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (collector: string) =>
      api<PickupPassCreated>(`/api/communities/${communityId}/pickup-passes`, { body: { collector: collector.trim() || undefined } }),
    onSettled: () => { void queryClient.invalidateQueries({ queryKey: pickupKeys.passes(communityId) }); },
  });
}

export function useRevokePass(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passId: string) => api<{ ok: true }>(`/api/pickup-passes/${passId}/revoke`, { method: 'POST' }),
    onSettled: () => { void queryClient.invalidateQueries({ queryKey: pickupKeys.passes(communityId) }); },
  });
}

/** A pass still usable: not revoked, not used, not expired. */
export const passActive = (p: PickupPass, now = Date.now()) => !p.revokedAt && !p.usedAt && new Date(p.expiresAt).getTime() > now;

export function useAwaitingHandovers(enabled = true) {
  return useQuery({
    queryKey: handoverKeys.awaiting(),
    queryFn: () => api<Page<AwaitingHandover> | { items: AwaitingHandover[] }>('/api/me/handovers?status=awaiting_confirmation'),
    select: (d) => d.items,
    enabled,
    staleTime: 15_000,
  });
}

function useHandoverSettled() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: handoverKeys.all });
    void queryClient.invalidateQueries({ queryKey: orderKeys.all });
  };
}

export function useConfirmHandover() {
  const settled = useHandoverSettled();
  return useMutation({
    mutationFn: (id: string) => api<unknown>(`/api/handovers/${id}/confirm`, { method: 'POST' }),
    onSettled: settled,
  });
}

export function useDisputeHandover() {
  const settled = useHandoverSettled();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api<{ handover: unknown; claimIds: string[] }>(`/api/handovers/${id}/dispute`, { body: { reason } }),
    onSettled: () => {
      settled();
      void queryClient.invalidateQueries({ queryKey: claimKeys.all });
    },
  });
}
