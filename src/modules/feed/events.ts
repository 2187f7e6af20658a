import type { PostKind } from './schema.js';

/** The events of the neighbourhood feed; resident tags read 'answer.marked_helpful' in SQL. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'post.published': { kind: PostKind; byLeader: boolean; parentId: string | null };
    'question.answered': { commentId: string; byLeader: boolean; askerId: string; links: number };
    'content.hidden': { targetType: 'post' | 'comment'; reason: string };
    'answer.marked_helpful': { questionId: string; answererId: string };
    'poll.voted': { options: number };
    'post.product_tagged': { productId: string };
    'story.nominated': { campaignId: string; postId: string };
    'story.answered': { answer: 'accept' | 'decline' | 'withdraw' };
    'story.removed': { reason: string };
  }
}
