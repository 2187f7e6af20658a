import pg from 'pg';
import { getTableColumns, type Table } from 'drizzle-orm';
import type { Db, Tx } from './types.js';

/** Runs one statement on a transaction's own connection, by name. */
export type PreparedQuery = <R = Record<string, unknown>>(name: string, text: string, values: unknown[]) => Promise<R[]>;

/**
 * Plain SQL on the connection of a drizzle transaction, for hot paths where building queries per
 * request shows in a profile. On node-postgres each name is prepared once per connection (a named
 * statement: parsed and planned once); PGlite runs in-process and takes the text as is.
 */
export function preparedQuery(tx: Tx): PreparedQuery {
  const client = (tx as unknown as { session: { client: { query: (...a: unknown[]) => Promise<{ rows: unknown[] }> } } }).session.client;
  if ((client as unknown) instanceof pg.Client) return async (name, text, values) => (await client.query({ name, text, values })).rows as never;
  return async (_name, text, values) => (await client.query(text, values)).rows as never;
}

/** The same outside a transaction: one statement on any pooled connection (a read, or a write safe alone). */
export function preparedQueryOn(db: Db): PreparedQuery {
  const client = (db as unknown as { $client: { query: (...a: unknown[]) => Promise<{ rows: unknown[] }> } }).$client;
  if ((client as unknown) instanceof pg.Pool) return async (name, text, values) => (await client.query({ name, text, values })).rows as never;
  return async (_name, text, values) => (await client.query(text, values)).rows as never;
}

/** A row read with plain SQL (snake_case columns), shaped as drizzle selects it for `table`. */
export function rowOf<T extends Table>(table: T, row: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = row[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v instanceof Date ? v.toISOString() : v);
  }
  return out as T['$inferSelect'];
}
