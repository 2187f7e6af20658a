import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './types.js';

/**
 * What the server does when its PostgreSQL connections die (a failover, a restart, a connection
 * killer): it never crashes, the affected request is answered 503 `database.unavailable` with
 * Retry-After, work that certainly did not commit is tried once more on a new connection, and the
 * pool opens new connections when the database is back. See docs/decisions.md (connection loss).
 */

// SQLSTATEs where the connection, not the statement, failed: class 08 (connection exception),
// admin/crash shutdown, "cannot connect now" (starting up, in recovery), too many connections.
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// Socket errors Node reports when the server is gone or unreachable.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);
// node-postgres says these in words only (no code).
const LOST_MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /timeout exceeded when trying to connect/,
  /^Client was closed and is not queryable/,
];
const CONNECT_FAILED = Symbol('linli.connectFailed');

/** True when `err` (or an error it wraps, as drizzle's DrizzleQueryError does) is a lost or refused database connection. */
export function isConnectionLoss(err: unknown): boolean {
  for (let e = err as Record<string | symbol, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 6; e = e.cause as typeof e, depth++) {
    if (e[CONNECT_FAILED]) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    if (code.startsWith('08') || LOST_STATES.has(code) || SOCKET_CODES.has(code)) return true;
    if (typeof e.message === 'string' && LOST_MESSAGES.some((re) => re.test(e!.message as string))) return true;
  }
  return false;
}

/**
 * The server's pool. Failures to connect are marked (see isConnectionLoss), and a client is not
 * leaked when a transaction's BEGIN fails: drizzle checks a client out for a transaction and sends
 * BEGIN before its try/finally, so a connection lost at that moment was never released and the pool
 * shrank for good (a few losses starve it). Here the first statement on a client checked out as a
 * promise (drizzle's transactions; pool.query uses the callback form and releases by itself)
 * releases it when it fails on a lost connection, and a second release of that checkout is ignored.
 */
export class ResilientPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) return super.connect((err, client, done) => callback(markConnectFailure(err), client, done));
    return super.connect().then(releasedIfFirstStatementLosesConnection, (err: Error) => { throw markConnectFailure(err); });
  }
}

/**
 * A failure to get a connection (refused, not accepting connections, no such database, starting
 * up, timed out waiting) means nothing was sent: "unavailable", never a fault of the request.
 */
function markConnectFailure(err: Error | undefined): Error | undefined {
  if (err && typeof err === 'object') (err as unknown as Record<symbol, boolean>)[CONNECT_FAILED] = true;
  return err;
}

function releasedIfFirstStatementLosesConnection(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  const query = client.query;
  let released = false;
  client.release = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    delete (client as { query?: unknown }).query;
    release(err);
  };
  client.query = function firstStatement(this: pg.PoolClient, ...args: unknown[]) {
    delete (client as { query?: unknown }).query;
    const pending = (query as (...a: unknown[]) => unknown).apply(this, args);
    if (pending && typeof (pending as Promise<unknown>).then === 'function') {
      return (pending as Promise<unknown>).catch((err: unknown) => {
        if (isConnectionLoss(err)) client.release(err as Error);
        throw err;
      });
    }
    return pending;
  } as typeof client.query;
  return client;
}

let lostSinceReport = 0;
let reportTimer: NodeJS.Timeout | null = null;
let reportTo: (msg: string) => void = (msg) => console.error(msg);

/** Counts a lost connection or a request failed by one; reported at most once a second, as a count. */
export function reportConnectionLoss(err: unknown): void {
  lostSinceReport++;
  if (reportTimer) return;
  const first = (err as Error)?.message ?? String(err);
  reportTimer = setTimeout(() => {
    reportTo(`PostgreSQL unavailable: ${lostSinceReport} lost connection(s) or failed request(s) in the last second (first: ${first}); new connections are opened as needed`);
    lostSinceReport = 0;
    reportTimer = null;
  }, 1000);
  reportTimer.unref();
}

/**
 * Listens for connection errors on the pool and on every client it opens. node-postgres emits
 * 'error' on a client whose server went away even while it is checked out between two statements;
 * with no listener that event kills the process. The statement in flight fails on its own (and
 * the request is answered 503), the broken client is dropped by the pool at release, and the next
 * checkout opens a new connection.
 */
export function guardPool(pool: pg.Pool, log?: (msg: string) => void): void {
  if (log) reportTo = log;
  pool.on('error', reportConnectionLoss);
  pool.on('connect', (client) => client.on('error', reportConnectionLoss));
}

/** How long clients are asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 2;

/** A short, jittered pause before a retry (longer each time): lets the pool notice its killed connections. */
export const reconnectPause = (attempt = 1) => new Promise((resolve) => setTimeout(resolve, (50 + Math.random() * 100) * attempt));

/**
 * Runs work once more if its connection was lost. Only for work that is safe to repeat: a read (a
 * GET request), or a write made idempotent by its condition. Any other write outside a transaction
 * that fails this way may have committed.
 */
export async function retryOnceIfConnectionLost<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isConnectionLoss(err)) throw err;
    await reconnectPause();
    return work();
  }
}

/**
 * One transaction that survives a lost connection where it safely can:
 * - lost before COMMIT was sent: the server rolled everything back, so it runs once more on a new
 *   connection (as a deadlock retry would);
 * - lost while COMMIT was under way: the outcome is unknown to us, so it is asked on a new
 *   connection (pg_xact_status of the transaction's id, read just before COMMIT): committed → the
 *   result stands; aborted → once more, as above; not known (the database is still away) → the
 *   error goes up (answered 503) and the work is NOT run again, since it may have committed.
 * The id costs one short statement per transaction on PostgreSQL; PGlite has no connection to lose.
 */
export async function transactionSurvivingConnectionLoss<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tracked = isPoolBacked(db);
  let runs = 0;
  for (let attempt = 1; ; attempt++) {
    let started = false;
    let committing = false;
    let xid: string | null | undefined;
    let result: T | undefined;
    try {
      return await db.transaction(async (tx) => {
        started = true;
        runs++;
        result = await work(tx);
        if (tracked) xid = await transactionId(tx);
        committing = true;
        return result;
      });
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
      if (committing) {
        // No id: the transaction wrote nothing, so the work's answer holds whatever became of COMMIT.
        const outcome = xid === null ? 'committed' : xid === undefined ? 'unknown' : await commitOutcome(db, xid);
        if (outcome === 'committed') return result as T;
        if (outcome === 'unknown') throw err;
      }
      // The work runs at most twice. Getting a live connection (connect or BEGIN failing, e.g. on a
      // pooled connection killed a moment ago) is tried a few more times, with growing pauses.
      if ((started && runs >= 2) || attempt >= 5) throw err;
      await reconnectPause(attempt);
    }
  }
}

function isPoolBacked(db: Db): boolean {
  return (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;
}

async function transactionId(tx: Tx): Promise<string | null> {
  const res = await tx.execute(sql`select pg_current_xact_id_if_assigned()::text as xid`) as unknown as { rows: { xid: string | null }[] };
  return res.rows[0]?.xid ?? null;
}

/** Whether a transaction committed, asked on another connection; waits a moment for a dying backend to finish aborting. */
async function commitOutcome(db: Db, xid: string): Promise<'committed' | 'aborted' | 'unknown'> {
  for (let i = 0; i < 10; i++) {
    try {
      const res = await db.execute(sql`select pg_xact_status(${xid}::xid8) as status`) as unknown as { rows: { status: string | null }[] };
      const status = res.rows[0]?.status;
      if (status === 'committed' || status === 'aborted') return status;
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'unknown';
}
