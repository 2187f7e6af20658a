import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, real } from 'drizzle-orm/pg-core';
import { products } from '../catalog/index.js';
import { storedFiles } from '../files/index.js';
import { users } from '../identity/index.js';

/** One harvest or production run of a product: what a resident's box actually came from. */
export const batches = pgTable('batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  productId: uuid('product_id').notNull().references(() => products.id),
  supplierId: uuid('supplier_id').notNull(),
  producedAt: timestamp('produced_at', { withTimezone: true }).notNull(),
  quantity: integer('quantity').notNull(),
  sourcePlace: text('source_place').notNull(),
  /** pending until an operator accepts a passing inspection; only approved batches may be sold. */
  status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
  reviewedBy: uuid('reviewed_by').references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewNote: text('review_note').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('batches_code_key').on(t.code), index('batches_product_idx').on(t.productId, t.status)]);

export const inspections = pgTable('inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  batchId: uuid('batch_id').notNull().references(() => batches.id),
  lab: text('lab').notNull(),
  inspectedAt: timestamp('inspected_at', { withTimezone: true }).notNull(),
  result: text('result', { enum: ['pass', 'fail'] }).notNull(),
  summary: text('summary').notNull().default(''),
  reportFileId: uuid('report_file_id').notNull().references(() => storedFiles.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('inspections_batch_idx').on(t.batchId)]);

export const logisticsKinds = ['left_farm', 'temperature', 'arrived_warehouse', 'arrived_pickup'] as const;
export const logisticsEvents = pgTable('logistics_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  batchId: uuid('batch_id').notNull().references(() => batches.id),
  kind: text('kind', { enum: logisticsKinds }).notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  place: text('place').notNull().default(''),
  temperatureC: real('temperature_c'),
  communityId: uuid('community_id'),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('logistics_events_batch_idx').on(t.batchId, t.occurredAt)]);
