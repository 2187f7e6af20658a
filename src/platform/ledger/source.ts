import type { DbOrTx } from '../db/client.js';

/**
 * An append-only table whose rows are leaves of the community ledger's Merkle log. Each owning
 * module exports one of these from its index.ts; the ledger module reads entries through it (it
 * never writes another module's table) and turns each body into RFC 8785 canonical bytes.
 */
export interface LedgerEntry {
  /** The source's name, e.g. 'points_transfers'. */
  source: string;
  id: string;
  /** Insertion order within the source (a bigserial); commit order may differ. */
  seq: number;
  communityId: string | null;
  /** The people the entry concerns: who may download its receipt. */
  ownerUserIds: string[];
  /** What the entry says, as plain JSON (strings, integers, booleans, null, arrays, objects). */
  body: Record<string, unknown>;
}

export interface LedgerSource {
  name: string;
  /** Entries with seq > afterSeq, by seq, at most limit. */
  entriesAfter(db: DbOrTx, afterSeq: number, limit: number): Promise<LedgerEntry[]>;
  entry(db: DbOrTx, id: string): Promise<LedgerEntry | null>;
}
