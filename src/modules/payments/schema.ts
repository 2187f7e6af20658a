import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, doublePrecision } from 'drizzle-orm/pg-core';

/**
 * A payment for one order. The platform holds the money (status `held`) until the hand-over is
 * verified; only then is it `settled` and the leader's commission becomes payable.
 */
export const payments = pgTable('payments', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  orderId: uuid('order_id').notNull(),
  userId: uuid('user_id').notNull(),
  provider: text('provider').notNull(),
  providerRef: text('provider_ref').notNull(),
  amountFen: integer('amount_fen').notNull(),
  status: text('status', { enum: ['pending', 'held', 'settled', 'refunded', 'failed', 'cancelled'] }).notNull().default('pending'),
  leaderCommissionFen: integer('leader_commission_fen'),
  refundedFen: integer('refunded_fen').notNull().default(0),
  /** Released to the platform as lines are handed over (or settle as not collected). */
  settledFen: integer('settled_fen').notNull().default(0),
  /**
   * The part of the order's value paid with points at checkout (1 point = 1 fen): the order's
   * value is amount + points. Refunds and settlements are asked for in order value; the money part
   * of each is its cumulative share of amount (moneyFor), so the parts add up to the payment exactly.
   */
  pointsFen: integer('points_fen').notNull().default(0),
  /** Order value refunded / settled so far (equal to refunded_fen / settled_fen when no points were used). */
  valueRefundedFen: integer('value_refunded_fen').notNull().default(0),
  valueSettledFen: integer('value_settled_fen').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  settledAt: timestamp('settled_at', { withTimezone: true }),
}, (t) => [
  index('payments_order_idx').on(t.orderId),
  uniqueIndex('payments_provider_ref_key').on(t.provider, t.providerRef),
]);

/**
 * Refunds owed to residents, written in the transaction that decided them (an outbox): sent to the
 * provider right after commit and retried on schedule until the provider confirms, so a crash
 * between deciding and paying never loses a refund. `refundKey` makes each one happen once.
 */
export const refunds = pgTable('refunds', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  orderId: uuid('order_id').notNull(),
  /** The line refunded, when the refund is for one line (claims, short deliveries, cancelled lines). */
  lineId: uuid('line_id'),
  paymentId: uuid('payment_id').notNull(),
  userId: uuid('user_id').notNull(),
  refundKey: text('refund_key').notNull(),
  amountFen: integer('amount_fen').notNull(),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['pending', 'paid'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('refunds_refund_key').on(t.refundKey),
  index('refunds_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
]);

/**
 * Held money released for lines handed over (or not collected): one row per payment and
 * hand-over, with the leader's commission fixed at that moment. The leader's earnings are these rows.
 */
export const settlements = pgTable('settlements', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  paymentId: uuid('payment_id').notNull(),
  orderId: uuid('order_id').notNull(),
  /** The hand-over (or not-collected run) that released it: each releases once. */
  settleKey: text('settle_key').notNull(),
  leaderId: uuid('leader_id'),
  amountFen: integer('amount_fen').notNull(),
  commissionFen: integer('commission_fen').notNull(),
  /** The leader's tier and the rate it gave at that moment (null on rows from before they were kept). */
  tier: text('tier'),
  commissionRate: doublePrecision('commission_rate'),
  reason: text('reason', { enum: ['handed_over', 'confirmed', 'auto_confirmed', 'not_collected'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('settlements_key').on(t.paymentId, t.settleKey),
  index('settlements_leader_idx').on(t.leaderId, t.createdAt),
]);
