import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { NpsReport } from '../../shared/types';
import type { ConsoleCommunity, ConsoleProduct } from '../types';
import { addMonths, monthStart, type DrillKind, type LeaderRow, type MonthRow } from '../trustData';
import { communityKeys, metricsKeys, productKeys, trustKeys } from '../../shared/query-keys';

export type NpsSubject = 'leader' | 'platform' | 'product';
export const DRILL_KINDS: DrillKind[] = ['community', 'leader', 'product'];
/** Whom the NPS card can ask about in each slice: a community's leaders or the platform; the leader; the product. */
export const NPS_SUBJECTS: Record<DrillKind, NpsSubject[]> = { community: ['leader', 'platform'], leader: ['leader'], product: ['product'] };

/** `name` is how the slice is named in sentences and the export; `label` is what the select lists. */
export interface ScopeOption { value: string; label: string; name: string; search: string }

/**
 * The slices the dashboard can show — every community or one, a leader, a product — and the one
 * chosen by `rawId` (from the address). A leader of two communities is listed once.
 */
export function useDashboardScope(by: DrillKind, rawId: string | null) {
  const { t } = useTranslation('trust');
  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: ConsoleCommunity[] }>('/api/communities') });
  const leaders = useQuery({ queryKey: trustKeys.leaders(), queryFn: () => api<{ items: LeaderRow[] }>('/api/leaders/trust-index') });
  const products = useQuery({
    queryKey: productKeys.list(), queryFn: () => api<{ items: ConsoleProduct[] }>('/api/products'), enabled: by === 'product',
  });

  const scopeOptions = useMemo<ScopeOption[]>(() => {
    if (by === 'community') {
      return [{ value: 'all', label: t('dashboard.allCommunities'), name: t('dashboard.allCommunities'), search: '' },
        ...(communities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name, name: c.name, search: c.name }))];
    }
    if (by === 'leader') {
      const byLeader = new Map<string, { name: string; communities: string[] }>();
      for (const l of leaders.data?.items ?? []) {
        const e = byLeader.get(l.leaderId) ?? { name: l.leaderName, communities: [] };
        e.communities.push(l.communityName);
        byLeader.set(l.leaderId, e);
      }
      return [...byLeader].map(([id, e]) => ({
        value: id, label: `${e.name} · ${e.communities.join('、')}`, name: `${e.name}（${e.communities.join('、')}）`, search: `${e.name} ${e.communities.join(' ')}`,
      }));
    }
    return (products.data?.items ?? []).map((p) => ({
      value: p.id, label: p.active ? `${p.name} · ${p.spec}` : `${p.name} · ${p.spec}（${t('dashboard.productOff')}）`, name: p.name, search: `${p.name} ${p.spec} ${p.origin}`,
    }));
  }, [by, communities.data, leaders.data, products.data, t]);
  const optionsPending = by === 'community' ? communities.isPending : by === 'leader' ? leaders.isPending : products.isPending;
  // Without a choice (or with one that no longer exists) a leader or product slice starts at the first of the list.
  const scopeId = by === 'community'
    ? (rawId && (communities.isPending || scopeOptions.some((o) => o.value === rawId)) ? rawId : 'all')
    : (rawId && (optionsPending || scopeOptions.some((o) => o.value === rawId)) ? rawId : scopeOptions[0]?.value ?? null);
  const scopeLabel = scopeOptions.find((o) => o.value === scopeId)?.name ?? '';
  return { leaders, scopeOptions, optionsPending, scopeId, scopeLabel };
}

/** One slice's months (GET /api/metrics/monthly) and NPS over the months `from`–`to` (YYYY-MM). */
export function useDashboardMeasures({ by, scopeId, from, to, npsSubject }: {
  by: DrillKind; scopeId: string | null; from: string; to: string; npsSubject: NpsSubject;
}) {
  const period = `from=${encodeURIComponent(monthStart(from))}&to=${encodeURIComponent(monthStart(addMonths(to, 1)))}`;
  const ready = by === 'community' || !!scopeId;
  const filter = by === 'community' ? (scopeId === 'all' ? '' : `&communityId=${scopeId}`)
    : by === 'leader' ? `&leaderId=${scopeId}` : `&productId=${scopeId}`;
  const npsFilter = by === 'community' ? filter : `&subjectId=${scopeId}`;
  const monthly = useQuery({
    queryKey: metricsKeys.monthly(by, scopeId, from, to),
    queryFn: () => api<{ items: MonthRow[] }>(`/api/metrics/monthly?${period}${filter}`),
    enabled: ready,
  });
  const nps = useQuery({
    queryKey: metricsKeys.nps(npsSubject, by, scopeId, from, to),
    queryFn: () => api<NpsReport>(`/api/metrics/nps?subjectType=${npsSubject}&${period}${npsFilter}`),
    enabled: ready,
  });
  return { ready, monthly, nps };
}

/** Recomputes a leader's trust index now; the leaders list and his history refresh. */
export function useRecomputeLeaderIndex({ onSuccess, onError }: { onSuccess: (value: number, l: LeaderRow) => void; onError: (err: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (l: LeaderRow) => api<{ indexValue: number }>(`/api/leaders/${l.leaderId}/trust-index/recompute`, { method: 'POST' }),
    onSuccess: async (res, l) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trustKeys.leaders() }),
        queryClient.invalidateQueries({ queryKey: trustKeys.leaderIndex(l.leaderId) }),
      ]);
      onSuccess(res.indexValue, l);
    },
    onError,
  });
}
