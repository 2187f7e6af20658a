import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import type { components } from './api-types';
import { storyKeys } from './query-keys';

/** KOC stories: residents' posts about campaign products, shown on the campaign page with their consent. */
export type StoryPage = components['schemas']['StoryPage'];
export type PublicStory = components['schemas']['PublicStory'];
export type StoryCandidates = components['schemas']['StoryCandidates'];
export type MyStory = components['schemas']['MyStory'];
export type StoryStatus = MyStory['status'];
type Product = { id: string; name: string };


export function useCampaignStories(slug: string) {
  return useInfiniteQuery({
    queryKey: storyKeys.page(slug),
    queryFn: ({ pageParam }) => api<StoryPage>(`/api/campaigns/${encodeURIComponent(slug)}/stories?page=${pageParam}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.hasMore ? last.page + 1 : undefined),
  });
}

export function useStoryCandidates(communityId: string, slug: string) {
  return useQuery({ queryKey: storyKeys.candidates(communityId, slug), queryFn: () => api<StoryCandidates>(`/api/communities/${communityId}/campaigns/${encodeURIComponent(slug)}/story-candidates`) });
}

export function useNominate(communityId: string, slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { campaignId: string; postId: string }) => api<{ id: string; status: StoryStatus }>('/api/campaign-stories', { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: storyKeys.candidates(communityId, slug) }),
  });
}

export function useMyStory(id: string) {
  return useQuery({ queryKey: storyKeys.mine(id), queryFn: () => api<MyStory>(`/api/campaign-stories/${id}`) });
}

export function useMyPostStories(postId: string, enabled: boolean) {
  return useQuery({ queryKey: storyKeys.ofPost(postId), queryFn: () => api<{ items: MyStory[] }>(`/api/posts/${postId}/my-stories`).then((r) => r.items), enabled });
}

export function useAnswerStory() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: 'accept' | 'decline' | 'withdraw' }) => api<{ id: string; status: StoryStatus }>(`/api/campaign-stories/${id}/answer`, { body: { answer } }),
    onSettled: () => qc.invalidateQueries({ queryKey: storyKeys.all }),
  });
}

export function useTaggableProducts(enabled: boolean) {
  return useQuery({ queryKey: storyKeys.taggable(), queryFn: () => api<{ items: Product[] }>('/api/my/taggable-products').then((r) => r.items), enabled });
}

export function useTagProduct(postId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (productId: string) => api<{ postId: string; productIds: string[] }>(`/api/posts/${postId}/products`, { body: { productId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: storyKeys.all }),
  });
}
