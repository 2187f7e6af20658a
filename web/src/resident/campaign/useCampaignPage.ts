import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { campaignKeys, type CampaignDetail } from '../../shared/campaigns';

/**
 * The campaign page's data. Public; for a signed-in resident it also asks, for her (first) home
 * community, which open group buys sell each product.
 */
export function useCampaignPage(slug: string) {
  const me = useMe();
  const communityId = me.data?.communities.find((c) => c.role === 'resident')?.id ?? me.data?.communities[0]?.id;
  const query = useQuery({
    queryKey: campaignKeys.detail(slug, communityId),
    queryFn: () => api<CampaignDetail>(`/api/campaigns/${encodeURIComponent(slug)}${communityId ? `?communityId=${communityId}` : ''}`),
    enabled: !me.isPending,
  });
  return { ...query, communityId, signedIn: !!me.data };
}
