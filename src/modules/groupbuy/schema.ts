import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, bigserial, check, jsonb, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { communities } from '../community/index.js';
import { products } from '../catalog/index.js';
import { users } from '../identity/index.js';

export const groupBuyStatuses = ['scheduled', 'open', 'closed', 'arrived', 'cancelled'] as const;
export type GroupBuyStatus = (typeof groupBuyStatuses)[number];

/** A 团: one leader's offer to his community, with one or more items and one cut-off and pickup window. */
export const groupBuys = pgTable('group_buys', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull().references(() => communities.id),
  leaderId: uuid('leader_id').notNull().references(() => users.id),
  title: text('title').notNull(),
  note: text('note').notNull().default(''),
  /** Minutes after opening during which only trusted residents (level A/B) may order: a service by trust level. */
  priorityMinutes: integer('priority_minutes').notNull().default(0),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  cutoffAt: timestamp('cutoff_at', { withTimezone: true }).notNull(),
  pickupStartAt: timestamp('pickup_start_at', { withTimezone: true }).notNull(),
  pickupEndAt: timestamp('pickup_end_at', { withTimezone: true }).notNull(),
  status: text('status', { enum: groupBuyStatuses }).notNull().default('open'),
  /** The last 跟团号 given: orders are numbered #1, #2 … in order of payment. */
  lastNumber: integer('last_number').notNull().default(0),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  arrivedAt: timestamp('arrived_at', { withTimezone: true }),
  /** Pickup reminders sent (window opens, two hours before it ends), each once. */
  openReminderAt: timestamp('open_reminder_at', { withTimezone: true }),
  endReminderAt: timestamp('end_reminder_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('group_buys_community_idx').on(t.communityId, t.status, t.cutoffAt),
  index('group_buys_due_idx').on(t.cutoffAt).where(sql`status in ('scheduled','open')`),
]);

/** One product sold in a group buy: its price, stock and per-person limit. */
export const groupBuyItems = pgTable('group_buy_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  position: integer('position').notNull(),
  productId: uuid('product_id').notNull().references(() => products.id),
  /** The approved batch residents receive; shown on the traceability page. */
  batchId: uuid('batch_id'),
  priceFen: integer('price_fen').notNull(),
  stockTotal: integer('stock_total').notNull(),
  /** The hot counter: decremented by a conditional UPDATE in the checkout transaction. */
  stockAvailable: integer('stock_available').notNull(),
  perPersonLimit: integer('per_person_limit').notNull(),
  /** Set when the leader confirmed receipt of this item's delivery at the pickup point. */
  arrivedAt: timestamp('arrived_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('group_buy_items_position_key').on(t.groupBuyId, t.position),
  index('group_buy_items_product_idx').on(t.productId),
  check('group_buy_items_stock_nonneg', sql`stock_available >= 0 and stock_available <= stock_total`),
]);

/** Every change to an item's stock, so the counter can be reconciled. */
export const stockMovements = pgTable('stock_movements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  itemId: uuid('item_id').notNull(),
  orderId: uuid('order_id'),
  delta: integer('delta').notNull(),
  reason: text('reason', { enum: ['order_placed', 'order_cancelled', 'order_expired', 'order_refunded'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('stock_movements_item_idx').on(t.itemId)]);

/** Quantity each resident holds of an item: an atomic upsert enforces the per-person limit. */
export const groupBuyPurchases = pgTable('group_buy_purchases', {
  itemId: uuid('item_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  communityId: uuid('community_id').notNull(),
  quantity: integer('quantity').notNull(),
}, (t) => [
  uniqueIndex('group_buy_purchases_item_user_key').on(t.itemId, t.userId),
  check('group_buy_purchases_nonneg', sql`quantity >= 0`),
]);

/** What a draft holds: the fields of opening a group buy, times as ISO instants, prices in fen. */
export interface DraftContent {
  title: string;
  note: string;
  priorityMinutes: number;
  cutoffAt: string;
  pickupStartAt: string;
  pickupEndAt: string;
  items: { productId: string; batchId?: string | null; priceFen: number; stockTotal: number; perPersonLimit: number }[];
}

/**
 * A group buy being prepared (a copy of an earlier one, or saved from the new-group-buy screen):
 * only its community's leaders see it; opening it goes through every rule of opening a group buy.
 */
export const groupBuyDrafts = pgTable('group_buy_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull().references(() => communities.id),
  leaderId: uuid('leader_id').notNull().references(() => users.id),
  /** The group buy it was copied from, if any. */
  sourceGroupBuyId: uuid('source_group_buy_id').references(() => groupBuys.id),
  content: jsonb('content').$type<DraftContent>().notNull(),
  /** Set once, when the draft was opened (a second attempt is refused). */
  openedGroupBuyId: uuid('opened_group_buy_id').references(() => groupBuys.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('group_buy_drafts_community_idx').on(t.communityId, t.updatedAt)]);

export const groupBuyChangeKinds = ['stock_added', 'stock_lowered', 'limit_changed', 'item_added', 'price_lowered', 'price_raised', 'times', 'texts'] as const;
export type GroupBuyChangeKind = (typeof groupBuyChangeKinds)[number];

/** Every change a leader made to a live group buy: who, when, what (before and after). */
export const groupBuyChanges = pgTable('group_buy_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  itemId: uuid('item_id'),
  actorId: uuid('actor_id').notNull().references(() => users.id),
  kind: text('kind', { enum: groupBuyChangeKinds }).notNull(),
  before: jsonb('before').$type<Record<string, unknown>>().notNull(),
  after: jsonb('after').$type<Record<string, unknown>>().notNull(),
  /** Shown to buyers on the group buy page (time changes, price drops). */
  public: boolean('public').notNull().default(false),
  /** Buyers told of it, and money sent back (price drops). */
  notifiedCount: integer('notified_count').notNull().default(0),
  refundedFen: integer('refunded_fen').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('group_buy_changes_gb_idx').on(t.groupBuyId, t.createdAt)]);

/**
 * A campaign bundle sold in a group buy: one basket line whose parts are this group buy's own
 * items (their stock, their limits). Each part's unit share of the bundle price is fixed when the
 * offer is made, so the shares of one bundle sum exactly to its price (docs/bundles.md).
 */
export const groupBuyBundles = pgTable('group_buy_bundles', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  /** The campaign bundle it sells (campaigns module's campaign_bundles). */
  campaignBundleId: uuid('campaign_bundle_id').notNull(),
  priceFen: integer('price_fen').notNull(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('group_buy_bundles_key').on(t.groupBuyId, t.campaignBundleId),
  check('group_buy_bundles_price_positive', sql`price_fen > 0`),
]);

/** The parts of a bundle offer: the item, units per bundle and each unit's share of the bundle price. */
export const groupBuyBundleParts = pgTable('group_buy_bundle_parts', {
  offerId: uuid('offer_id').notNull().references(() => groupBuyBundles.id),
  itemId: uuid('item_id').notNull().references(() => groupBuyItems.id),
  position: integer('position').notNull(),
  units: integer('units').notNull(),
  unitShareFen: integer('unit_share_fen').notNull(),
}, (t) => [
  uniqueIndex('group_buy_bundle_parts_key').on(t.offerId, t.itemId),
  check('group_buy_bundle_parts_amounts', sql`units > 0 and unit_share_fen >= 0`),
]);
