import { useMemo } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { ConsoleCommunity } from '../types';
import { communityKeys, trainingKeys } from '../../shared/query-keys';
import type { Honour, HonourGrant, HonoursResponse, LeaderFacts, RuleCheck } from '../training';

export interface LeaderOption { id: string; name: string; communities: { id: string; name: string }[] }
export type FactsOf = { id: string; name: string } | null;

/** Everyone who leads a community, with the communities he leads (from the operator's community list). */
export function useLeaders() {
  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: ConsoleCommunity[] }>('/api/communities') });
  const leaders = useMemo(() => {
    const byId = new Map<string, LeaderOption>();
    for (const c of communities.data?.items ?? []) {
      for (const l of c.leaders) {
        const row = byId.get(l.userId) ?? { id: l.userId, name: l.name, communities: [] };
        row.communities.push({ id: c.id, name: c.name });
        byId.set(l.userId, row);
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }, [communities.data]);
  return { leaders, loading: communities.isPending, error: communities.error };
}

/** What a caller does after a mutation (its list caches are already refreshed by then). */
interface Callbacks<T> { onSuccess: (data: T) => void | Promise<void>; onError: (err: Error) => void }

/** The honours and the facts rules may use (GET /api/console/honours), in the UI language. */
export function useHonours(lang: string) {
  return useQuery({ queryKey: trainingKeys.honoursList(lang), queryFn: () => api<HonoursResponse>('/api/console/honours') });
}

/** Every honours list and grant list is stale after any change to honours or grants. */
function useRefreshHonours() {
  const queryClient = useQueryClient();
  return (honourId?: string) => Promise.all([
    ...(honourId ? [queryClient.invalidateQueries({ queryKey: trainingKeys.grants(honourId) })] : []),
    queryClient.invalidateQueries({ queryKey: trainingKeys.honours() }),
  ]);
}

/** Turns an honour on or off. */
export function useToggleHonour({ onSuccess, onError }: Callbacks<Honour>) {
  const refresh = useRefreshHonours();
  return useMutation({
    mutationFn: (h: Honour) => api<Honour>(`/api/console/honours/${h.id}`, { method: 'PATCH', body: { active: !h.active } }),
    onSuccess: async (h) => { await refresh(); await onSuccess(h); },
    onError,
  });
}

/** Evaluates every rule now (as the daily job does). */
export function useEvaluateHonours({ onSuccess, onError }: Callbacks<{ honours: number; granted: number }>) {
  const refresh = useRefreshHonours();
  return useMutation({
    mutationFn: () => api<{ honours: number; granted: number }>('/api/console/honours/evaluate', { method: 'POST' }),
    onSuccess: async (r) => { await onSuccess(r); await refresh(); },
    onError,
  });
}

/** Creates an honour, or changes an existing one's description and rule (its name stays). */
export function useSaveHonour(honour: Honour | null, { onSuccess, onError }: Callbacks<Honour>) {
  const refresh = useRefreshHonours();
  return useMutation({
    mutationFn: (v: { name: string; description: string; rule: string | null }) => (honour
      ? api<Honour>(`/api/console/honours/${honour.id}`, { method: 'PATCH', body: { description: v.description, rule: v.rule } })
      : api<Honour>('/api/console/honours', { body: v })),
    onSuccess: async (h) => { await refresh(); await onSuccess(h); },
    onError,
  });
}

/** An honour's grants, standing first; `reason` comes in words for rule grants. */
export function useHonourGrants(honour: Honour | null, lang: string) {
  return useQuery({
    queryKey: trainingKeys.grants(honour?.id ?? null, lang), enabled: !!honour,
    queryFn: () => api<{ items: HonourGrant[] }>(`/api/console/honours/${honour!.id}/grants`),
  });
}

/** Grants an honour by hand, with a reason. */
export function useGrantHonour(honour: Honour, { onSuccess, onError }: Callbacks<HonourGrant>) {
  const refresh = useRefreshHonours();
  return useMutation({
    mutationFn: (v: { leaderId?: string; communityId: string | null; reason: string }) => api<HonourGrant>(`/api/console/honours/${honour.id}/grants`, { body: v }),
    onSuccess: async (g) => { await refresh(honour.id); await onSuccess(g); },
    onError,
  });
}

/** Revokes a grant, with a reason. */
export function useRevokeGrant(grant: HonourGrant | null, honour: Honour, { onSuccess, onError }: Callbacks<HonourGrant>) {
  const refresh = useRefreshHonours();
  return useMutation({
    mutationFn: (reason: string) => api<HonourGrant>(`/api/console/honour-grants/${grant!.id}/revoke`, { body: { reason } }),
    onSuccess: async (g) => { await refresh(honour.id); await onSuccess(g); },
    onError,
  });
}

/** A leader's facts as rules read them, and (with the honour's rule) whether he meets it now. */
export function useLeaderFacts(leader: FactsOf, honour: Honour, lang: string) {
  return useQuery({
    queryKey: trainingKeys.leaderFacts(leader?.id, honour.id, lang), enabled: !!leader,
    queryFn: () => api<{ leaderId: string; facts: LeaderFacts; check: RuleCheck | null }>(`/api/console/leaders/${leader!.id}/facts?honourId=${honour.id}`),
  });
}
