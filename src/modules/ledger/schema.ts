import { sql } from 'drizzle-orm';
import { pgTable, text, bigint, bigserial, integer, boolean, timestamp, jsonb, uuid, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

/**
 * The community ledger's Merkle log (docs/ledger.md). Every row here is append-only (a trigger
 * refuses UPDATE, DELETE and TRUNCATE): a leaf once given an index keeps it and its bytes forever.
 */
export const ledgerLeaves = pgTable('ledger_leaves', {
  /** Position in the log, 0-based, assigned by the checkpoint job when it appends. */
  leafIndex: bigint('leaf_index', { mode: 'number' }).primaryKey(),
  source: text('source').notNull(),
  entryId: text('entry_id').notNull(),
  /** The source row's insertion order (its bigserial), kept to find late-committed rows. */
  entrySeq: bigint('entry_seq', { mode: 'number' }).notNull(),
  communityId: uuid('community_id'),
  /** RFC 8785 text whose UTF-8 bytes are the leaf. */
  entryText: text('entry_text').notNull(),
  /** SHA-256(0x00 ‖ bytes), hex. */
  leafHash: text('leaf_hash').notNull(),
  /** SHA-256(previous chain ‖ leaf), hex. */
  chainHash: text('chain_hash').notNull(),
  appendedAt: timestamp('appended_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('ledger_leaves_entry').on(t.source, t.entryId),
  index('ledger_leaves_source_seq').on(t.source, t.entrySeq),
  check('ledger_leaves_index_not_negative', sql`${t.leafIndex} >= 0`),
]);

/** Signed tree heads, one per run that found new leaves (or the first), each proved consistent with the one before. */
export const ledgerCheckpoints = pgTable('ledger_checkpoints', {
  treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
  rootHash: text('root_hash').notNull(),
  chainHead: text('chain_head').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
  /** The checkpoint this one extends, and the consistency proof from it (hex, leaf side first). */
  previousSize: bigint('previous_size', { mode: 'number' }),
  consistencyProof: jsonb('consistency_proof').$type<string[]>().notNull(),
}, (t) => [
  check('ledger_checkpoints_grows', sql`${t.previousSize} is null or ${t.previousSize} < ${t.treeSize}`),
]);

export interface VerificationFailure {
  kind: 'changed' | 'missing' | 'unlogged' | 'leaf_hash' | 'chain' | 'root' | 'consistency';
  source?: string;
  entryId?: string;
  leafIndex?: number;
  detail: string;
}

/** Each re-verification of the log against its sources: kept, never overwritten, so a detected change stays on record. */
export const ledgerVerifications = pgTable('ledger_verifications', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
  leavesChecked: integer('leaves_checked').notNull(),
  ok: boolean('ok').notNull(),
  failures: jsonb('failures').$type<VerificationFailure[]>().notNull(),
}, (t) => [
  index('ledger_verifications_ran_idx').on(t.ranAt),
]);

/** One row: the lock the checkpoint job takes with SKIP LOCKED so that one instance appends at a time. */
export const ledgerHead = pgTable('ledger_head', {
  id: integer('id').primaryKey(),
}, (t) => [
  check('ledger_head_single', sql`${t.id} = 1`),
]);
