import { useEffect } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, postForm } from '../api';
import type { components } from '../api-types';
import { messageKeys, noticeKeys } from '../query-keys';

export type Conversation = components['schemas']['Conversation'];
export type DirectMessage = components['schemas']['DirectMessage'];
export type MessageOrderContext = components['schemas']['MessageOrderContext'];
export type MessageSent = components['schemas']['MessageSent'];
export type MessageInbox = components['schemas']['MessageInbox'];

/** Where a conversation is read: hers by community (she may not have one yet), or one by id (leaders). */
export type ConversationSource = { kind: 'mine'; communityId: string } | { kind: 'id'; conversationId: string };

const keyOf = (s: ConversationSource) => (s.kind === 'mine' ? messageKeys.mine(s.communityId) : messageKeys.conversation(s.conversationId));
const urlOf = (s: ConversationSource, before?: string) =>
  `${s.kind === 'mine' ? `/api/communities/${s.communityId}/conversation` : `/api/conversations/${s.conversationId}`}${before ? `?before=${before}` : ''}`;

/**
 * A conversation, newest page first in the cache; `fetchNextPage` loads older messages. The thread
 * shows them oldest first. Polled gently so an answer appears without reloading.
 */
export function useConversation(source: ConversationSource) {
  const query = useInfiniteQuery({
    queryKey: keyOf(source),
    queryFn: ({ pageParam }) => api<Conversation>(urlOf(source, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.hasMore ? last.messages[0]?.id : undefined),
    refetchInterval: 15_000,
  });
  const pages = query.data?.pages ?? [];
  const latest = pages[0];
  const messages = [...pages].reverse().flatMap((p) => p.messages);
  const orders = new Map(pages.flatMap((p) => p.orders).map((o) => [o.id, o]));
  return { query, latest, messages, orders };
}

/** Opening a conversation with unread messages reads them (for the viewer's side). */
export function useMarkRead(conversation: Conversation | undefined, inboxCommunityId?: string) {
  const queryClient = useQueryClient();
  const id = conversation?.id;
  const unread = conversation?.unread ?? 0;
  useEffect(() => {
    if (!id || unread === 0 || conversation?.side === 'operator') return;
    void api(`/api/conversations/${id}/read`, { method: 'POST' }).then(() => {
      void queryClient.invalidateQueries({ queryKey: noticeKeys.all });
      if (inboxCommunityId) void queryClient.invalidateQueries({ queryKey: messageKeys.inbox(inboxCommunityId) });
    });
  }, [id, unread, conversation?.side, inboxCommunityId, queryClient]);
}

/** Sends text (and photos, and an order) to the leaders, or into a conversation by id. */
export function useSendMessage(source: ConversationSource, inboxCommunityId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, photos, orderId }: { body: string; photos: File[]; orderId?: string | null }) => {
      const url = source.kind === 'mine' ? `/api/communities/${source.communityId}/conversation/messages` : `/api/conversations/${source.conversationId}/messages`;
      const payload = { body, ...(orderId ? { orderId } : {}) };
      if (photos.length === 0) return api<MessageSent>(url, { body: payload });
      const form = new FormData();
      form.append('payload', JSON.stringify(payload));
      for (const f of photos) form.append('photos', f, f.name);
      return postForm<MessageSent>(url, form);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keyOf(source) });
      if (inboxCommunityId) void queryClient.invalidateQueries({ queryKey: messageKeys.inbox(inboxCommunityId) });
    },
  });
}

/** The leaders' inbox (page by page), with the unread total for the badge. */
export function useInbox(communityId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: messageKeys.inbox(communityId),
    queryFn: ({ pageParam }) => api<MessageInbox>(`/api/communities/${communityId}/inbox?page=${pageParam}`),
    initialPageParam: 1,
    getNextPageParam: (last, all) => (last.hasMore ? all.length + 1 : undefined),
    refetchInterval: 30_000,
    enabled,
  });
}
