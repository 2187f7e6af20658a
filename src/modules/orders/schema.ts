import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { groupBuys, groupBuyItems } from '../groupbuy/index.js';
import { users } from '../identity/index.js';

/** A checkout: what a resident paid for at once. Fulfilment happens per line. */
export const orderStatuses = ['pending_payment', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** A line follows its own group buy: closed, arrived, handed over, each at its own time. */
export const lineStatuses = ['pending_payment', 'paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'not_collected', 'cancelled', 'refunded'] as const;
export type LineStatus = (typeof lineStatuses)[number];

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id),
  idempotencyKey: text('idempotency_key').notNull(),
  /** The resident's note for the leader (备注). */
  note: text('note').notNull().default(''),
  /** Where she collects this basket (chosen at checkout; the community's first point by default). */
  pickupPointId: uuid('pickup_point_id'),
  /** Collected at the pickup point, or delivered to her door (送货上门). */
  fulfilment: text('fulfilment', { enum: ['pickup', 'delivery'] }).notNull().default('pickup'),
  /** Door delivery: the area (from the community's list), her 门牌, the time slot, the fee (part of totalFen). */
  deliveryArea: text('delivery_area'),
  deliveryAddress: text('delivery_address'),
  deliverySlot: text('delivery_slot'),
  deliveryFeeFen: integer('delivery_fee_fen').notNull().default(0),
  totalFen: integer('total_fen').notNull(),
  status: text('status', { enum: orderStatuses }).notNull().default('pending_payment'),
  paymentDueAt: timestamp('payment_due_at', { withTimezone: true }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('orders_idempotency_key').on(t.userId, t.idempotencyKey),
  index('orders_user_idx').on(t.userId, t.createdAt),
  index('orders_community_idx').on(t.communityId, t.createdAt),
  index('orders_payment_due_idx').on(t.paymentDueAt).where(sql`status = 'pending_payment'`),
]);

export const orderLines = pgTable('order_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  orderId: uuid('order_id').notNull().references(() => orders.id),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull().references(() => groupBuys.id),
  itemId: uuid('item_id').notNull().references(() => groupBuyItems.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  quantity: integer('quantity').notNull(),
  /** Units refunded (short delivery, a cancelled part): the rest is still to be handed over. */
  refundedQuantity: integer('refunded_quantity').notNull().default(0),
  unitPriceFen: integer('unit_price_fen').notNull(),
  totalFen: integer('total_fen').notNull(),
  status: text('status', { enum: lineStatuses }).notNull().default('pending_payment'),
  /** 跟团号: the order's number in this group buy, given in order of payment. */
  groupNumber: integer('group_number'),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelReason: text('cancel_reason'),
  handoverId: uuid('handover_id'),
  pickedUpAt: timestamp('picked_up_at', { withTimezone: true }),
  pickedUpBy: uuid('picked_up_by'),
  /**
   * Set on each part of a bundle bought in this order: the part is a line of its own item (stock,
   * pick list, hand-over and refunds per item), priced at its share; the order shows them as one.
   */
  bundleOfferId: uuid('bundle_offer_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('order_lines_order_idx').on(t.orderId),
  index('order_lines_group_buy_idx').on(t.groupBuyId, t.status),
  index('order_lines_item_idx').on(t.itemId, t.status),
  index('order_lines_community_status_idx').on(t.communityId, t.status),
  index('order_lines_user_idx').on(t.userId, t.createdAt),
  check('order_lines_quantity_positive', sql`quantity > 0 and refunded_quantity >= 0 and refunded_quantity <= quantity`),
]);

/** A resident's basket, kept on the server so it survives a reload and a new device. */
export const basketItems = pgTable('basket_items', {
  userId: uuid('user_id').notNull().references(() => users.id),
  communityId: uuid('community_id').notNull(),
  itemId: uuid('item_id').notNull().references(() => groupBuyItems.id),
  quantity: integer('quantity').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('basket_items_key').on(t.userId, t.itemId),
  check('basket_items_quantity_positive', sql`quantity > 0`),
]);

/** Bundles in her basket: one line each, its parts checked and taken at checkout. */
export const basketBundles = pgTable('basket_bundles', {
  userId: uuid('user_id').notNull().references(() => users.id),
  communityId: uuid('community_id').notNull(),
  offerId: uuid('offer_id').notNull(),
  quantity: integer('quantity').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('basket_bundles_key').on(t.userId, t.offerId),
  check('basket_bundles_quantity_positive', sql`quantity > 0`),
]);

/** Why a leader cancelled (before the hand-over) or refunded (after it) part of an order. */
export const leaderCancelReasons = ['out_of_stock', 'quality_issue', 'resident_asked', 'cannot_deliver', 'other'] as const;
export const leaderRefundReasons = ['bad_produce', 'damaged', 'missing', 'not_as_described', 'goodwill', 'other'] as const;
export type LeaderCancelReason = (typeof leaderCancelReasons)[number];
export type LeaderRefundReason = (typeof leaderRefundReasons)[number];

/**
 * What a leader did to a resident's order line, in the order it happened: a cancel (units back to
 * stock, money back from the held payment) or a refund after the hand-over (a claim he granted).
 * The resident's order page shows these with his reason and name.
 */
export const orderLineChanges = pgTable('order_line_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  orderId: uuid('order_id').notNull().references(() => orders.id),
  lineId: uuid('line_id').notNull().references(() => orderLines.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  actorId: uuid('actor_id').notNull().references(() => users.id),
  kind: text('kind', { enum: ['cancel', 'refund'] }).notNull(),
  /** Units cancelled (0 for a refund of money only). */
  quantity: integer('quantity').notNull(),
  amountFen: integer('amount_fen').notNull(),
  reasonCode: text('reason_code').notNull(),
  note: text('note').notNull().default(''),
  /** The refund's claim row (a refund after the hand-over). */
  claimId: uuid('claim_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('order_line_changes_order_idx').on(t.orderId, t.createdAt),
  check('order_line_changes_amounts', sql`quantity >= 0 and amount_fen >= 0`),
]);
