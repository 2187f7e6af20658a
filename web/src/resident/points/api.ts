import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { pointsKeys } from '../../shared/query-keys';

export type MyPoints = components['schemas']['MyPoints'];
export type PointsService = components['schemas']['PointsService'];

export function useMyPoints(communityId: string | undefined) {
  return useQuery({ queryKey: pointsKeys.mine(communityId ?? ''), queryFn: () => api<MyPoints>(`/api/communities/${communityId}/points`), enabled: !!communityId });
}

export function usePointsServices() {
  return useQuery({ queryKey: pointsKeys.services(), queryFn: () => api<{ items: PointsService[] }>('/api/points/services') });
}

export function useRedeem(communityId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (serviceId: string) => api<{ available: number }>(`/api/communities/${communityId}/points/services/${serviceId}/redeem`, { body: { idempotencyKey: crypto.randomUUID() } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: pointsKeys.mine(communityId) }),
  });
}
