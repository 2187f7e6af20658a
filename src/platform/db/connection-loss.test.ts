import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, sessionCookie, TEST_DATABASE_URL, usesPostgres, type TestApp } from '../../testing/app.js';
import { openDatabase, type Database } from './client.js';
import net from 'node:net';
import { buildWorld, idemKey, openGroupBuy, type Actor } from '../../testing/world.js';
import { joinByInvite } from '../../modules/community/index.js';
import { reconcileStock } from '../../modules/groupbuy/service.js';
import { inTransaction } from '../events/service.js';
import { startScheduler } from '../scheduler.js';
import { isConnectionLoss } from './connection-loss.js';

/**
 * The server's PostgreSQL connections are killed from outside (what a failover, a restart or a
 * connection killer does). Only PostgreSQL has connections to lose: skipped on PGlite.
 */
describe.skipIf(!usesPostgres())('a dropped database connection', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  let base: string;
  let dbName: string;
  let admin: pg.Client;
  const buyers: Actor[] = [];
  // Anything the process would have died of (an 'error' event nobody listens to, a lost rejection).
  const fatal: unknown[] = [];
  const onFatal = (err: unknown) => { fatal.push(err); };

  const rows = async <T>(q: ReturnType<typeof sql>) => (await t.database.db.execute(q) as unknown as { rows: T[] }).rows;
  const probes = async (note: string) => (await rows<{ n: number }>(sql`select count(*)::int as n from conn_probe where note = ${note}`))[0].n;
  /** Terminates every connection the app holds to its database; returns how many there were. */
  const terminateAll = async () => (await admin.query<{ n: number }>(
    'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])).rows[0].n;
  const post = async (actor: Actor, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { cookie: actor.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
  };
  const get = async (actor: Actor, path: string, lang = 'zh-CN') => {
    const res = await fetch(`${base}${path}`, { headers: { cookie: actor.cookie, 'accept-language': lang } });
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
  };

  beforeAll(async () => {
    process.on('uncaughtException', onFatal);
    process.on('unhandledRejection', onFatal);
    t = await createTestApp();
    world = await buildWorld(t, { residents: 0 });
    for (let i = 0; i < 120; i++) {
      const r = await sessionCookie(t, { name: `抢购${i}` });
      await joinByInvite(t.database.db, world.community.inviteCode, r.userId);
      buyers.push(r);
    }
    dbName = (await rows<{ db: string }>(sql`select current_database() as db`))[0].db;
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);
  afterAll(async () => {
    await admin?.query(`alter database ${dbName} allow_connections true`).catch(() => {});
    await admin?.end();
    await t?.close();
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
  });

  it('connections killed mid-rush: the server lives on, keeps taking orders, and every confirmed order and unit is accounted for', async () => {
    const stock = 80;
    const gb = await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock, limit: 1 });
    let answered = 0;
    let killed = 0;
    let killing: Promise<void> | null = null;
    const rush = buyers.map(async (b) => {
      const key = idemKey();
      const res = { ...(await post(b, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: key })), buyer: b, key };
      // Two waves of kills while the rush is in full flight: requests are mid-transaction then.
      answered++;
      if ((answered === 5 || answered === 30) && killed < 2) {
        killed++;
        killing = (killing ?? Promise.resolve()).then(async () => { expect(await terminateAll()).toBeGreaterThan(0); });
      }
      return res;
    });
    const results = await Promise.all(rush);
    await killing;
    expect(killed).toBe(2);
    expect(fatal).toEqual([]);

    // Each answer is a clean one: placed, sold out, or "database briefly unavailable, retry".
    for (const r of results) {
      const ok = r.status === 201 || (r.status === 409 && r.body.error.code === 'order.lines_short')
        || (r.status === 503 && r.body.error.code === 'database.unavailable' && Number(r.retryAfter) > 0);
      if (!ok) throw new Error(`unexpected answer ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Nothing confirmed is lost: every 201 is an order in the database, with its line.
    const confirmed = results.filter((r) => r.status === 201).map((r) => r.body.order.id as string);
    expect(confirmed.length).toBeGreaterThan(0);
    const stored = await rows<{ id: string }>(sql`select o.id from orders o join order_lines l on l.order_id = o.id where l.group_buy_id = ${gb.id} and l.status <> 'cancelled'`);
    const storedIds = new Set(stored.map((s) => s.id));
    for (const id of confirmed) expect(storedIds.has(id)).toBe(true);
    // Stock + sold = initial, and the movement log agrees with the counter.
    const [item] = await rows<{ stock_available: number }>(sql`select stock_available from group_buy_items where group_buy_id = ${gb.id}`);
    const [{ sold }] = await rows<{ sold: number }>(sql`select coalesce(sum(quantity), 0)::int as sold from order_lines where group_buy_id = ${gb.id} and status <> 'cancelled'`);
    expect(item.stock_available + sold).toBe(stock);
    expect(sold).toBe(stored.length);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);

    // A neighbour told 503 sends her order again with its key: she gets the order if it was placed
    // after all, else it is placed now (or sold out); nothing is sold twice.
    for (const r of results.filter((x) => x.status === 503)) {
      const again = await post(r.buyer, `/api/group-buys/${gb.id}/orders`, { quantity: 1, idempotencyKey: r.key });
      expect(again.status === 201 || again.status === 200 || (again.status === 409 && again.body.error.code === 'order.lines_short')).toBe(true);
    }
    const [{ soldAfter, buyersAfter }] = await rows<{ soldAfter: number; buyersAfter: number }>(sql`select coalesce(sum(quantity), 0)::int as "soldAfter", count(distinct user_id)::int as "buyersAfter" from order_lines where group_buy_id = ${gb.id} and status <> 'cancelled'`);
    const [itemAfter] = await rows<{ stock_available: number }>(sql`select stock_available from group_buy_items where group_buy_id = ${gb.id}`);
    expect([itemAfter.stock_available + soldAfter, buyersAfter]).toEqual([stock, soldAfter]);
    expect(await reconcileStock(t.database.db, gb.id)).toEqual([]);

    // It keeps serving on new connections: a neighbour who was answered 503 (or anyone) can order now.
    const after = await post(buyers[0], `/api/group-buys/${(await openGroupBuy(t, world.leader, world.community.id, world.product.id, { stock: 5 })).id}/orders`, { quantity: 1, idempotencyKey: idemKey() });
    expect(after.status).toBe(201);
    // No connection is leaked: every client the pool opened is back and idle.
    const pool = (t.database.db as unknown as { $client: { totalCount: number; idleCount: number } }).$client;
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(fatal).toEqual([]);
  });

  it('while the database refuses connections, requests are answered 503 database.unavailable with Retry-After (never 500), and served again once it is back', async () => {
    await admin.query(`alter database ${dbName} allow_connections false`);
    try {
      await terminateAll();
      const zh = await get(buyers[1], '/api/orders');
      expect(zh.status).toBe(503);
      expect(zh.body.error).toEqual({ code: 'database.unavailable', message: expect.stringContaining('稍后') });
      expect(Number(zh.retryAfter)).toBeGreaterThan(0);
      const en = await get(buyers[1], '/api/orders', 'en');
      expect(en.status).toBe(503);
      expect(en.body.error.message).toMatch(/try again/i);
      const res = await fetch(`${base}/api/me`, { method: 'PATCH', headers: { cookie: buyers[1].cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: '新名字' }) });
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('database.unavailable');
    } finally {
      await admin.query(`alter database ${dbName} allow_connections true`);
    }
    const back = await get(buyers[1], '/api/orders');
    expect(back.status).toBe(200);
    expect(fatal).toEqual([]);
  });

  it('a transaction whose connection dies before COMMIT is run once more on a new connection', async () => {
    const db = t.database.db;
    await db.execute(sql`create table if not exists conn_probe (id serial primary key, note text not null)`);
    let attempts = 0;
    await inTransaction(db, async (tx) => {
      attempts++;
      await tx.execute(sql`insert into conn_probe (note) values ('before-commit')`);
      // The first attempt's own connection is killed in the middle of the work.
      if (attempts === 1) await tx.execute(sql`select pg_terminate_backend(pg_backend_pid())`);
    });
    expect(attempts).toBe(2);
    expect(await probes('before-commit')).toBe(1);
    expect(fatal).toEqual([]);
  });

  describe('a connection lost while COMMIT is under way', () => {
    let proxy: CommitLosingProxy;
    let viaProxy: Database;
    beforeAll(async () => {
      await t.database.db.execute(sql`create table if not exists conn_probe (id serial primary key, note text not null)`);
      proxy = await CommitLosingProxy.start(new URL(TEST_DATABASE_URL));
      const url = new URL(TEST_DATABASE_URL);
      url.host = `127.0.0.1:${proxy.port}`;
      url.pathname = `/${dbName}`;
      viaProxy = await openDatabase({ url: url.toString(), poolSize: 4 });
    });
    afterAll(async () => { await viaProxy?.close(); await proxy?.close(); });

    it('committed although the answer was lost: the result stands and the work is not run again', async () => {
      let attempts = 0;
      proxy.loseNextCommitAnswer();
      const result = await inTransaction(viaProxy.db, async (tx) => {
        attempts++;
        await tx.execute(sql`insert into conn_probe (note) values ('answer-lost')`);
        return 'placed';
      });
      expect(proxy.commitAnswersLost).toBe(1);
      expect([result, attempts, await probes('answer-lost')]).toEqual(['placed', 1, 1]);
    });

    it('aborted during COMMIT (a deferred trigger dies): found rolled back, run once more', async () => {
      await t.database.db.execute(sql.raw(`
        create sequence if not exists conn_probe_kills;
        create or replace function conn_probe_kill() returns trigger language plpgsql as $$
        begin
          -- A sequence is outside the transaction: only the first COMMIT dies.
          if new.note = 'dies-in-commit' and nextval('conn_probe_kills') = 1 then perform pg_terminate_backend(pg_backend_pid()); perform pg_sleep(1); end if;
          return null;
        end $$;
        drop trigger if exists conn_probe_kill on conn_probe;
        create constraint trigger conn_probe_kill after insert on conn_probe deferrable initially deferred for each row execute function conn_probe_kill();`));
      let attempts = 0;
      await inTransaction(viaProxy.db, async (tx) => {
        attempts++;
        await tx.execute(sql`insert into conn_probe (note) values ('dies-in-commit')`);
      });
      expect([attempts, await probes('dies-in-commit')]).toEqual([2, 1]);
    });

    it('outcome unknown (the database stays away): the error goes up and the work is not run again', async () => {
      let attempts = 0;
      proxy.loseNextCommitAnswer({ thenRefuseForMs: 3000 });
      const failed = await inTransaction(viaProxy.db, async (tx) => {
        attempts++;
        await tx.execute(sql`insert into conn_probe (note) values ('unknown')`);
      }).then(() => null, (err: unknown) => err);
      expect(isConnectionLoss(failed)).toBe(true);
      expect(attempts).toBe(1);
      // It did commit: redoing it would have written it twice.
      expect(await probes('unknown')).toBe(1);
      await new Promise((r) => setTimeout(r, 2000));
    });
  });

  it('scheduled jobs survive: a job whose connection is killed fails that round, and the next rounds run again', async () => {
    let runs = 0;
    const logged: unknown[] = [];
    const scheduler = startScheduler(t.database.db, [{
      name: 'test.slow-read',
      run: async () => { runs++; await t.database.db.execute(sql`select pg_sleep(0.5)`); },
    }], 100, (_msg, err) => logged.push(err));
    try {
      // Killed while the first round is in its statement.
      while (runs === 0) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      expect(await terminateAll()).toBeGreaterThan(0);
      const before = runs;
      await new Promise((r) => setTimeout(r, 2000));
      expect(logged.some(isConnectionLoss)).toBe(true);
      expect(runs).toBeGreaterThan(before + 1);
    } finally {
      await scheduler.stop();
    }
    expect(fatal).toEqual([]);
  });
});

/**
 * A TCP proxy in front of PostgreSQL that, when told, lets the next COMMIT reach the server and
 * then cuts the connection before the answer comes back: the transaction committed, the client
 * cannot know. It can then refuse new connections for a while (the database "stays away").
 */
class CommitLosingProxy {
  commitAnswersLost = 0;
  private armed: { thenRefuseForMs: number } | null = null;
  private refuseUntil = 0;
  private sockets = new Set<net.Socket>();
  private constructor(private server: net.Server, readonly port: number) {}

  static async start(target: URL): Promise<CommitLosingProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new CommitLosingProxy(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client) => proxy.relay(client, target));
    return proxy;
  }

  loseNextCommitAnswer(opts: { thenRefuseForMs?: number } = {}) {
    this.armed = { thenRefuseForMs: opts.thenRefuseForMs ?? 0 };
  }

  private relay(client: net.Socket, target: URL) {
    if (Date.now() < this.refuseUntil) { client.destroy(); return; }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    this.sockets.add(client).add(upstream);
    let answersMuted = false;
    let pending = Buffer.alloc(0);
    let startup = true;
    const cut = () => { client.destroy(); upstream.destroy(); };
    client.on('data', (chunk) => {
      upstream.write(chunk);
      // Read the client's messages: the startup packet has no type byte, the rest are type + length.
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const head = startup ? 0 : 1;
        if (pending.length < head + 4) break;
        const len = pending.readInt32BE(head);
        if (pending.length < head + len) break;
        const type = startup ? '' : String.fromCharCode(pending[0]);
        const body = pending.subarray(head + 4, head + len);
        pending = pending.subarray(head + len);
        startup = false;
        if (type === 'Q' && this.armed && body.toString('utf8').replace(/\0$/, '').trim().toLowerCase() === 'commit') {
          const { thenRefuseForMs } = this.armed;
          this.armed = null;
          answersMuted = true;
          this.commitAnswersLost++;
          this.refuseUntil = Date.now() + thenRefuseForMs;
          // Give the server time to commit, then cut both sides: the answer never arrives.
          setTimeout(cut, 200);
        }
      }
    });
    upstream.on('data', (chunk) => { if (!answersMuted) client.write(chunk); });
    for (const s of [client, upstream]) {
      s.on('error', cut);
      s.on('close', () => { cut(); this.sockets.delete(s); });
    }
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
