import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, bigserial, timestamp, jsonb, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * Private messages between a resident and her community's leaders (私信团长). One conversation per
 * resident per community; every leader of the community reads and answers it from one inbox, so the
 * leaders' side has one unread count (any of them opening it reads it for all).
 */
export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  /** Unread messages on each side: the resident's from the leaders, the leaders' from her. */
  residentUnread: integer('resident_unread').notNull().default(0),
  leaderUnread: integer('leader_unread').notNull().default(0),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('conversations_resident_once').on(t.communityId, t.residentId),
  index('conversations_inbox_idx').on(t.communityId, t.lastMessageAt),
  check('conversations_unread_nonnegative', sql`${t.residentUnread} >= 0 and ${t.leaderUnread} >= 0`),
]);

export const authorRoles = ['resident', 'leader'] as const;

export const conversationMessages = pgTable('messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The order messages were written in (several may share a millisecond); pages go by it. */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id),
  communityId: uuid('community_id').notNull(),
  authorId: uuid('author_id').notNull(),
  authorRole: text('author_role', { enum: authorRoles }).notNull(),
  /** Plain text as typed, rendered as text. */
  body: text('body').notNull(),
  /** Private pictures (scope conversation:<id>): only the two sides (and operators) can open them. */
  photoFileIds: jsonb('photo_file_ids').$type<string[]>().notNull().default([]),
  /** The resident's order the message is about (shown to the leader beside it). */
  orderId: uuid('order_id'),
  hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  hiddenReason: text('hidden_reason'),
  hiddenBy: uuid('hidden_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('messages_seq').on(t.seq),
  index('messages_conversation_idx').on(t.conversationId, t.seq),
  index('messages_author_idx').on(t.authorId, t.createdAt),
]);
