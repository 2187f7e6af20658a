import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, jsonb, boolean, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * What a community talks about: the leader's articles and notices, residents' questions, topics
 * (challenges) and their photo entries, polls. Text is stored as typed (plain text, never HTML)
 * and always rendered as text, so markup in it stays inert.
 */
export const postKinds = ['knowledge', 'tip', 'notice', 'arrival', 'recommendation', 'question', 'topic', 'topic_entry', 'poll'] as const;
export type PostKind = (typeof postKinds)[number];
/** Kinds only the leader publishes (residents ask questions, join topics and comment). */
export const LEADER_KINDS: PostKind[] = ['knowledge', 'tip', 'notice', 'arrival', 'recommendation', 'topic', 'poll'];

export const posts = pgTable('posts', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  authorId: uuid('author_id').notNull(),
  kind: text('kind', { enum: postKinds }).notNull(),
  title: text('title').notNull().default(''),
  body: text('body').notNull(),
  imageFileIds: jsonb('image_file_ids').$type<string[]>().notNull().default([]),
  /** A recommendation links a group buy; an answer may too (see comments). */
  groupBuyId: uuid('group_buy_id'),
  /** A topic entry belongs to its topic. */
  parentId: uuid('parent_id'),
  /** A question that @mentions the community's leader. */
  mentionsLeader: boolean('mentions_leader').notNull().default(false),
  /** The answer the asker found helpful. */
  helpfulCommentId: uuid('helpful_comment_id'),
  pollMultiple: boolean('poll_multiple').notNull().default(false),
  pollClosesAt: timestamp('poll_closes_at', { withTimezone: true }),
  pinnedAt: timestamp('pinned_at', { withTimezone: true }),
  hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  hiddenReason: text('hidden_reason'),
  hiddenBy: uuid('hidden_by'),
  commentCount: integer('comment_count').notNull().default(0),
  reactionCount: integer('reaction_count').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('posts_community_idx').on(t.communityId, t.pinnedAt, t.lastActivityAt),
  index('posts_author_idx').on(t.authorId, t.createdAt),
  index('posts_parent_idx').on(t.parentId),
  index('posts_open_questions_idx').on(t.communityId, t.createdAt).where(sql`kind = 'question' and helpful_comment_id is null`),
]);

export const comments = pgTable('comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  postId: uuid('post_id').notNull().references(() => posts.id),
  communityId: uuid('community_id').notNull(),
  authorId: uuid('author_id').notNull(),
  body: text('body').notNull(),
  /** Links an answer may carry: a group buy or a product of the pool. */
  links: jsonb('links').$type<{ type: 'group_buy' | 'product'; id: string }[]>().notNull().default([]),
  imageFileIds: jsonb('image_file_ids').$type<string[]>().notNull().default([]),
  hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  hiddenReason: text('hidden_reason'),
  hiddenBy: uuid('hidden_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('comments_post_idx').on(t.postId, t.createdAt),
  index('comments_author_idx').on(t.authorId, t.createdAt),
]);

export const reactions = pgTable('reactions', {
  postId: uuid('post_id').notNull().references(() => posts.id),
  userId: uuid('user_id').notNull(),
  kind: text('kind', { enum: ['like'] }).notNull().default('like'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('reactions_pk').on(t.postId, t.userId, t.kind)]);

export const pollOptions = pgTable('poll_options', {
  id: uuid('id').primaryKey().defaultRandom(),
  postId: uuid('post_id').notNull().references(() => posts.id),
  position: integer('position').notNull(),
  label: text('label').notNull(),
}, (t) => [uniqueIndex('poll_options_position').on(t.postId, t.position)]);

/** One ballot per resident per poll (its choices below): voting twice is refused by the key. */
export const pollBallots = pgTable('poll_ballots', {
  postId: uuid('post_id').notNull().references(() => posts.id),
  userId: uuid('user_id').notNull(),
  optionIds: jsonb('option_ids').$type<string[]>().notNull(),
  votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('poll_ballots_pk').on(t.postId, t.userId)]);

/** A resident who muted a thread gets no notices about it. */
export const threadMutes = pgTable('thread_mutes', {
  postId: uuid('post_id').notNull().references(() => posts.id),
  userId: uuid('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('thread_mutes_pk').on(t.postId, t.userId)]);

/** Reports of posts or comments, for the leader's and the operators' moderation queues. */
export const contentReports = pgTable('content_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  targetType: text('target_type', { enum: ['post', 'comment'] }).notNull(),
  targetId: uuid('target_id').notNull(),
  reporterId: uuid('reporter_id').notNull(),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['open', 'hidden', 'dismissed'] }).notNull().default('open'),
  resolvedBy: uuid('resolved_by'),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('content_reports_once').on(t.targetType, t.targetId, t.reporterId),
  index('content_reports_open_idx').on(t.communityId, t.status, t.createdAt),
  check('content_reports_reason_length', sql`char_length(${t.reason}) between 2 and 200`),
]);

/**
 * The products a resident tags on her own post ("I bought this"): only products she was handed,
 * checked when tagged. What a story shows as 已购买认证 is computed again each time it is read.
 */
export const postProducts = pgTable('post_products', {
  postId: uuid('post_id').notNull().references(() => posts.id),
  productId: uuid('product_id').notNull(),
  authorId: uuid('author_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('post_products_pk').on(t.postId, t.productId),
  index('post_products_product_idx').on(t.productId),
]);

/**
 * KOC stories: a resident's post her leader picked for a campaign. Nothing is shown until the
 * author says yes ('shown'); she may decline, or withdraw later ('withdrawn'); an operator may
 * remove one with a reason (kept). One row per campaign and post: a "no" is not asked again.
 */
export const storyStatuses = ['awaiting_consent', 'shown', 'declined', 'withdrawn', 'removed'] as const;
export type StoryStatus = (typeof storyStatuses)[number];
export const campaignStories = pgTable('campaign_stories', {
  id: uuid('id').primaryKey().defaultRandom(),
  campaignId: uuid('campaign_id').notNull(),
  postId: uuid('post_id').notNull().references(() => posts.id),
  communityId: uuid('community_id').notNull(),
  authorId: uuid('author_id').notNull(),
  nominatedBy: uuid('nominated_by').notNull(),
  nominatedAt: timestamp('nominated_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status', { enum: storyStatuses }).notNull().default('awaiting_consent'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  removedBy: uuid('removed_by'),
  removedReason: text('removed_reason'),
}, (t) => [
  uniqueIndex('campaign_stories_once').on(t.campaignId, t.postId),
  index('campaign_stories_shown_idx').on(t.campaignId, t.status, t.answeredAt),
  index('campaign_stories_community_idx').on(t.communityId, t.campaignId),
  check('campaign_stories_removed_reason', sql`${t.status} <> 'removed' or (${t.removedReason} is not null and ${t.removedBy} is not null)`),
]);
