import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import * as schema from './schema.js';
import { installReferenceData } from './reference-data.js';
import { guardPool, ResilientPool } from './connection-loss.js';

export type Schema = typeof schema;
/** Either driver: services take this and never care which one runs underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Services accept the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite. */
  url?: string;
  /** PGlite data directory; omit for in-memory. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new ResilientPool({
      connectionString: options.url, max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 20),
      // Connection loss (connection-loss.ts): dead peers are noticed, and a request waits at most this
      // long for a connection instead of hanging while the database is away.
      keepAlive: true, connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 10_000),
    });
    // pg parses bigint (int8) as string by default; our bigints are ids and counts that fit.
    pg.types.setTypeParser(20, (v) => Number(v));
    // A connection dropped by the server (restart, failover), idle or checked out, must not crash
    // the process; the pool replaces it on the next checkout.
    guardPool(pool);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    await installReferenceData(db);
    return { db, driver: 'pg', close: () => pool.end() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite(options.dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  await installReferenceData(db);
  return { db, driver: 'pglite', close: () => client.close() };
}
