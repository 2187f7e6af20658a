import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db, DbOrTx } from './types.js';

/**
 * PostgreSQL LISTEN/NOTIFY between app instances on one database. `notify` runs inside the caller's
 * transaction, so listeners hear of a change only once it has committed (and never of a rolled-back
 * one). PGlite has the same statements within its one process.
 */
export async function notify(db: DbOrTx, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

export interface Listener {
  close(): Promise<void>;
}

interface PgliteLike { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> }
interface PoolLike { options: pg.PoolConfig }

/**
 * Calls `onMessage` for each notification on `channel`. On a server this holds one connection of
 * its own (outside the pool); when that connection is lost, notifications sent meanwhile are lost
 * too, so `onGap` is called once it is back and the caller forgets whatever it derived from them.
 */
export async function listen(db: Db, channel: string, onMessage: (payload: string) => void, onGap: () => void): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  const client = (db as unknown as { $client: PgliteLike | PoolLike }).$client;
  if ('listen' in client && typeof client.listen === 'function') {
    const unlisten = await client.listen(channel, onMessage);
    return { close: () => unlisten() };
  }
  const options = (client as PoolLike).options;
  let closed = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: options.connectionString, keepAlive: true, connectionTimeoutMillis: 10_000 });
    c.on('notification', (msg) => { if (msg.channel === channel) onMessage(msg.payload ?? ''); });
    c.on('error', () => {
      if (current !== c) return;
      current = null;
      c.end().catch(() => {});
      // Whatever was sent while we were away is lost: the caller starts afresh.
      onGap();
      schedule();
    });
    await c.connect();
    await c.query(`listen ${channel}`);
    if (closed) { await c.end(); return; }
    current = c;
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(() => onGap(), () => schedule());
    }, 500);
    retry.unref();
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = current;
      current = null;
      await c?.end().catch(() => {});
    },
  };
}
