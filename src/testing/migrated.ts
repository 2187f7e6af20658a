import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database, Db } from '../platform/db/client.js';
import { openDatabase } from '../platform/db/client.js';

/**
 * Migrated, empty databases for tests, made once per machine (PGlite) or once per server
 * (PostgreSQL) rather than once per test file: every test file used to start an empty PGlite and
 * run all ~30 migrations (several seconds of CPU per file on a 2-core machine), and on PostgreSQL
 * to run them again in each new database. Both copies are keyed by the content of the migrations
 * (and PGlite's version), so a changed migration makes a new one; nothing else is cached.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS = path.join(root, 'drizzle');

let key: string | undefined;
/** A short hash of every migration file (and the PGlite version, whose data directory we copy). */
export function migrationsKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else hash.update(e.name).update(readFileSync(full));
    }
  };
  walk(MIGRATIONS);
  const pglite = path.join(root, 'node_modules/@electric-sql/pglite/package.json');
  if (existsSync(pglite)) hash.update(JSON.parse(readFileSync(pglite, 'utf8')).version);
  key = hash.digest('hex').slice(0, 16);
  return key;
}

/**
 * A migrated PGlite (no reference data), loaded from a data directory dumped into the system's
 * temp directory by the first file that needed one. Loading it costs about a second; creating an
 * empty PGlite and migrating it costs several.
 */
export async function migratedPglite(): Promise<PGlite> {
  const snapshot = path.join(os.tmpdir(), `linli-test-migrated-${migrationsKey()}.tar`);
  if (existsSync(snapshot)) return PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]) });
  const client = await PGlite.create();
  await migrate(drizzle(client) as never, { migrationsFolder: MIGRATIONS });
  // Uncompressed: loading it is faster than a gzipped one, and it lives in the temp directory only.
  const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
  const tmp = `${snapshot}.${process.pid}`;
  writeFileSync(tmp, dump);
  renameSync(tmp, snapshot); // atomic: a file running at the same time reads a whole dump or none
  return client;
}

/** As platform/db/client.ts's openDatabase gives it for an in-memory PGlite, already migrated. */
export async function migratedPgliteDatabase(): Promise<Database> {
  const client = await migratedPglite();
  return { db: drizzle(client) as unknown as Db, driver: 'pglite', close: () => client.close() };
}

/**
 * The name of a migrated template database on the PostgreSQL server of `adminUrl`, made on first
 * use: built under a temporary name and renamed when complete, under an advisory lock, so test
 * files starting together wait for one build and a broken build is never used. New test
 * databases are then `CREATE DATABASE … TEMPLATE` it (a file copy, no migration run).
 */
export async function migratedTemplate(adminUrl: string): Promise<string> {
  const name = `linli_template_${migrationsKey()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = async () => (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query(`select pg_advisory_lock(hashtext('linli test template'))`);
    try {
      if (await exists()) return name;
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const database = await openDatabase({ url: url.toString(), poolSize: 2 });
      await database.close();
      await admin.query(`alter database ${building} rename to ${name}`);
      return name;
    } finally {
      await admin.query(`select pg_advisory_unlock(hashtext('linli test template'))`);
    }
  } finally {
    await admin.end();
  }
}
