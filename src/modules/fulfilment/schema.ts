import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, bigserial } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * 以销定产: what each supplier must deliver for one delivery date, aggregated from the paid orders
 * of group buys that closed. New closings add lines while the order awaits the supplier's
 * confirmation; after that a new purchase order starts.
 */
export const purchaseOrders = pgTable('purchase_orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  supplierId: uuid('supplier_id').notNull(),
  /** YYYY-MM-DD: the day the goods must reach the pickup points, in their community's time zone (the group buy's pickup start there). */
  deliveryDate: text('delivery_date').notNull(),
  status: text('status', { enum: ['pending', 'confirmed', 'short_confirmed', 'delivered'] }).notNull().default('pending'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmedBy: uuid('confirmed_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('purchase_orders_pending_key').on(t.supplierId, t.deliveryDate).where(sql`status = 'pending'`),
  index('purchase_orders_supplier_idx').on(t.supplierId, t.deliveryDate),
]);

/** One group-buy item's paid quantity for one pickup point: the unit of confirmation and delivery. */
export const purchaseOrderLines = pgTable('purchase_order_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  purchaseOrderId: uuid('purchase_order_id').notNull().references(() => purchaseOrders.id),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull(),
  itemId: uuid('item_id').notNull(),
  productId: uuid('product_id').notNull(),
  batchId: uuid('batch_id'),
  quantityOrdered: integer('quantity_ordered').notNull(),
  quantityConfirmed: integer('quantity_confirmed'),
  quantityDelivered: integer('quantity_delivered'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  deliveredBy: uuid('delivered_by'),
  /** What the leader counted in at his pickup point (≤ delivered; fewer goes the short-delivery way). */
  quantityReceived: integer('quantity_received'),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  receivedBy: uuid('received_by'),
}, (t) => [
  uniqueIndex('purchase_order_lines_item_key').on(t.itemId),
  index('purchase_order_lines_group_buy_idx').on(t.groupBuyId),
  index('purchase_order_lines_po_idx').on(t.purchaseOrderId),
  index('purchase_order_lines_community_idx').on(t.communityId),
]);


export const handoverMethods = ['code', 'pass', 'without_code'] as const;
export const handoverStatuses = ['done', 'awaiting_confirmation', 'confirmed', 'auto_confirmed', 'disputed'] as const;

/**
 * One hand-over at a pickup point: the lines a leader gave a household in one go. Made with the
 * resident's rotating code or a pass she sent (代取); without either it waits for her confirmation
 * and only then (or 72 hours later, undisputed) releases the held money.
 */
export const handovers = pgTable('handovers', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  residentId: uuid('resident_id').notNull(),
  leaderId: uuid('leader_id').notNull(),
  method: text('method', { enum: handoverMethods }).notNull(),
  passId: uuid('pass_id'),
  status: text('status', { enum: handoverStatuses }).notNull(),
  note: text('note').notNull().default(''),
  settleDueAt: timestamp('settle_due_at', { withTimezone: true }),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  disputedAt: timestamp('disputed_at', { withTimezone: true }),
  disputeReason: text('dispute_reason'),
  /** Where it happened: at a pickup point, or at her door (送货上门), with the place as shown. */
  fulfilment: text('fulfilment', { enum: ['pickup', 'delivery'] }).notNull().default('pickup'),
  pickupPointId: uuid('pickup_point_id'),
  place: text('place').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('handovers_community_idx').on(t.communityId, t.createdAt),
  index('handovers_resident_idx').on(t.residentId, t.status),
  index('handovers_due_idx').on(t.settleDueAt).where(sql`status = 'awaiting_confirmation'`),
]);

/** The secret behind a resident's rotating pickup code: only her account and the server hold it. */
export const pickupSecrets = pgTable('pickup_secrets', {
  userId: uuid('user_id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 代取: a one-time pass a resident sends to whoever collects for her; stored only as a hash. */
export const pickupPasses = pgTable('pickup_passes', {
  id: uuid('id').primaryKey().defaultRandom(),
  communityId: uuid('community_id').notNull(),
  userId: uuid('user_id').notNull(),
  codeHash: text('code_hash').notNull(),
  /** Who she sent it to, in her words (e.g. 邻居小王). */
  collector: text('collector').notNull().default(''),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  usedAt: timestamp('used_at', { withTimezone: true }),
  handoverId: uuid('handover_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('pickup_passes_code_key').on(t.communityId, t.codeHash),
  index('pickup_passes_user_idx').on(t.userId, t.createdAt),
]);
