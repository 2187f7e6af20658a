import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The first answer to a state-changing request sent with an Idempotency-Key (src/http/idempotency.ts).
 * A row is claimed 'in_progress' before the work runs and holds the answer once it is known; a retry
 * with the same key (same caller, method and path) gets that answer instead of doing the work again.
 * Kept 24 hours, then purged by a scheduled job.
 */
export const idempotentRequests = pgTable('idempotent_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** `user:<id>` for a signed-in caller, `client:<address>` otherwise. */
  scope: text('scope').notNull(),
  method: text('method').notNull(),
  path: text('path').notNull(),
  key: text('key').notNull(),
  /** SHA-256 of what was asked (query and body): the same key with another request is refused. */
  fingerprint: text('fingerprint').notNull(),
  state: text('state', { enum: ['in_progress', 'done'] }).notNull().default('in_progress'),
  /** Which request holds the claim; only it may store the answer or let the claim go. */
  holder: uuid('holder').notNull(),
  /** A claim not answered by then is taken over (its request died). */
  lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull(),
  responseStatus: integer('response_status'),
  responseType: text('response_type'),
  responseBody: text('response_body'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('idempotent_requests_key').on(t.scope, t.method, t.path, t.key),
  index('idempotent_requests_created_idx').on(t.createdAt),
]);
