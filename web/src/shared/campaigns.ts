import { useQuery } from '@tanstack/react-query';
import type { components } from './api-types';
import { api } from './api';

type Schemas = components['schemas'];
export type Campaign = Schemas['Campaign'];
export type ConsoleCampaign = Schemas['ConsoleCampaign'];
export type CampaignDetail = Schemas['CampaignDetail'];
export type CampaignDetailProduct = CampaignDetail['products'][number];
export type CampaignStandard = Schemas['CampaignStandard'];
export type CampaignEnrolment = Schemas['CampaignEnrolment'];
export type CampaignCandidate = Schemas['CampaignCandidate'];
export type CampaignBadge = Schemas['CampaignBadges']['badges'][number];
export type LeaderCampaign = Schemas['LeaderCampaign'];

export const campaignKeys = {
  all: ['campaigns'] as const,
  /** GET /api/campaigns (public) */
  list: (page: number) => [...campaignKeys.all, 'list', page] as const,
  /** GET /api/campaigns/:slug */
  detail: (slug: string, communityId?: string) => [...campaignKeys.all, 'detail', slug, communityId ?? ''] as const,
  /** GET /api/campaigns/badges?productIds=… */
  badges: (ids: string[]) => [...campaignKeys.all, 'badges', [...ids].sort().join(',')] as const,
  /** GET /api/leader/campaigns */
  leader: (communityId: string) => [...campaignKeys.all, 'leader', communityId] as const,
  /** GET /api/console/campaigns */
  console: () => [...campaignKeys.all, 'console'] as const,
  enrolments: (id: string) => [...campaignKeys.all, 'enrolments', id] as const,
  candidates: (id: string, q: string) => [...campaignKeys.all, 'candidates', id, q] as const,
};

/** The campaign badges these products carry now (public; one request for a whole page). */
export function useCampaignBadges(productIds: string[]) {
  const ids = [...new Set(productIds)].sort();
  return useQuery({
    queryKey: campaignKeys.badges(ids),
    queryFn: () => api<{ items: Schemas['CampaignBadges'][] }>(`/api/campaigns/badges?productIds=${ids.join(',')}`),
    enabled: ids.length > 0,
    staleTime: 60_000,
    select: (d) => new Map(d.items.map((i) => [i.productId, i.badges])),
  });
}

/** '2026-12-01' → '12月1日' / 'Dec 1'. */
export function campaignDay(day: string, en: boolean) {
  return new Intl.DateTimeFormat(en ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric' }).format(new Date(`${day}T00:00:00+08:00`));
}
