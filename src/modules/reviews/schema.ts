import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, check, jsonb } from 'drizzle-orm/pg-core';

/**
 * A resident's review of one order line she was handed: one per line, by its buyer only. Stars,
 * optional words and photos. Only the author edits it (the previous wording is kept in
 * review_versions); an operator may hide it for abuse, with a reason kept in review_moderation.
 */
export const reviews = pgTable('reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull(),
  orderId: uuid('order_id').notNull(),
  orderLineId: uuid('order_line_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull(),
  itemId: uuid('item_id').notNull(),
  productId: uuid('product_id').notNull(),
  stars: integer('stars').notNull(),
  body: text('body').notNull().default(''),
  photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
  /** 1 when posted; each edit by the author keeps the previous version and counts up. */
  version: integer('version').notNull().default(1),
  editedAt: timestamp('edited_at', { withTimezone: true }),
  hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  hiddenBy: uuid('hidden_by'),
  hiddenReason: text('hidden_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('reviews_order_line_key').on(t.orderLineId),
  index('reviews_product_idx').on(t.productId, t.createdAt),
  index('reviews_user_idx').on(t.userId, t.createdAt),
  index('reviews_community_idx').on(t.communityId, t.createdAt),
  check('reviews_stars_range', sql`stars between 1 and 5`),
]);

/** What a review said before each edit (kept, never changed). */
export const reviewVersions = pgTable('review_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  reviewId: uuid('review_id').notNull().references(() => reviews.id),
  communityId: uuid('community_id').notNull(),
  version: integer('version').notNull(),
  stars: integer('stars').notNull(),
  body: text('body').notNull(),
  photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull(),
  /** When this version was written (posted or last edited). */
  writtenAt: timestamp('written_at', { withTimezone: true }).notNull(),
  replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull(),
}, (t) => [uniqueIndex('review_versions_key').on(t.reviewId, t.version)]);

/** The audit of moderation: who hid or showed a review again, when and why. */
export const reviewModeration = pgTable('review_moderation', {
  id: uuid('id').primaryKey().defaultRandom(),
  reviewId: uuid('review_id').notNull().references(() => reviews.id),
  communityId: uuid('community_id').notNull(),
  action: text('action', { enum: ['hide', 'unhide'] }).notNull(),
  reason: text('reason').notNull(),
  actorId: uuid('actor_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('review_moderation_review_idx').on(t.reviewId, t.createdAt)]);
