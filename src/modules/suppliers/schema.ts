import { pgTable, uuid, text, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../identity/index.js';
import { storedFiles } from '../files/index.js';

export const supplierStatuses = ['draft', 'submitted', 'more_info_requested', 'approved', 'rejected', 'suspended'] as const;
export type SupplierStatus = (typeof supplierStatuses)[number];

/** A farm or factory applying to sell through the platform (准入). */
export const suppliers = pgTable('suppliers', {
  id: uuid('id').primaryKey().defaultRandom(),
  companyName: text('company_name').notNull(),
  creditCode: text('credit_code').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  address: text('address').notNull(),
  region: text('region').notNull(),
  description: text('description').notNull().default(''),
  status: text('status', { enum: supplierStatuses }).notNull().default('draft'),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
}, (t) => [uniqueIndex('suppliers_credit_code_key').on(t.creditCode)]);

/** Accounts that act for a supplier. */
export const supplierMembers = pgTable('supplier_members', {
  supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
  userId: uuid('user_id').notNull().references(() => users.id),
}, (t) => [uniqueIndex('supplier_members_pk').on(t.supplierId, t.userId), index('supplier_members_user_idx').on(t.userId)]);

export const documentKinds = ['business_licence', 'food_licence', 'certificate', 'other'] as const;
export const supplierDocuments = pgTable('supplier_documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
  kind: text('kind', { enum: documentKinds }).notNull(),
  title: text('title').notNull(),
  fileId: uuid('file_id').notNull().references(() => storedFiles.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('supplier_documents_supplier_idx').on(t.supplierId)]);

/** Every admission decision, with who and when; never updated. */
export const supplierReviews = pgTable('supplier_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
  decision: text('decision', { enum: ['submit', 'approve', 'reject', 'request_info', 'suspend', 'reinstate'] }).notNull(),
  reason: text('reason').notNull().default(''),
  actorId: uuid('actor_id').notNull().references(() => users.id),
  fromStatus: text('from_status').$type<SupplierStatus>().notNull(),
  toStatus: text('to_status').$type<SupplierStatus>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('supplier_reviews_supplier_idx').on(t.supplierId)]);
