import { pgTable, uuid, text, integer, timestamp, date, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { groupBuys, groupBuyItems } from './schema.js';
import { users } from '../identity/index.js';

/**
 * 到货提醒: a resident asked to be told when a sold-out item gets stock again. One row per item and
 * resident (subscribing again reuses it); told once, then 'notified'; she may cancel while waiting.
 */
export const restockAlerts = pgTable('restock_alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  itemId: uuid('item_id').notNull().references(() => groupBuyItems.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  status: text('status', { enum: ['waiting', 'notified', 'cancelled', 'expired'] }).notNull().default('waiting'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  notifiedAt: timestamp('notified_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('restock_alerts_item_user_key').on(t.itemId, t.userId),
  index('restock_alerts_waiting_idx').on(t.itemId).where(sql`status = 'waiting'`),
]);

/**
 * What the leader sent by hand from his morning dashboard (到货通知, 未取提醒): one row per group
 * buy, kind and local day, so a second tap the same day tells nobody twice.
 */
export const pickupAnnouncements = pgTable('pickup_announcements', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  kind: text('kind', { enum: ['arrival', 'reminder'] }).notNull(),
  /** The community's local date it was sent on. */
  day: date('day', { mode: 'string' }).notNull(),
  sentBy: uuid('sent_by').notNull().references(() => users.id),
  /** Residents told through this group buy (a resident with several is told once, counted once). */
  told: integer('told').notNull().default(0),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('pickup_announcements_key').on(t.groupBuyId, t.kind, t.day)]);
