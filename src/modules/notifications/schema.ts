import { pgTable, uuid, text, timestamp, index, jsonb, uniqueIndex } from 'drizzle-orm/pg-core';

/** In-app notices (arrival, refunds …). External channels can be added behind a sender later. */
export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  communityId: uuid('community_id'),
  kind: text('kind').notNull(),
  /** zh-CN text as sent, kept as the record of what the resident was told. */
  title: text('title').notNull(),
  body: text('body').notNull(),
  /** Rendered at read time in the reader's language from `notices.<kind>` and these params. */
  params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
  link: text('link'),
  readAt: timestamp('read_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)]);

/** Kinds of notice a person has muted (per-kind mute in the notification centre). */
export const notificationMutes = pgTable('notification_mutes', {
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('notification_mutes_pk').on(t.userId, t.kind)]);
