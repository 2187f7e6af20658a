import { pgTable, uuid, text, integer, boolean, timestamp, jsonb } from 'drizzle-orm/pg-core';

export const productCategories = ['fresh_produce', 'packaged_food', 'other'] as const;
export type ProductCategory = (typeof productCategories)[number];

/** The platform's product pool; a supplier's products attach to it, batches to products. */
export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  spec: text('spec').notNull(),
  unit: text('unit').notNull(),
  origin: text('origin').notNull(),
  description: text('description').notNull().default(''),
  imageUrls: jsonb('image_urls').$type<string[]>().notNull().default([]),
  listPriceFen: integer('list_price_fen').notNull(),
  supplierId: uuid('supplier_id'),
  category: text('category', { enum: productCategories }).notNull().default('other'),
  shelfLifeDays: integer('shelf_life_days'),
  storage: text('storage').notNull().default(''),
  /** Standards the supplier claims, e.g. 0防腐剂, 非转基因; proven by inspections. */
  standards: jsonb('standards').$type<string[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  /** New products go first to leaders whose tier carries first-launch rights, until this time. */
  firstLaunchUntil: timestamp('first_launch_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
