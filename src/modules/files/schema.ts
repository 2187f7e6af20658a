import { pgTable, uuid, text, integer, timestamp, index } from 'drizzle-orm/pg-core';

/** Uploaded files (licences, inspection reports, photos). Bytes live in the storage backend. */
export const storedFiles = pgTable('stored_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerId: uuid('owner_id').notNull(),
  /** Where the file belongs, e.g. supplier:<id>, batch:<id>; decides who may read it. */
  scope: text('scope').notNull(),
  originalName: text('original_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  /** Public files (inspection reports on the traceability page) are readable without login. */
  visibility: text('visibility', { enum: ['private', 'public'] }).notNull().default('private'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('stored_files_scope_idx').on(t.scope)]);
