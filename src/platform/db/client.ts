import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { guardPool, ResilientPool } from './connection-loss.js';

import type { Db } from './types.js';

export type { Db, DbOrTx, Tx } from './types.js';

export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

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
    const db = drizzlePg(pool) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    return { db, driver: 'pg', close: () => pool.end() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite(options.dataDir);
  const db = drizzlePglite(client) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return { db, driver: 'pglite', close: () => client.close() };
}
