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
  /** YYYY-MM-DD in Asia/Shanghai: the day the goods must reach the pickup points. */
  deliveryDate: text('delivery_date').notNull(),
  status: text('status', { enum: ['pending', 'confirmed', 'short_confirmed', 'delivered'] }).notNull().default('pending'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmedBy: uuid('confirmed_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('purchase_orders_pending_key').on(t.supplierId, t.deliveryDate).where(sql`status = 'pending'`),
  index('purchase_orders_supplier_idx').on(t.supplierId, t.deliveryDate),
]);

/** One group buy's paid quantity for one pickup point: the unit of confirmation and delivery. */
export const purchaseOrderLines = pgTable('purchase_order_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  purchaseOrderId: uuid('purchase_order_id').notNull().references(() => purchaseOrders.id),
  communityId: uuid('community_id').notNull(),
  groupBuyId: uuid('group_buy_id').notNull(),
  productId: uuid('product_id').notNull(),
  batchId: uuid('batch_id'),
  quantityOrdered: integer('quantity_ordered').notNull(),
  quantityConfirmed: integer('quantity_confirmed'),
  quantityDelivered: integer('quantity_delivered'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  deliveredBy: uuid('delivered_by'),
}, (t) => [
  uniqueIndex('purchase_order_lines_group_buy_key').on(t.groupBuyId),
  index('purchase_order_lines_po_idx').on(t.purchaseOrderId),
  index('purchase_order_lines_community_idx').on(t.communityId),
]);

