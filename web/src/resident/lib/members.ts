import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { memberKeys } from '../../shared/query-keys';

/** Her name and 门牌 in one community (GET /api/communities/:id/me). */
export type MyMembership = components['schemas']['MyMembership'];

export function useMyMembership(communityId: string | undefined) {
  return useQuery({
    queryKey: memberKeys.mine(communityId ?? ''),
    queryFn: () => api<MyMembership>(`/api/communities/${communityId}/me`),
    enabled: !!communityId,
  });
}

export function useUpdateMyMembership(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { displayName: string; doorNumber: string }) => api<MyMembership>(`/api/communities/${communityId}/me`, { method: 'PATCH', body }),
    onSuccess: (data) => queryClient.setQueryData(memberKeys.mine(communityId), data),
  });
}

/** Seven digits or more in a row reads as a phone number (the server says the same). */
export const looksLikePhone = (s: string) => /\d{7,}/.test(s.replace(/[\s\-.()（）]/g, ''));

/** The client-side check of a name and 门牌, with the server's limits; `null` when fine. */
export function memberFieldErrors(v: { displayName: string; doorNumber: string }, limits: { displayNameMax: number; doorNumberMax: number }) {
  const name = v.displayName.trim();
  const door = v.doorNumber.trim();
  return {
    displayName: !name ? 'required' : Array.from(name).length > limits.displayNameMax ? 'tooLong' : looksLikePhone(name) ? 'noPhone' : null,
    doorNumber: Array.from(door).length > limits.doorNumberMax ? 'tooLong' : looksLikePhone(door) ? 'noPhone' : null,
  } as const;
}
