import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { postKinds } from '../modules/feed/index.js';

/** Response shapes of the feed routes (posts, comments, polls, moderation), as the service returns them. */

export const feedAuthor = z.object({ id: z.uuid(), name: z.string(), isLeader: z.boolean() }).meta({ id: 'FeedAuthor' });

/** A poll's state; option counts only once the viewer voted, the poll closed, or for moderators. */
export const feedPoll = z.object({
  multiple: z.boolean(),
  closesAt: instant.nullable(),
  closed: z.boolean(),
  voters: z.int(),
  /** The viewer's ballot; null before voting. */
  myChoice: z.array(z.uuid()).nullable(),
  options: z.array(z.object({ id: z.uuid(), label: z.string(), votes: z.int().nullable() })),
}).meta({ id: 'FeedPoll' });

/** A post as lists show it (topic entries and open questions carry no viewer fields). */
export const feedPostBase = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  kind: z.enum(postKinds),
  title: z.string(),
  body: z.string(),
  /** Image URLs. */
  images: z.array(z.string()),
  groupBuyId: z.uuid().nullable(),
  parentId: z.uuid().nullable(),
  mentionsLeader: z.boolean(),
  helpfulCommentId: z.uuid().nullable(),
  pinned: z.boolean(),
  hidden: z.boolean(),
  /** For moderators, and for everyone once hidden. */
  hiddenReason: z.string().nullable(),
  author: feedAuthor,
  commentCount: z.int(),
  reactionCount: z.int(),
  createdAt: instant,
  lastActivityAt: instant,
}).meta({ id: 'FeedPostBase' });

const viewerFields = {
  likedByMe: z.boolean(),
  /** Entries of a topic; null for other kinds. */
  entryCount: z.int().nullable(),
  poll: feedPoll.nullable(),
};

/** A post in the community's feed. */
export const feedPost = feedPostBase.extend(viewerFields).meta({ id: 'FeedPost' });

export const feedComment = z.object({
  id: z.uuid(),
  author: feedAuthor,
  /** Null when hidden, for everyone but moderators. */
  body: z.string().nullable(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  /** A leader's links, with the title, price and picture of what they point at (absent when it is gone). */
  links: z.array(z.object({
    type: z.enum(['group_buy', 'product']),
    id: z.uuid(),
    title: z.string().optional(),
    priceFen: z.int().nullable().optional(),
    imageUrl: z.string().nullable().optional(),
  })),
  images: z.array(z.string()),
  helpful: z.boolean(),
  createdAt: instant,
}).meta({ id: 'FeedComment' });

/** One post with its comments and, for a topic, its entries. */
export const feedPostDetail = feedPostBase.extend({
  ...viewerFields,
  mutedByMe: z.boolean(),
  canModerate: z.boolean(),
  comments: z.array(feedComment),
  entries: z.array(feedPostBase),
}).meta({ id: 'FeedPostDetail' });

export const feedPage = itemsOf(feedPost).extend({ hasMore: z.boolean() });

/** An open report in a moderation queue, with names instead of account ids. */
export const feedReport = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  targetType: z.enum(['post', 'comment']),
  targetId: z.uuid(),
  reason: z.string(),
  status: z.enum(['open', 'hidden', 'dismissed']),
  resolvedAt: instant.nullable(),
  createdAt: instant,
  excerpt: z.string(),
  /** The post reported, or the post of the comment reported; null when it is gone. */
  postId: z.uuid().nullable(),
  reporterName: z.string(),
  authorName: z.string(),
}).meta({ id: 'FeedReport' });

export const hidden = z.object({ id: z.uuid(), hidden: z.literal(true) });
export const reportResolution = z.union([hidden, z.object({ id: z.uuid(), dismissed: z.literal(true) })]);
export const reportFiled = z.object({ id: z.uuid(), status: z.enum(['open', 'hidden', 'dismissed']) });
export const reaction = z.object({ liked: z.boolean(), reactionCount: z.int() });
export const pinned = z.object({ id: z.uuid(), pinned: z.boolean() });
export const muted = z.object({ postId: z.uuid(), muted: z.boolean() });
export const helpful = z.object({ questionId: z.uuid(), helpfulCommentId: z.uuid() });
export const reportList = itemsOf(feedReport);
export const questionList = itemsOf(feedPostBase);
