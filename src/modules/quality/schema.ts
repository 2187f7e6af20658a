import { pgTable, uuid, text, integer, timestamp, index, uniqueIndex, real, boolean, jsonb, date, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { CertificateType, Criterion, ProofSnapshot } from './standards.vocabulary.js';
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

/**
 * One measured result on an inspection report: an analyte (from the fixed vocabulary in
 * standards.vocabulary.ts) either not detected or measured as a number in the analyte's unit.
 */
export const inspectionValues = pgTable('inspection_values', {
  id: uuid('id').primaryKey().defaultRandom(),
  inspectionId: uuid('inspection_id').notNull().references(() => inspections.id),
  analyte: text('analyte').notNull(),
  notDetected: boolean('not_detected').notNull(),
  value: real('value'),
  unit: text('unit').notNull(),
}, (t) => [
  uniqueIndex('inspection_values_analyte_key').on(t.inspectionId, t.analyte),
  check('inspection_values_detected_has_value', sql`(${t.notDetected} and ${t.value} is null) or (not ${t.notDetected} and ${t.value} is not null)`),
]);

/** A certificate document for a product (non-GMO, organic …): valid only between its dates. */
export const certificates = pgTable('certificates', {
  id: uuid('id').primaryKey().defaultRandom(),
  productId: uuid('product_id').notNull().references(() => products.id),
  supplierId: uuid('supplier_id').notNull(),
  type: text('type').$type<CertificateType>().notNull(),
  issuer: text('issuer').notNull(),
  number: text('number').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }).notNull(),
  fileId: uuid('file_id').notNull().references(() => storedFiles.id),
  uploadedBy: uuid('uploaded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('certificates_product_idx').on(t.productId, t.type),
  check('certificates_dates_ordered', sql`${t.validUntil} >= ${t.validFrom}`),
]);

/**
 * A standard products must prove (0 防腐剂, 非转基因 …): named criteria, each with how it is proved.
 * Editing the criteria raises `version`; reviews of an older version no longer count.
 */
export const standards = pgTable('standards', {
  id: uuid('id').primaryKey().defaultRandom(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionZh: text('description_zh').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
  version: integer('version').notNull().default(1),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('standards_name_zh_key').on(t.nameZh)]);

/**
 * An operator's decision on the evidence one batch gives for one standard (at one version of it),
 * with the evidence as it stood: the history of proofs. Only an accepted review of the product's
 * current batch, at the standard's current version, lets the product carry the badge.
 */
export const standardReviews = pgTable('standard_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  standardId: uuid('standard_id').notNull().references(() => standards.id),
  standardVersion: integer('standard_version').notNull(),
  productId: uuid('product_id').notNull().references(() => products.id),
  batchId: uuid('batch_id').notNull().references(() => batches.id),
  decision: text('decision', { enum: ['accepted', 'rejected'] }).notNull(),
  reason: text('reason').notNull().default(''),
  evidence: jsonb('evidence').$type<ProofSnapshot>().notNull(),
  reviewedBy: uuid('reviewed_by').notNull().references(() => users.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
}, (t) => [index('standard_reviews_product_idx').on(t.productId, t.standardId, t.reviewedAt)]);
