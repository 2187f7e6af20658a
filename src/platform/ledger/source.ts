import { asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
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

const BIGINT_ID = /^[1-9][0-9]{0,17}$/;
const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A source over a table whose bigint key is both its id and its insertion order, read with plain
 * SQL so the leaf sees each column exactly as stored (times as text with microseconds).
 */
export function sqlLedgerSource<Row>(spec: { name: string; table: string; key: string; columns: SQL; toEntry: (row: Row) => LedgerEntry }): LedgerSource {
  const from = sql.raw(`${spec.table}`);
  const key = sql.raw(spec.key);
  const rowsOf = async (db: DbOrTx, query: SQL) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
  return {
    name: spec.name,
    async entriesAfter(db, afterSeq, limit) {
      return (await rowsOf(db, sql`select ${spec.columns} from ${from} where ${key} > ${afterSeq} order by ${key} limit ${limit}`)).map(spec.toEntry);
    },
    async entry(db, id) {
      if (!BIGINT_ID.test(id)) return null;
      const [row] = await rowsOf(db, sql`select ${spec.columns} from ${from} where ${key} = ${id}::bigint`);
      return row ? spec.toEntry(row) : null;
    },
  };
}

/** A source over a Drizzle table with a uuid id and a bigserial `seq` giving insertion order. */
export function tableLedgerSource<T extends PgTable & { id: PgColumn; seq: PgColumn }>(spec: {
  name: string; table: T; toEntry: (row: T['$inferSelect'], db: DbOrTx) => LedgerEntry | Promise<LedgerEntry>;
}): LedgerSource {
  const { table } = spec;
  return {
    name: spec.name,
    async entriesAfter(db, afterSeq, limit) {
      const rows = await db.select().from(table as PgTable).where(gt(table.seq, afterSeq)).orderBy(asc(table.seq)).limit(limit);
      const out: LedgerEntry[] = [];
      for (const row of rows) out.push(await spec.toEntry(row as T['$inferSelect'], db));
      return out;
    },
    async entry(db, id) {
      if (!UUID_ID.test(id)) return null;
      const [row] = await db.select().from(table as PgTable).where(eq(table.id, id));
      return row ? spec.toEntry(row as T['$inferSelect'], db) : null;
    },
  };
}
