import { pgTable, uuid, text, integer, boolean, timestamp, jsonb } from 'drizzle-orm/pg-core';

/** The platform's product pool. Suppliers and batches attach to products later (issue 3). */
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
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
