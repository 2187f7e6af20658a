import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { LeaderTrustIndex, MonthlyMeasures, NpsReport } from '../../shared/types';
import { zonedParts, zonedToInstant } from '../lib';
import { metricsKeys, trustKeys } from '../../shared/query-keys';

export const MONTHS_SHOWN = 6;
/** "YYYY-MM" of the last `n` months, oldest first, in the community's zone, with the instants they span. */
export function lastMonths(now: Date, timeZone: string, n: number) {
  const p = zonedParts(now, timeZone);
  const key = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;
  const months: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(p.year, p.month - 1 - i, 1));
    months.push(key(d.getUTCFullYear(), d.getUTCMonth() + 1));
  }
  const next = new Date(Date.UTC(p.year, p.month, 1));
  const from = zonedToInstant(`${months[0]}-01`, '00:00', timeZone) ?? new Date(`${months[0]}-01T00:00:00Z`);
  const nextKey = key(next.getUTCFullYear(), next.getUTCMonth() + 1);
  const to = zonedToInstant(`${nextKey}-01`, '00:00', timeZone) ?? new Date(`${nextKey}-01T00:00:00Z`);
  return { months, from, to };
}

/** His community's measures for the last six months (GET /api/metrics/monthly), one row per month with or without orders. */
export function useMonthlyMeasures(communityId: string, timeZone: string) {
  const { months, from, to } = lastMonths(new Date(), timeZone, MONTHS_SHOWN);
  return useQuery({
    queryKey: metricsKeys.leaderMonthly(communityId, months[0]),
    queryFn: async () => {
      const q = new URLSearchParams({ communityId, from: from.toISOString(), to: to.toISOString() });
      const { items } = await api<{ items: MonthlyMeasures[] }>(`/api/metrics/monthly?${q.toString()}`);
      return months.map((month) => ({ month, row: items.find((x) => x.month === month) ?? null }));
    },
    staleTime: 5 * 60_000,
  });
}

export type MonthlyQuery = ReturnType<typeof useMonthlyMeasures>;

/** His trust index: the latest reading, its history and the weights (GET /api/leaders/:id/trust-index). */
export function useLeaderTrustIndex(leaderId: string) {
  return useQuery({
    queryKey: trustKeys.leaderIndex(leaderId),
    queryFn: () => api<LeaderTrustIndex>(`/api/leaders/${leaderId}/trust-index`),
  });
}

/** His community's NPS about him. */
export function useLeaderNps(communityId: string) {
  return useQuery({
    queryKey: metricsKeys.leaderNps(communityId),
    queryFn: () => api<NpsReport>(`/api/metrics/nps?communityId=${communityId}&subjectType=leader`),
  });
}
