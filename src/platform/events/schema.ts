import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, jsonb, bigserial, bigint, index } from 'drizzle-orm/pg-core';

/**
 * Domain events, written in the same transaction as the change they describe. Trust, metrics
 * and the ledger read these; they never read other modules' tables.
 */
export const domainEvents = pgTable('domain_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  communityId: uuid('community_id'),
  actorId: uuid('actor_id'),
  subjectId: uuid('subject_id').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The writing transaction. Ids are handed out at insert but transactions commit in any order,
   * so consumers read only events whose transaction is older than every running one.
   */
  txId: bigint('tx_id', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text::bigint)`),
}, (t) => [
  index('domain_events_type_idx').on(t.type, t.id),
  index('domain_events_subject_idx').on(t.subjectId),
  index('domain_events_tx_order_idx').on(t.txId, t.id),
  index('domain_events_community_type_idx').on(t.communityId, t.type, t.occurredAt),
]);

/** Leases for scheduled work so that many app instances run each job once. */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
});

/** How far each event consumer has read the domain event log (durable, exactly-once with a lease). */
export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  /** Consumers walk the log in (tx_id, id) order: see readEventsAfter. */
  lastTxId: bigint('last_tx_id', { mode: 'number' }).notNull().default(0),
});
