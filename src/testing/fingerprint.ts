import { sql } from 'drizzle-orm';
import type { TestApp } from './app.js';

/**
 * Every table's row count and a digest of its rows: equal fingerprints before and after a refused
 * request prove it changed nothing. Tables a refusal legitimately writes (sessions of the prober,
 * the request log) are named in `ignore`.
 */
export async function databaseFingerprint(t: TestApp, ignore: string[] = ['sessions', 'login_codes', 'idempotent_requests']): Promise<Record<string, string>> {
  const db = t.database.db;
  const tables = ((await db.execute(sql`select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)) as unknown as { rows: { table_name: string }[] }).rows
    .map((r) => r.table_name).filter((name) => !ignore.includes(name) && !name.startsWith('__'));
  const out: Record<string, string> = {};
  for (const name of tables) {
    const { rows } = (await db.execute(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as f from "${name}" x`))) as unknown as { rows: { f: string }[] };
    out[name] = rows[0].f;
  }
  return out;
}
