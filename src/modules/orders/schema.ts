import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { groupBuys } from '../groupbuy/schema.js';
import { users } from '../identity/schema.js';

export const orderStatuses = ['pending_payment', 'paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  idempotencyKey: text('idempotency_key').notNull(),
  quantity: integer('quantity').notNull(),
  /** Units refunded because of a short delivery (the rest is still to be handed over). */
  refundedQuantity: integer('refunded_quantity').notNull().default(0),
  unitPriceFen: integer('unit_price_fen').notNull(),
  totalFen: integer('total_fen').notNull(),
  status: text('status', { enum: orderStatuses }).notNull().default('pending_payment'),
  pickupCode: text('pickup_code'),
  paymentDueAt: timestamp('payment_due_at', { withTimezone: true }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  pickedUpBy: uuid('picked_up_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('orders_idempotency_key').on(t.userId, t.idempotencyKey),
  uniqueIndex('orders_pickup_code_key').on(t.communityId, t.pickupCode),
  index('orders_group_buy_idx').on(t.groupBuyId, t.status),
  index('orders_community_status_idx').on(t.communityId, t.status),
  index('orders_user_idx').on(t.userId, t.createdAt),
  index('orders_payment_due_idx').on(t.paymentDueAt).where(sql`status = 'pending_payment'`),
]);
