import { pgTable, uuid, text, integer, timestamp, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * 团长背书: a leader's own trial of a product in a community. A product can be put into a group
 * buy there only while an endorsement stands; withdrawing keeps the row (history) but ends it.
 */
export const endorsements = pgTable('endorsements', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  leaderId: uuid('leader_id').notNull(),
  productId: uuid('product_id').notNull(),
  rating: integer('rating').notNull(),
  story: text('story').notNull(),
  photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawReason: text('withdraw_reason'),
}, (t) => [
  uniqueIndex('endorsements_active_key').on(t.communityId, t.productId).where(sql`withdrawn_at is null`),
  index('endorsements_product_idx').on(t.productId),
]);
